#include "Validation.h"

#include <QCoreApplication>
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

Expected<QString> Validation::spaceName(const QString &name)
{
    const auto broken = [](const QString &sentence) {
        return ApiError::badRequest(sentence);
    };
    if (name.isEmpty())
        return broken(QCoreApplication::translate("Validation", "Give the space a name."));
    const auto isAsciiLetter = [](QChar c) {
        return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z');
    };
    if (!isAsciiLetter(name.front()))
        return broken(QCoreApplication::translate("Validation", "A name starts with a letter."));
    for (const QChar c : name) {
        if (!isAsciiLetter(c) && !(c >= u'0' && c <= u'9') && c != u'-') {
            const QString shown =
                c.isPrint() && !c.isSpace()
                    ? QString(c)
                    : QStringLiteral("U+%1").arg(c.unicode(), 4, 16, QLatin1Char('0')).toUpper();
            //: %1: the character not allowed, or its code (U+0020) when it cannot be seen
            return broken(QCoreApplication::translate("Validation",
                                                      "A name has only ASCII letters, digits and "
                                                      "“-”; “%1” is not allowed.")
                              .arg(shown));
        }
    }
    if (name.contains(QLatin1StringView("--")))
        return broken(
            QCoreApplication::translate("Validation", "A name has no “--” (two dashes in a row)."));
    if (name.size() < 2)
        return broken(
            QCoreApplication::translate("Validation", "A name has at least 2 characters."));
    if (name.size() > MaxNameLength)
        return broken(QCoreApplication::translate("Validation",
                                                  "A name has at most %1 characters; this one "
                                                  "has %2.")
                          .arg(MaxNameLength)
                          .arg(name.size()));
    // The rules above are the pattern of checkSpaceName, said one by one.
    Q_ASSERT(checkSpaceName(name).isEmpty());
    return name;
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
