#include "EventHub.h"

#include "DataVersion.h"
#include "HttpStream.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace spaces {

EventHub::EventHub(QObject *parent)
    : QObject(parent)
{
    m_keepAlive.setInterval(KeepAliveMilliseconds);
    connect(&m_keepAlive, &QTimer::timeout, this, &EventHub::sendKeepAlive);
    m_keepAlive.start();
}

void EventHub::subscribe(const User &user, HttpResponder responder)
{
    HttpResponse head;
    head.contentType = "text/event-stream";
    head.headers = {{"Cache-Control", "no-cache"}, {"X-Accel-Buffering", "no"}};
    std::shared_ptr<HttpStream> stream = responder.openStream(std::move(head));
    if (!stream->write("event: connected\ndata: {}\n\n"))
        return;
    dropClosed();
    m_subscribers.push_back({user, std::move(stream)});
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
    // What is announced has changed: lists answered before it are stale.
    DataVersion::bump();
    dropClosed();
    const QJsonObject message{
        {QStringLiteral("type"), type},
        {QStringLiteral("payload"),
         QJsonObject{{QStringLiteral("id"), spaceId}, {QStringLiteral("user_id"), ownerId}}}};
    const QByteArray frame =
        "event: message\ndata: " + QJsonDocument(message).toJson(QJsonDocument::Compact) + "\n\n";
    for (const Subscriber &subscriber : m_subscribers) {
        // Users see events of their own spaces; managers see everyone's.
        if (subscriber.user.id == ownerId || subscriber.user.canManageSpaces)
            subscriber.stream->write(frame);
    }
    Q_EMIT published(type, spaceId, ownerId);
}

void EventHub::sendKeepAlive()
{
    dropClosed();
    for (const Subscriber &subscriber : m_subscribers)
        subscriber.stream->write(": keep-alive\n\n");
}

void EventHub::dropClosed()
{
    std::erase_if(m_subscribers,
                  [](const Subscriber &subscriber) { return !subscriber.stream->isOpen(); });
}

} // namespace spaces
