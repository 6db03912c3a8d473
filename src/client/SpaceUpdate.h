#pragma once

#include "ClientRequests.h"

#include <QJsonObject>

namespace spaces {

// The body of PUT /api/spaces/{id} for one change. Knot replaces the whole definition with what
// the PUT carries, so the body is the definition the server just returned, every field kept
// (alt names, icon, startup script, dependencies, stack, custom fields, fields this client
// does not know), with only the change applied.
class SpaceUpdate final
{
public:
    static QJsonObject requestBody(const QJsonObject &definition, const SpaceChange &change);
};

} // namespace spaces
