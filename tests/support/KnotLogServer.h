#pragma once

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QWebSocketServer>

class QTcpSocket;
class QWebSocket;

namespace spaces::test {

// The log stream of the test servers (Knot's GET /logs/{space_id}/stream) with Knot's frames:
// the history as text frames of lines ending "\r\n", each after a grey timestamp and a
// coloured level, then a frame holding a single 0x00 byte, then each new line as it is
// appended. Keeps the last 1,000 lines of every space.
class KnotLogServer final : public QObject
{
    Q_OBJECT

public:
    explicit KnotLogServer(QObject *parent = nullptr);
    ~KnotLogServer() override;

    // Takes a TCP connection whose upgrade request has not been read yet.
    void takeConnection(QTcpSocket *socket);
    // A line of the space's log, at INFO level: kept, and sent to every reader of that space.
    void append(const QString &spaceId, const QString &line);
    int readers() const;

    // The space id of a log stream route's path, empty when it names none.
    static QString spaceOf(const QString &path);
    // "\x1b[90m2026-12-02 04:19:08\x1b[0m \x1b[32mINFO\x1b[0m <line>\r\n", as Knot writes it.
    static QString knotLine(const QDateTime &at, const QString &line);

    static constexpr int HistoryLines = 1000;

private:
    void onNewConnection();

    QWebSocketServer m_server;
    QHash<QString, QStringList> m_history; // formatted lines, by space id
    QList<QPointer<QWebSocket>> m_readers;
};

} // namespace spaces::test
