#include "CliAdvice.h"

#include <QRegularExpression>

namespace spaces {

namespace {

bool is(const CliInvocation &invocation, const char *name)
{
    return invocation.command == QLatin1StringView(name);
}

bool says(const ApiError &error, const char *words)
{
    return error.message.contains(QLatin1StringView(words), Qt::CaseInsensitive);
}

} // namespace

QString CliAdvice::sentence(const CliInvocation &invocation, const ApiError &error)
{
    const QString advice = hint(invocation, error);
    // A sentence that names a spacectl command says what to do already.
    if (advice.isEmpty() || error.message.contains(QLatin1StringView("spacectl ")))
        return error.message;
    return error.message + QStringLiteral(": ") + advice;
}

QString CliAdvice::hint(const CliInvocation &invocation, const ApiError &error)
{
    if (error.kind() == ApiError::Kind::Unauthorized)
        return tr("check the token (--token or SPACES_TOKEN)");
    if (is(invocation, "create")) {
        if (says(error, "already used"))
            return tr("choose another name ('spacectl list' shows the names taken)");
        if (says(error, "not defined in template"))
            return tr("'spacectl templates' lists the fields of each template");
        return {};
    }
    const QString space = invocation.arguments.value(0);
    if (space.isEmpty() || is(invocation, "script"))
        return {};
    if (error.kind() == ApiError::Kind::NotRunning) {
        // port-forward names two spaces; the server says which one is stopped.
        const QString stopped = is(invocation, "port-forward") && says(error, "target space")
                                    ? invocation.arguments.value(2)
                                    : space;
        return tr("start it first: spacectl start %1").arg(stopped);
    }
    if (error.status == 423) {
        if (is(invocation, "delete"))
            return tr("stop it first: spacectl stop %1").arg(space);
        if (is(invocation, "start"))
            return tr("it is running or starting already ('spacectl restart %1' starts it afresh)")
                .arg(space);
        if (is(invocation, "restart"))
            return tr("it is not running: start it with 'spacectl start %1'").arg(space);
        if (is(invocation, "stop"))
            return tr("it is not running");
    }
    if (says(error, "not defined in template"))
        return tr("'spacectl templates' lists the fields of each template");
    if (says(error, "script not found"))
        return tr("'spacectl scripts' lists the scripts you can run");
    if (says(error, "port forward not found"))
        return tr("'spacectl port-list %1' lists its forwards").arg(space);
    if (error.kind() == ApiError::Kind::NotFound && says(error, "space"))
        return tr("'spacectl list' lists your spaces");
    if (is(invocation, "port-forward") && says(error, "already in use by a forward of space")) {
        static const QRegularExpression owner(QStringLiteral("space '([^']+)'"));
        const QString holder = owner.match(error.message).captured(1);
        return tr("choose another port, or stop that forward: spacectl port-stop %1 %2")
            .arg(holder, invocation.arguments.value(1));
    }
    return {};
}

} // namespace spaces
