#pragma once

#include "SpacesClient.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QJsonValue>
#include <QNetworkAccessManager>
#include <QTextStream>
#include <deque>
#include <memory>

class QEventLoop;
class QSocketNotifier;
class QNetworkReply;

namespace spaces {

// `spacectl mcp`: MCP's stdio transport bridged to the located server's /mcp, for assistants
// that start their servers as processes. Each line on stdin is one JSON-RPC message, POSTed
// as it comes (several may be under way at once); each answer is written to stdout as one
// line. It keeps the Mcp-Session-Id the server issues at initialize (messages read before
// that answer wait for it) and sends the negotiated MCP-Protocol-Version. Nothing but
// protocol goes to stdout: problems go to stderr. When stdin closes it waits for the answers
// under way, ends the session and exits with status 0.
class CliMcp final
{
    Q_DECLARE_TR_FUNCTIONS(CliMcp)

public:
    CliMcp(ConnectionSettings settings, QTextStream &err, int inputFd = 0, int outputFd = 1);
    ~CliMcp();

    int run();

private:
    void readInput();
    void takeLine(QByteArray line);
    void forward(const QByteArray &line);
    void answered(QNetworkReply *reply, const QJsonValue &id, bool initializes, bool unreadable);
    void writeLine(const QByteArray &json);
    void finishIfDone();
    QNetworkRequest request() const;

    ConnectionSettings m_settings;
    QTextStream &m_err;
    int m_inputFd;
    int m_outputFd;
    QNetworkAccessManager m_network;
    std::unique_ptr<QSocketNotifier> m_inputNotifier;
    QByteArray m_pending;          // a line not yet ended
    std::deque<QByteArray> m_held; // read while initialize is under way
    QByteArray m_sessionId;
    QByteArray m_protocolVersion;
    int m_inFlight = 0;
    bool m_initializing = false;
    bool m_inputClosed = false;
    QEventLoop *m_loop = nullptr;
};

} // namespace spaces
