#include "Validation.h"

#include <QRegularExpression>
#include <algorithm>

namespace spaces {

namespace {

// Anchored with \A...\z, not ^...$: PCRE's $ also matches before a final newline, which would
// let "name\n" through (Knot's Go regexps reject it).
QRegularExpression wholeMatch(const char *pattern)
{
    const QString expression = QString(QLatin1StringView(pattern));
    return QRegularExpression(QRegularExpression::anchoredPattern(expression));
}

} // namespace

QString Validation::checkSpaceName(const QString &name)
{
    static const QRegularExpression pattern = wholeMatch("[a-zA-Z][a-zA-Z0-9-]{1,63}");
    if (!pattern.match(name).hasMatch() || name.contains(QLatin1StringView("--")))
        return QStringLiteral("invalid name given for space");
    return {};
}

QString Validation::checkDescription(const QString &description)
{
    // The limit is in bytes on the wire, not in characters.
    if (description.toUtf8().size() > MaxDescriptionBytes)
        return QStringLiteral("description too long");
    return {};
}

QString Validation::checkShell(const QString &shell, bool allowEmpty)
{
    if (shell.isEmpty() && allowEmpty)
        return {};
    if (!shells().contains(shell))
        return QStringLiteral("invalid shell given for space");
    return {};
}

QString Validation::checkCustomFieldName(const QString &name)
{
    static const QRegularExpression pattern = wholeMatch("[a-zA-Z][a-zA-Z0-9_]{1,63}");
    if (!pattern.match(name).hasMatch())
        return QStringLiteral("invalid custom field name");
    return {};
}

QString Validation::checkLocalPort(qint64 port)
{
    return isPort(port) ? QString() : QStringLiteral("Invalid local port");
}

QString Validation::checkRemotePort(qint64 port)
{
    return isPort(port) ? QString() : QStringLiteral("Invalid remote port");
}

QString Validation::checkTemplateName(const QString &name)
{
    static const QRegularExpression pattern = wholeMatch("[a-zA-Z][a-zA-Z0-9_-]{0,63}");
    if (!pattern.match(name).hasMatch())
        return QStringLiteral("invalid template name");
    return {};
}

QString Validation::checkScriptName(const QString &name)
{
    static const QRegularExpression pattern = wholeMatch("[a-zA-Z][a-zA-Z0-9_.-]{0,63}");
    if (!pattern.match(name).hasMatch())
        return QStringLiteral("invalid script name");
    return {};
}

const QStringList &Validation::platforms()
{
    static const QStringList names{QStringLiteral("manual"), QStringLiteral("docker"),
                                   QStringLiteral("podman"), QStringLiteral("nomad"),
                                   QStringLiteral("apple"),  QStringLiteral("container")};
    return names;
}

QString Validation::knownPlatform(const QString &platform)
{
    return platforms().contains(platform) ? platform : QStringLiteral("manual");
}

const QStringList &Validation::shells()
{
    static const QStringList names{QStringLiteral("bash"), QStringLiteral("zsh"),
                                   QStringLiteral("fish"), QStringLiteral("sh")};
    return names;
}

std::chrono::seconds Validation::normalizeRunTimeout(qint64 seconds)
{
    if (seconds <= 0)
        return DefaultRunTimeout;
    return std::min(std::chrono::seconds(seconds), MaxRunTimeout);
}

bool Validation::isPort(qint64 port)
{
    return port >= 1 && port <= 65535;
}

} // namespace spaces
