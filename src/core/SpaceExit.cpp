#include "SpaceExit.h"

#include "JsonFields.h"

#include <QJsonArray>
#include <csignal>

namespace spaces {

QString SpaceExit::signalName(int number)
{
    // sigabbrev_np() is glibc 2.32+ only; these are the signals that end services.
    switch (number) {
    case SIGHUP:
        return QStringLiteral("SIGHUP");
    case SIGINT:
        return QStringLiteral("SIGINT");
    case SIGQUIT:
        return QStringLiteral("SIGQUIT");
    case SIGILL:
        return QStringLiteral("SIGILL");
    case SIGTRAP:
        return QStringLiteral("SIGTRAP");
    case SIGABRT:
        return QStringLiteral("SIGABRT");
    case SIGBUS:
        return QStringLiteral("SIGBUS");
    case SIGFPE:
        return QStringLiteral("SIGFPE");
    case SIGKILL:
        return QStringLiteral("SIGKILL");
    case SIGUSR1:
        return QStringLiteral("SIGUSR1");
    case SIGSEGV:
        return QStringLiteral("SIGSEGV");
    case SIGUSR2:
        return QStringLiteral("SIGUSR2");
    case SIGPIPE:
        return QStringLiteral("SIGPIPE");
    case SIGALRM:
        return QStringLiteral("SIGALRM");
    case SIGTERM:
        return QStringLiteral("SIGTERM");
    case SIGXCPU:
        return QStringLiteral("SIGXCPU");
    case SIGXFSZ:
        return QStringLiteral("SIGXFSZ");
    case SIGSYS:
        return QStringLiteral("SIGSYS");
    default:
        return QStringLiteral("signal %1").arg(number);
    }
}

QString SpaceExit::describe(std::optional<int> code, const QString &signal)
{
    if (!signal.isEmpty())
        return QStringLiteral("killed by %1").arg(signal);
    if (code)
        return QStringLiteral("exited with status %1").arg(*code);
    return QStringLiteral("ended");
}

std::optional<SpaceExit> SpaceExit::fromJson(const QJsonObject &object)
{
    SpaceExit exit;
    exit.reason = json::string(object, QLatin1StringView("reason"));
    if (exit.reason.isEmpty())
        return std::nullopt;
    if (const QJsonValue code = object.value(QLatin1StringView("code")); code.isDouble())
        exit.code = code.toInt();
    exit.signal = json::string(object, QLatin1StringView("signal"));
    exit.failedToStart = json::boolean(object, QLatin1StringView("failed_to_start"));
    exit.at = QDateTime::fromString(json::string(object, QLatin1StringView("at")), Qt::ISODate);
    exit.log = json::stringList(object, QLatin1StringView("log"));
    return exit;
}

QJsonObject SpaceExit::toJson() const
{
    QJsonObject object{
        {QStringLiteral("reason"), reason},
        {QStringLiteral("failed_to_start"), failedToStart},
        {QStringLiteral("at"), at.toUTC().toString(Qt::ISODate)},
        {QStringLiteral("log"), QJsonArray::fromStringList(log)},
    };
    if (code)
        object.insert(QStringLiteral("code"), *code);
    if (!signal.isEmpty())
        object.insert(QStringLiteral("signal"), signal);
    return object;
}

} // namespace spaces
