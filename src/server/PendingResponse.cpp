#include "PendingResponse.h"

#include <QJsonDocument>

namespace spaces {

std::shared_ptr<PendingResponse> PendingResponse::hold(QHttpServerResponder &&responder)
{
    return std::shared_ptr<PendingResponse>(new PendingResponse(std::move(responder)));
}

PendingResponse::PendingResponse(QHttpServerResponder &&responder)
    : m_responder(std::move(responder))
    , m_socket(m_responder.socket())
{}

void PendingResponse::send(int status, const QJsonObject &body)
{
    write(status, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

void PendingResponse::sendError(const ApiError &error)
{
    write(error.status, error.toJson());
}

void PendingResponse::sendOkOrError(const ApiError &error)
{
    if (error.isError())
        sendError(error);
    else
        send(200, {{QStringLiteral("status"), true}});
}

void PendingResponse::write(int status, const QByteArray &body)
{
    if (m_answered)
        return;
    m_answered = true;
    if (!m_socket || m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    m_responder.write(body, QByteArrayLiteral("application/json"),
                      static_cast<QHttpServerResponder::StatusCode>(status));
}

} // namespace spaces
