#include "LogRoutes.h"

#include "HttpJson.h"
#include "LocalRuntime.h"
#include "LogStreamHandler.h"
#include "LogTail.h"

#include <QtConcurrent/QtConcurrentRun>

namespace spaces {

void LogRoutes::install(Router &router)
{
    router.add("GET", u"/api/spaces/<arg>/logs",
               [this](const HttpRequest &r, const QStringList &a, HttpResponder out) {
                   tail(a[0], r, std::move(out));
               });
    router.add("GET", u"/logs/<arg>/stream",
               [this](const HttpRequest &r, const QStringList &a, HttpResponder out) {
                   stream(a[0], r, std::move(out));
               });
}

void LogRoutes::tail(const QString &key, const HttpRequest &request, HttpResponder responder)
{
    const Expected<ApiContext::SpaceAccess> access = m_context.spaceFor(request, key);
    if (!access)
        return responder.send(HttpJson::error(access.error()));
    int lines = DefaultLines;
    if (request.query.hasQueryItem(QStringLiteral("lines"))) {
        bool ok = false;
        lines = request.query.queryItemValue(QStringLiteral("lines")).toInt(&ok);
        if (!ok || lines < 1 || lines > LogTail::MaximumLines)
            return responder.send(HttpJson::error(
                ApiError::badRequest(QStringLiteral("lines must be a whole number from 1 to %1")
                                         .arg(LogTail::MaximumLines))));
    }
    // Plain text, the services' own bytes without the stream's time prefixes: scripts grep
    // and diff it, and the log file keeps no times to give (see LogStreamHandler).
    // A read of the disk: off the server thread.
    (void)QtConcurrent::run([path = m_context.runtime.logFile(access->space.id), lines,
                             responder = std::move(responder)]() mutable {
        const Expected<LogTail::Tail> tail = LogTail::read(path, lines);
        if (!tail)
            return responder.send(HttpJson::error(tail.error()));
        HttpResponse response;
        response.contentType = "text/plain; charset=utf-8";
        response.body = tail->text;
        responder.send(std::move(response));
    });
}

void LogRoutes::stream(const QString &key, const HttpRequest &request, HttpResponder responder)
{
    // Every check before the upgrade: a refusal is a plain HTTP answer.
    const Expected<ApiContext::SpaceAccess> access = m_context.spaceFor(request, key);
    if (!access)
        return responder.send(HttpJson::error(access.error()));
    responder.acceptWebSocket(
        std::make_shared<LogStreamHandler>(m_context.runtime.logFile(access->space.id)));
}

} // namespace spaces
