#pragma once

#include "SpacesClient.h"
#include "TerminalConnection.h"

#include <QByteArray>
#include <QPointer>
#include <QWidget>

class QLabel;
class QPushButton;

namespace spaces {

class TerminalScreen;
class TerminalView;

// One shell in a space, on screen: the connection (TerminalConnection), the libvterm screen
// and its view, and a line saying how the connection is (connecting, the shell exited, lost
// with a Reconnect button). Output is fed to the screen once per event-loop turn, for a
// bounded time at a time, so that a flood never stalls the window; what waits unparsed is
// bounded too (the connection's back-pressure), so that a flood never fills memory. The
// view's size in cells is the PTY's size.
class TerminalSession final : public QWidget
{
    Q_OBJECT

public:
    TerminalSession(ConnectionSettings settings, QString spaceId, QString shell,
                    QWidget *parent = nullptr);
    ~TerminalSession() override;

    void open();
    void reconnect();
    TerminalConnection::State state() const { return m_connection->state(); }
    QString shell() const { return m_connection->shell(); }
    QString spaceId() const { return m_connection->space(); }
    // The program's title (OSC 0/2), else the shell's name.
    QString title() const;
    QString statusText() const;
    TerminalScreen &screen() const { return *m_screen; }
    TerminalView *view() const { return m_view; }
    TerminalConnection *connection() const { return m_connection; }

Q_SIGNALS:
    void titleChanged(const QString &title);
    void stateChanged(spaces::TerminalConnection::State state);

private:
    void onStateChanged(TerminalConnection::State state);
    void onOutput(const QByteArray &bytes);
    void scheduleFeed();
    void feedPending();

    TerminalScreen *m_screen = nullptr;
    TerminalView *m_view = nullptr;
    TerminalConnection *m_connection = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_reconnect = nullptr;
    QByteArray m_pending;
    qsizetype m_pendingOffset = 0; // m_pending before it is parsed
    bool m_feedScheduled = false;
};

} // namespace spaces
