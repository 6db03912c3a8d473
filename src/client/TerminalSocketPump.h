#pragma once

#include <QAbstractSocket>
#include <QByteArray>
#include <QNetworkRequest>
#include <QObject>
#include <QString>
#include <memory>

class QWebSocket;

namespace spaces {

class TerminalFlowGate;

// The WebSocket of one terminal, on a reader thread of its own (TerminalConnection moves it
// there): the only way to stop reading a QWebSocket is to stop its thread, and that is how
// the flow gate pushes back on a flood. It reports what the socket does as signals, which
// reach the connection queued; it calls nothing on the GUI thread.
class TerminalSocketPump final : public QObject
{
    Q_OBJECT

public:
    explicit TerminalSocketPump(std::shared_ptr<TerminalFlowGate> gate);
    ~TerminalSocketPump() override;

    // Each called on the reader thread (queued from the connection).
    void open(const QNetworkRequest &request);
    // Sends the input frames queued on the gate.
    void sendQueuedInput();
    void closeNormally();
    void abort();

Q_SIGNALS:
    void connected();
    void output(const QByteArray &bytes);
    // A close frame was exchanged (either side's).
    void closeHandshake();
    void disconnected(int closeCode, const QString &closeReason, const QString &errorString);
    void failed(int socketError, const QString &errorString);

private:
    void onBinary(const QByteArray &bytes);
    void send(const QByteArray &frame);

    std::shared_ptr<TerminalFlowGate> m_gate;
    QWebSocket *m_socket = nullptr;
};

} // namespace spaces
