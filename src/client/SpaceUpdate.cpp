#include "SpaceUpdate.h"

namespace spaces {

QJsonObject SpaceUpdate::requestBody(const QJsonObject &definition, const SpaceChange &change)
{
    QJsonObject body = definition;
    // SpaceDefinition names the node "node_id", SpaceRequest "selected_node_id"; without it
    // Knot treats the update as a move, which a started Docker/Podman space refuses (423).
    const QLatin1StringView selectedNode("selected_node_id");
    if (!body.contains(selectedNode) && body.contains(QLatin1StringView("node_id")))
        body.insert(selectedNode, body.value(QLatin1StringView("node_id")));
    if (change.name)
        body.insert(QStringLiteral("name"), *change.name);
    if (change.description)
        body.insert(QStringLiteral("description"), *change.description);
    if (change.shell)
        body.insert(QStringLiteral("shell"), *change.shell);
    return body;
}

} // namespace spaces
