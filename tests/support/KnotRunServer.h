#pragma once

#include <QObject>
#include <QStringList>
#include <QWebSocketServer>
#include <functional>

class QTcpSocket;

namespace spaces::test {

// The streamed run of the Knot simulator (Knot's GET /space-io/{space}/run) with Knot's
// frames: the client's first text frame is run-command's JSON; the whole output comes in one
// text frame at the end (Knot buffers it), a failure as "Error: <sentence>\r\n", then a frame
// holding one 0x00 byte and the close. Knot sends no {"exit_code":N} frame.
class KnotRunServer final : public QObject
{
    Q_OBJECT

public:
    struct Result
    {
        QString output;
        QString error; // empty on success
    };
    using Runner = std::function<Result(const QString &command, const QStringList &arguments)>;

    explicit KnotRunServer(Runner runner, QObject *parent = nullptr);
    ~KnotRunServer() override;

    // Takes a TCP connection whose upgrade request has not been read yet.
    void takeConnection(QTcpSocket *socket);
    int runsStarted() const { return m_started; }

    // Whether a path is the run route ("/space-io/{id}/run").
    static bool isRunPath(const QString &path);

private:
    void onNewConnection();

    Runner m_runner;
    QWebSocketServer m_server;
    int m_started = 0;
};

} // namespace spaces::test
