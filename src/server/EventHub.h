#pragma once

#include "HttpResponder.h"
#include "User.h"

#include <QObject>
#include <QTimer>
#include <memory>
#include <vector>

namespace spaces {

class HttpStream;

// Server-Sent Events for GET /api/events: each subscriber holds an open stream and gets
// space:changed / space:deleted for the spaces it may see, plus a keep-alive comment every
// few seconds so proxies and clients notice a dead connection. A subscriber that stops
// reading is dropped by the transport once its buffer is full.
class EventHub final : public QObject
{
    Q_OBJECT

public:
    explicit EventHub(QObject *parent = nullptr);

    void subscribe(const User &user, HttpResponder responder);
    void publishChanged(const QString &spaceId, const QString &ownerId);
    void publishDeleted(const QString &spaceId, const QString &ownerId);
    int subscriberCount() const;

    static constexpr int KeepAliveMilliseconds = 5000;

Q_SIGNALS:
    // Every event as it goes out, for in-process observers (tests of the services).
    void published(const QString &type, const QString &spaceId, const QString &ownerId);

private:
    struct Subscriber
    {
        User user;
        std::shared_ptr<HttpStream> stream;
    };

    void publish(const QString &type, const QString &spaceId, const QString &ownerId);
    void sendKeepAlive();
    void dropClosed();

    std::vector<Subscriber> m_subscribers;
    QTimer m_keepAlive;
};

} // namespace spaces
