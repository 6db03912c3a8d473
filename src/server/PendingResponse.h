#pragma once

#include "ApiError.h"
#include "HttpResponder.h"

#include <QJsonObject>
#include <memory>

namespace spaces {

// A response that will be written later, from the Qt thread, when slow work is done. Shared
// by the callbacks that may answer it; writes nothing if the client has gone.
class PendingResponse final
{
public:
    static std::shared_ptr<PendingResponse> hold(HttpResponder responder);

    void send(int status, const QJsonObject &body);
    void sendError(const ApiError &error);
    void sendOkOrError(const ApiError &error); // {"status":true} when error is empty
    bool answered() const { return m_responder.answered(); }

private:
    explicit PendingResponse(HttpResponder responder);

    HttpResponder m_responder;
};

} // namespace spaces
