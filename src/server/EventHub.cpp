#include "EventHub.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>

namespace spaces {

EventHub::EventHub(QObject *parent)
    : QObject(parent)
{
    m_keepAlive.setInterval(KeepAliveMilliseconds);
    connect(&m_keepAlive, &QTimer::timeout, this, &EventHub::sendKeepAlive);
    m_keepAlive.start();
}

void EventHub::subscribe(const User &user, QHttpServerResponder &&responder)
{
    auto subscriber = std::make_unique<Subscriber>();
    subscriber->user = user;
    subscriber->responder = std::make_unique<QHttpServerResponder>(std::move(responder));
    QHttpServerResponder &out = *subscriber->responder;
    out.writeStatusLine(QHttpServerResponder::StatusCode::Ok);
    out.writeHeader("Content-Type", "text/event-stream");
    out.writeHeader("Cache-Control", "no-cache");
    out.writeHeader("Connection", "keep-alive");
    out.writeHeader("X-Accel-Buffering", "no");
    // The first writeBody() ends the headers with the blank line itself.
    out.writeBody("event: connected\ndata: {}\n\n");
    subscriber->socket = out.socket();
    if (subscriber->socket) {
        subscriber->disconnectConnection =
            connect(subscriber->socket, &QTcpSocket::disconnected, this, &EventHub::dropClosed,
                    Qt::QueuedConnection);
    }
    m_subscribers.push_back(std::move(subscriber));
}

void EventHub::publishChanged(const QString &spaceId, const QString &ownerId)
{
    publish(QStringLiteral("space:changed"), spaceId, ownerId);
}

void EventHub::publishDeleted(const QString &spaceId, const QString &ownerId)
{
    publish(QStringLiteral("space:deleted"), spaceId, ownerId);
}

int EventHub::subscriberCount() const
{
    return static_cast<int>(m_subscribers.size());
}

void EventHub::publish(const QString &type, const QString &spaceId, const QString &ownerId)
{
    dropClosed();
    const QJsonObject message{
        {QStringLiteral("type"), type},
        {QStringLiteral("payload"),
         QJsonObject{{QStringLiteral("id"), spaceId}, {QStringLiteral("user_id"), ownerId}}}};
    const QByteArray frame =
        "event: message\ndata: " + QJsonDocument(message).toJson(QJsonDocument::Compact) + "\n\n";
    for (const auto &subscriber : m_subscribers) {
        // Users see events of their own spaces; managers see everyone's.
        if (subscriber->user.id == ownerId || subscriber->user.canManageSpaces)
            subscriber->responder->writeBody(frame);
    }
}

void EventHub::sendKeepAlive()
{
    dropClosed();
    for (const auto &subscriber : m_subscribers)
        subscriber->responder->writeBody(": keep-alive\n\n");
}

void EventHub::dropClosed()
{
    std::erase_if(m_subscribers, [this](const std::unique_ptr<Subscriber> &subscriber) {
        const QTcpSocket *socket = subscriber->socket;
        const bool closed = !socket || socket->state() != QAbstractSocket::ConnectedState;
        if (closed)
            disconnect(subscriber->disconnectConnection);
        return closed;
    });
}

} // namespace spaces
