#include "LiveUpdates.h"

#include "PortForwardModel.h"
#include "SpaceListModel.h"
#include "TemplateModel.h"

namespace spaces {

LiveUpdates::LiveUpdates(SpaceListModel &model, EventStream &stream, QObject *parent)
    : QObject(parent)
    , m_model(model)
    , m_stream(stream)
{
    m_pollTimer.setInterval(PollInterval);
    connect(&m_pollTimer, &QTimer::timeout, this, &LiveUpdates::poll);
    m_graceTimer.setSingleShot(true);
    m_graceTimer.setInterval(ReconnectGrace);
    connect(&m_graceTimer, &QTimer::timeout, this, &LiveUpdates::onStreamLost);
    connect(&m_stream, &EventStream::stateChanged, this, &LiveUpdates::onStreamState);
    connect(&m_stream, &EventStream::spaceChanged, this,
            [this](const QString &spaceId, const QString &ownerId) {
                if (m_running && concernsCaller(ownerId))
                    m_model.refreshSpace(spaceId);
            });
    connect(&m_stream, &EventStream::spaceDeleted, this,
            [this](const QString &spaceId, const QString &ownerId) {
                if (m_running && concernsCaller(ownerId))
                    m_model.removeSpace(spaceId);
            });
    connect(&m_stream, &EventStream::templatesChanged, this, [this] {
        if (m_running && m_templates)
            m_templates->refresh();
    });
    connect(&m_stream, &EventStream::portForwardsChanged, this,
            [this](const QString &spaceId, const QString &ownerId) {
                if (!m_running || !m_forwards || m_forwards->spaceId().isEmpty() ||
                    !concernsCaller(ownerId))
                    return;
                if (spaceId.isEmpty() || spaceId == m_forwards->spaceId())
                    m_forwards->refresh();
            });
    connect(&m_stream, &EventStream::reloadNeeded, this, [this] {
        if (m_running)
            m_model.refresh();
    });
    // Any answer to a list tells whether the server can be reached while the stream is down.
    connect(&m_model, &SpaceListModel::refreshed, this, [this] { onPollAnswered(true); });
    connect(&m_model, &SpaceListModel::refreshFailed, this, [this] { onPollAnswered(false); });
}

void LiveUpdates::followTemplates(TemplateModel *templates)
{
    m_templates = templates;
}

void LiveUpdates::followPortForwards(PortForwardModel *forwards)
{
    m_forwards = forwards;
}

bool LiveUpdates::concernsCaller(const QString &ownerId) const
{
    // Until the caller is known (or when an event does not say), the model decides on what
    // the refetch brings.
    return ownerId.isEmpty() || m_model.concernsCaller(ownerId);
}

void LiveUpdates::start()
{
    if (m_running)
        return;
    m_running = true;
    m_downSince = {};
    setConnection(Connection::Connecting);
    m_stream.start();
    m_model.refresh();
}

void LiveUpdates::stop()
{
    if (!m_running)
        return;
    m_running = false;
    m_pollTimer.stop();
    m_graceTimer.stop();
    m_stream.stop();
    m_downSince = {};
    setConnection(Connection::Connecting);
}

LiveUpdates::Connection LiveUpdates::connection() const
{
    return m_connection;
}

QDateTime LiveUpdates::downSince() const
{
    return m_connection == Connection::Live ? QDateTime() : m_downSince;
}

void LiveUpdates::setPollInterval(std::chrono::milliseconds interval)
{
    m_pollTimer.setInterval(interval);
}

void LiveUpdates::setReconnectGrace(std::chrono::milliseconds grace)
{
    m_graceTimer.setInterval(grace);
}

void LiveUpdates::onStreamState(EventStream::State state)
{
    if (!m_running)
        return;
    switch (state) {
    case EventStream::State::Live:
        m_graceTimer.stop();
        m_pollTimer.stop();
        m_downSince = {};
        setConnection(Connection::Live);
        return;
    case EventStream::State::Waiting:
        // A live stream that drops is given a moment to come back before anyone is told.
        if (m_connection == Connection::Live) {
            if (!m_graceTimer.isActive())
                m_graceTimer.start();
            return;
        }
        if (!m_graceTimer.isActive())
            onStreamLost();
        return;
    case EventStream::State::Connecting:
    case EventStream::State::Stopped:
        return;
    }
}

void LiveUpdates::onStreamLost()
{
    if (!m_running || m_stream.state() == EventStream::State::Live)
        return;
    // Lost, or never reached: poll until the stream is back.
    if (!m_downSince.isValid()) {
        const QDateTime since = m_stream.disconnectedSince();
        m_downSince = since.isValid() ? since : QDateTime::currentDateTimeUtc();
    }
    if (!m_pollTimer.isActive()) {
        // Nothing known about the server until the first poll answers.
        setConnection(Connection::Connecting);
        m_pollTimer.start();
        poll();
    }
}

void LiveUpdates::onPollAnswered(bool succeeded)
{
    // Only while polling: the first list after start() says nothing about the stream.
    if (!m_running || !m_pollTimer.isActive())
        return;
    setConnection(succeeded ? Connection::Polling : Connection::Disconnected);
}

void LiveUpdates::poll()
{
    m_model.refresh();
}

void LiveUpdates::setConnection(Connection connection)
{
    if (m_connection == connection)
        return;
    m_connection = connection;
    Q_EMIT connectionChanged(connection);
}

} // namespace spaces
