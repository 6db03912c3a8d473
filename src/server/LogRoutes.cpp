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
    bool timestamps = false;
    if (request.query.hasQueryItem(QStringLiteral("timestamps"))) {
        const QString value = request.query.queryItemValue(QStringLiteral("timestamps"));
        if (value != u"true" && value != u"false" && value != u"1" && value != u"0")
            return responder.send(HttpJson::error(
                ApiError::badRequest(QStringLiteral("timestamps must be true or false"))));
        timestamps = value == u"true" || value == u"1";
    }
    // Plain text, the services' own bytes: scripts grep and diff it. With timestamps=true
    // each line keeps the time in front of it, "2026-12-02T14:30:00.123Z line" (as
    // `docker logs -t`); lines written before logs had times have none.
    // A read of the disk: off the server thread.
    (void)QtConcurrent::run([path = m_context.runtime.logFile(access->space.id), lines, timestamps,
                             responder = std::move(responder)]() mutable {
        const Expected<LogTail::Tail> tail = LogTail::read(path, lines);
        if (!tail)
            return responder.send(HttpJson::error(tail.error()));
        HttpResponse response;
        response.contentType = "text/plain; charset=utf-8";
        response.body = timestamps ? tail->text : LogTail::withoutStamps(tail->text);
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
