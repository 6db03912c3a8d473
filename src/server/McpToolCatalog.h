#pragma once

#include <QJsonArray>
#include <QString>

namespace spaces {

// The tools spacesd offers over MCP, as tools/list describes them: Knot's names and
// parameters plus the seed's field and port functions, each with a JSON Schema for its input
// and a description written for a model deciding what to call.
class McpToolCatalog final
{
public:
    static const QJsonArray &tools();
    static bool has(const QString &name);
};

} // namespace spaces
