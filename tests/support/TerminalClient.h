#pragma once

#include <QByteArray>
#include <QObject>
#include <QUrl>
#include <QWebSocket>

namespace spaces::test {

// A terminal route's client for tests and benches: a QWebSocket to
// /proxy/spaces/{space}/terminal/{shell} with the bearer token, that keeps every byte of PTY
// output it got and how the server closed it. Waits are conditions on the event loop.
class TerminalClient final : public QObject
{
    Q_OBJECT

public:
    TerminalClient(const QUrl &server, const QString &token, QObject *parent = nullptr);

    // `query`: e.g. "run=python3&run=-q"; waits until connected (false after `timeoutMs`).
    bool open(const QString &space, const QString &shell = QStringLiteral("bash"),
              const QString &query = {}, int timeoutMs = 10000);
    void type(const QByteArray &keys);
    void resize(int columns, int rows);
    void close() { m_socket.close(); }

    // Waits until the output (since the last clearOutput()) contains `text`.
    bool waitForOutput(const QByteArray &text, int timeoutMs = 10000);
    bool waitForDisconnected(int timeoutMs = 10000);
    QByteArray output() const { return m_output; }
    void clearOutput() { m_output.clear(); }
    qint64 bytesReceived() const { return m_received; }

    bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    int closeCode() const { return int(m_socket.closeCode()); }
    QString closeReason() const { return m_socket.closeReason(); }
    QString errorString() const { return m_socket.errorString(); }
    QWebSocket &socket() { return m_socket; }

private:
    QUrl m_server;
    QString m_token;
    QWebSocket m_socket;
    QByteArray m_output;
    qint64 m_received = 0;
    bool m_wasConnected = false;
};

} // namespace spaces::test
