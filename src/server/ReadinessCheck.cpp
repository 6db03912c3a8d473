#include "ReadinessCheck.h"

#include <QHostAddress>
#include <QTcpSocket>

namespace spaces {

ReadinessCheck::ReadinessCheck(Attempt attempt, QString what, std::chrono::seconds timeout,
                               QObject *parent)
    : QObject(parent)
    , m_attempt(std::move(attempt))
    , m_what(std::move(what))
    , m_timeout(timeout)
{
    m_deadline.setSingleShot(true);
    m_pause.setSingleShot(true);
    m_pause.setInterval(Pause);
    connect(&m_pause, &QTimer::timeout, this, &ReadinessCheck::tryOnce);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        if (m_finished)
            return;
        m_finished = true;
        Q_EMIT failed(
            QStringLiteral("not ready after %1 s: %2").arg(m_timeout.count()).arg(m_what));
    });
}

void ReadinessCheck::start()
{
    m_deadline.start(m_timeout);
    tryOnce();
}

void ReadinessCheck::tryOnce()
{
    // An attempt reports only while its context, this check, is alive (the socket is its
    // child; a worker's result is dropped once its context is gone).
    m_attempt(this, [this](bool passedNow) {
        if (m_finished)
            return;
        if (!passedNow) {
            m_pause.start();
            return;
        }
        m_finished = true;
        m_deadline.stop();
        Q_EMIT passed();
    });
}

ReadinessCheck::Attempt ReadinessCheck::portAttempt(quint16 port)
{
    return [port](QObject *context, std::function<void(bool)> done) {
        auto *socket = new QTcpSocket(context);
        auto finish = std::make_shared<std::function<void(bool)>>(std::move(done));
        QObject::connect(socket, &QTcpSocket::connected, socket, [socket, finish] {
            socket->abort();
            socket->deleteLater();
            (*finish)(true);
        });
        QObject::connect(socket, &QTcpSocket::errorOccurred, socket, [socket, finish] {
            socket->deleteLater();
            (*finish)(false);
        });
        socket->connectToHost(QHostAddress::LocalHost, port);
    };
}

} // namespace spaces
