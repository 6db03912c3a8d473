#include "PendingResponse.h"

#include "HttpJson.h"

namespace spaces {

std::shared_ptr<PendingResponse> PendingResponse::hold(HttpResponder responder)
{
    return std::shared_ptr<PendingResponse>(new PendingResponse(std::move(responder)));
}

PendingResponse::PendingResponse(HttpResponder responder)
    : m_responder(std::move(responder))
{}

void PendingResponse::send(int status, const QJsonObject &body)
{
    m_responder.send(HttpJson::respond(status, body));
}

void PendingResponse::sendError(const ApiError &error)
{
    m_responder.send(HttpJson::error(error));
}

void PendingResponse::sendOkOrError(const ApiError &error)
{
    if (error.isError())
        sendError(error);
    else
        send(200, {{QStringLiteral("status"), true}});
}

} // namespace spaces
