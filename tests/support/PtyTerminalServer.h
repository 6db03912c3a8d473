#pragma once

#include <QObject>
#include <QString>
#include <QUrl>
#include <QWebSocketServer>
#include <functional>

class QTcpSocket;

namespace spaces::test {

class PtyShellSession;

// The terminal route of the test servers: real shells on real local PTYs behind WebSockets
// with Knot's frames (PtyShellSession). Takes upgrades handed over by a FakeKnotServer (the
// Knot simulator's /proxy/spaces/{id}/terminal/{shell}) or listens on a loopback port of its
// own. Shells are found on PATH by name (bash, zsh, fish, sh); an unknown one is closed at
// once. The destructor hangs up every shell.
class PtyTerminalServer final : public QObject
{
    Q_OBJECT

public:
    explicit PtyTerminalServer(QObject *parent = nullptr);
    ~PtyTerminalServer() override;

    // Listens on 127.0.0.1 for ws://127.0.0.1:port/proxy/spaces/{space}/terminal/{shell}.
    bool listen(quint16 port = 0);
    QUrl httpUrl() const;

    // Takes a TCP connection whose upgrade request has not been read yet.
    void takeConnection(QTcpSocket *socket);

    // Where the shells start.
    void setWorkdir(const QString &workdir) { m_workdir = workdir; }
    int openSessions() const { return m_sessions; }
    // Every connection dropped without a close frame; the shells are hung up.
    void dropConnections();
    int sessionsStarted() const { return m_started; }

    // The last path element of a terminal route, to a shell program; empty when unknown.
    static QString shellPath(const QString &shellName);

Q_SIGNALS:
    void sessionStarted();
    void sessionFinished();

private:
    void onNewConnection();

    QWebSocketServer m_server;
    QString m_workdir;
    int m_sessions = 0;
    int m_started = 0;
};

} // namespace spaces::test
