#pragma once

#include "ApiError.h"

#include <QHttpServerResponder>
#include <QJsonObject>
#include <QPointer>
#include <QTcpSocket>
#include <memory>

namespace spaces {

// A response that will be written later, from the server thread, when slow work is done.
// Shared by the callbacks that may answer it; writes nothing if the client has gone.
class PendingResponse final
{
public:
    static std::shared_ptr<PendingResponse> hold(QHttpServerResponder &&responder);

    void send(int status, const QJsonObject &body);
    void sendError(const ApiError &error);
    void sendOkOrError(const ApiError &error); // {"status":true} when error is empty
    bool answered() const { return m_answered; }

private:
    explicit PendingResponse(QHttpServerResponder &&responder);
    void write(int status, const QByteArray &body);

    QHttpServerResponder m_responder;
    QPointer<QTcpSocket> m_socket;
    bool m_answered = false;
};

} // namespace spaces
