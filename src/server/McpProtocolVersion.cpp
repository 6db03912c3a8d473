#include "McpProtocolVersion.h"

namespace spaces {

const QStringList &McpProtocolVersion::supported()
{
    static const QStringList versions{QStringLiteral("2024-11-05"), QStringLiteral("2025-03-26"),
                                      QStringLiteral("2025-06-18")};
    return versions;
}

QString McpProtocolVersion::latest()
{
    return supported().constLast();
}

bool McpProtocolVersion::isSupported(const QString &version)
{
    return supported().contains(version);
}

QString McpProtocolVersion::negotiate(const QString &requested)
{
    return isSupported(requested) ? requested : latest();
}

bool McpProtocolVersion::allowsBatches(const QString &version)
{
    // The dates compare as strings.
    return version <= QLatin1StringView("2025-03-26");
}

} // namespace spaces
