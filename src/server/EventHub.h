#pragma once

#include "User.h"

#include <QHttpServerResponder>
#include <QObject>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>
#include <memory>
#include <vector>

namespace spaces {

// Server-Sent Events for GET /api/events: each subscriber keeps its responder alive and gets
// space:changed / space:deleted for the spaces it may see, plus a keep-alive comment every
// few seconds so proxies and clients notice a dead connection.
class EventHub final : public QObject
{
    Q_OBJECT

public:
    explicit EventHub(QObject *parent = nullptr);

    void subscribe(const User &user, QHttpServerResponder &&responder);
    void publishChanged(const QString &spaceId, const QString &ownerId);
    void publishDeleted(const QString &spaceId, const QString &ownerId);
    int subscriberCount() const;

    static constexpr int KeepAliveMilliseconds = 5000;

private:
    struct Subscriber
    {
        User user;
        std::unique_ptr<QHttpServerResponder> responder;
        // The server deletes the socket when the peer goes; the guard tells us.
        QPointer<QTcpSocket> socket;
        QMetaObject::Connection disconnectConnection;
    };

    void publish(const QString &type, const QString &spaceId, const QString &ownerId);
    void sendKeepAlive();
    void dropClosed();

    std::vector<std::unique_ptr<Subscriber>> m_subscribers;
    QTimer m_keepAlive;
};

} // namespace spaces
