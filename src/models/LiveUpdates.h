#pragma once

#include "EventStream.h"

#include <QDateTime>
#include <QObject>
#include <QTimer>

namespace spaces {

class PortForwardModel;
class SpaceListModel;
class TemplateModel;

// Keeps a SpaceListModel current: Server-Sent Events refetch just the changed space; while
// the stream is down, polling takes over; after a reconnect the whole list is reloaded.
// Events of other users' spaces are ignored (Knot sends everyone's). A stream that drops and
// comes back within a short grace (Knot closes every response after 5 minutes) goes unseen:
// the connection stays Live and the list is reloaded.
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
    // Longer than the stream's first retry (1 s) plus a connection.
    static constexpr std::chrono::milliseconds ReconnectGrace{5000};

    LiveUpdates(SpaceListModel &model, EventStream &stream, QObject *parent = nullptr);

    // Also kept current, when given: the template list on templates:changed, the forward table
    // on port-forward:changed of the space it shows. They must outlive this object.
    void followTemplates(TemplateModel *templates);
    void followPortForwards(PortForwardModel *forwards);

    void start();
    void stop();
    Connection connection() const;
    // When the connection was lost (invalid while live).
    QDateTime downSince() const;
    void setPollInterval(std::chrono::milliseconds interval); // tests
    void setReconnectGrace(std::chrono::milliseconds grace);  // tests

Q_SIGNALS:
    void connectionChanged(spaces::LiveUpdates::Connection connection);

private:
    void onStreamState(EventStream::State state);
    // The stream stayed down past the grace: say so, and poll until it is back.
    void onStreamLost();
    bool concernsCaller(const QString &ownerId) const;
    void onPollAnswered(bool succeeded);
    void poll();
    void setConnection(Connection connection);

    SpaceListModel &m_model;
    EventStream &m_stream;
    TemplateModel *m_templates = nullptr;
    PortForwardModel *m_forwards = nullptr;
    QTimer m_pollTimer;
    QTimer m_graceTimer;
    Connection m_connection = Connection::Connecting;
    QDateTime m_downSince;
    bool m_running = false;
};

} // namespace spaces
