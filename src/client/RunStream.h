#pragma once

#include "ClientRequests.h"
#include "SpacesClient.h"

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <optional>

class QNetworkAccessManager;
class QWebSocket;

namespace spaces {

// One command with its output as it is produced: GET /space-io/{space}/run over a QWebSocket
// (API.md, "Streams over WebSocket"). Sends run-command's JSON as the first frame; text frames
// are output; at the end spacesd sends {"exit_code":N}, either server may send
// "Error: <sentence>\r\n", and a frame holding one 0x00 byte ends the run. Those end frames
// are recognised only right before the 0x00 frame, so output that happens to look like one
// is still output. cancel() closes the socket, which ends the command's whole process group
// on the server.
//
// unsupported() instead of everything else when the server has no run stream (an older Knot:
// the upgrade is refused with 404, 405, 426 or 501): the caller falls back to run-command,
// which also tells a missing space apart. Other refusals come as failed() with the server's
// sentence (asked for with a plain GET, as Qt only reports a refused upgrade's status).
// finished() comes once, last, in every case.
class RunStream final : public QObject
{
    Q_OBJECT

public:
    RunStream(ConnectionSettings settings, QNetworkAccessManager *network, QString spaceIdOrName,
              QObject *parent = nullptr);
    ~RunStream() override;

    void start(const RunCommandRequest &request);
    // Closes the socket: the server ends the command. finished() follows.
    void cancel();

    bool isRunning() const { return m_started && !m_finished; }
    // Set after finished() when the server sent one (spacesd does; Knot does not).
    std::optional<int> exitCode() const { return m_exitCode; }
    // The server's or the connection's sentence, empty when the run ended without one.
    QString errorString() const { return m_error; }
    bool wasCancelled() const { return m_cancelled; }
    bool wasUnsupported() const { return m_unsupported; }
    // The HTTP status of a refused upgrade (503: Knot's agent is not connected yet), else 0.
    int refusedStatus() const { return m_refusedStatus; }

    static QUrl streamUrl(const QUrl &baseUrl, const QString &spaceIdOrName);

Q_SIGNALS:
    void outputReceived(const QString &text);
    void exitCodeReceived(int exitCode);
    void failed(const QString &sentence);
    void unsupported();
    void finished();

private:
    void onText(const QString &message);
    void flushHeld();
    void endOfRun();
    void onError();
    void onDisconnected();
    void askWhyRefused(int status);
    void finish();

    ConnectionSettings m_settings;
    QPointer<QNetworkAccessManager> m_network;
    QString m_space;
    QWebSocket *m_socket = nullptr;
    QByteArray m_request;
    QStringList m_held; // possible end frames ("Error: ...", {"exit_code":N}) not yet placed
    std::optional<int> m_exitCode;
    QString m_error;
    int m_refusedStatus = 0;
    bool m_started = false;
    bool m_connected = false;
    bool m_ended = false; // the 0x00 frame came
    bool m_cancelled = false;
    bool m_unsupported = false;
    bool m_finished = false;
};

} // namespace spaces
