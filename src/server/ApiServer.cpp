#include "ApiServer.h"

#include "HttpJson.h"

#include <QTcpServer>

namespace spaces {

namespace {

QLatin1StringView methodName(QHttpServerRequest::Method method)
{
    using Method = QHttpServerRequest::Method;
    switch (method) {
    case Method::Get:
        return QLatin1StringView("GET");
    case Method::Put:
        return QLatin1StringView("PUT");
    case Method::Delete:
        return QLatin1StringView("DELETE");
    case Method::Post:
        return QLatin1StringView("POST");
    case Method::Head:
        return QLatin1StringView("HEAD");
    case Method::Options:
        return QLatin1StringView("OPTIONS");
    case Method::Patch:
        return QLatin1StringView("PATCH");
    default:
        return QLatin1StringView("?");
    }
}

} // namespace

ApiServer::ApiServer(Store &store, const SpacePaths &paths, std::chrono::milliseconds stopGrace,
                     QObject *parent)
    : QObject(parent)
    , m_forwards(store)
    , m_runtime(store, m_events, m_forwards, paths, stopGrace)
    , m_context(store, m_events, m_runtime, m_forwards)
    , m_spaceRoutes(m_context)
    , m_executionRoutes(m_context)
    , m_forwardRoutes(m_context)
    , m_catalogRoutes(m_context)
{
    m_spaceRoutes.install(m_http);
    m_executionRoutes.install(m_http);
    m_forwardRoutes.install(m_http);
    m_catalogRoutes.install(m_http);
    m_http.setMissingHandler(
        [](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            const ApiError error =
                ApiError::notFound(QStringLiteral("no such route: %1 %2")
                                       .arg(methodName(request.method()), request.url().path()));
            responder.write(error.toJson(), QByteArrayLiteral("application/json"),
                            QHttpServerResponder::StatusCode::NotFound);
        });
}

ApiServer::~ApiServer() = default;

quint16 ApiServer::listen(const QHostAddress &address, quint16 port, QString *error)
{
    const quint16 bound = m_http.listen(address, port);
    if (bound == 0) {
        *error = QStringLiteral("cannot listen on %1:%2").arg(address.toString()).arg(port);
        if (port != 0)
            *error += QStringLiteral(": the port may be in use");
    }
    return bound;
}

} // namespace spaces
