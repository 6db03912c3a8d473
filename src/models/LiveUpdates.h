#pragma once

#include "EventStream.h"

#include <QDateTime>
#include <QObject>
#include <QTimer>

namespace spaces {

class SpaceListModel;

// Keeps a SpaceListModel current: Server-Sent Events refetch just the changed space; while
// the stream is down, polling takes over; after a reconnect the whole list is reloaded.
class LiveUpdates final : public QObject
{
    Q_OBJECT

public:
    enum class Connection
    {
        Connecting,
        Live,
        Polling,
        Disconnected
    };
    Q_ENUM(Connection)

    static constexpr std::chrono::milliseconds PollInterval{5000};

    LiveUpdates(SpaceListModel &model, EventStream &stream, QObject *parent = nullptr);

    void start();
    void stop();
    Connection connection() const;
    // When the connection was lost (invalid while live).
    QDateTime downSince() const;
    void setPollInterval(std::chrono::milliseconds interval); // tests

Q_SIGNALS:
    void connectionChanged(spaces::LiveUpdates::Connection connection);

private:
    void onStreamState(EventStream::State state);
    void onPollAnswered(bool succeeded);
    void poll();
    void setConnection(Connection connection);

    SpaceListModel &m_model;
    EventStream &m_stream;
    QTimer m_pollTimer;
    Connection m_connection = Connection::Connecting;
    QDateTime m_downSince;
    bool m_running = false;
};

} // namespace spaces
