#include "PortForward.h"

#include "JsonFields.h"

#include <utility>

namespace spaces {

namespace {

// A number outside int's range is no port: 0 rather than a silently wrapped value
// (4294975376 would otherwise become 8080).
int port(const QJsonObject &object, QLatin1StringView key)
{
    const qint64 value = json::integer(object, key);
    return std::in_range<int>(value) ? static_cast<int>(value) : 0;
}

} // namespace

PortForward PortForward::fromJson(const QJsonObject &object)
{
    PortForward forward;
    forward.localPort = port(object, QLatin1StringView("local_port"));
    forward.space = json::string(object, QLatin1StringView("space"));
    forward.remotePort = port(object, QLatin1StringView("remote_port"));
    forward.persistent = json::boolean(object, QLatin1StringView("persistent"));
    forward.mode = json::string(object, QLatin1StringView("mode"), QStringLiteral("direct"));
    return forward;
}

QJsonObject PortForward::toJson() const
{
    return {
        {QStringLiteral("local_port"), localPort},
        {QStringLiteral("space"), space},
        {QStringLiteral("remote_port"), remotePort},
        {QStringLiteral("persistent"), persistent},
        {QStringLiteral("mode"), mode},
    };
}

} // namespace spaces
