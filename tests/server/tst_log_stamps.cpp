// Each line of a space's log with the time it was written, against a real spacesd and real
// sandboxes: spaces-log-stamp beside the services stamps history and live lines, the stream
// sends the stamps grey, the plain-text tail leaves them out unless asked, a partial last
// line is completed when the services end, and the stamper ends with them (stop, delete)
// but outlives a killed server for the space it adopts.
#include "LogStampers.h"
#include "SpaceTestKit.h"

#include <QFile>
#include <QRegularExpression>
#include <QTest>
#include <QWebSocket>

using namespace spaces::test;
using namespace Qt::StringLiterals;

namespace {

constexpr int SlowMs = 20000;

// Says a line for every "go" file the test drops into the home.
QJsonObject echoingTemplate()
{
    return {{u"name"_s, u"echoing"_s},
            {u"startup_command"_s,
             u"echo first-line; while :; do if [ -f go ]; then echo \"live-$(cat go)\"; rm go; "
             "fi; sleep 0.05; done"_s}};
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The time in front of `line` in `text` ("<stamp> line" plain, or grey in a stream).
QDateTime stampOf(const QString &text, const QString &line, bool grey)
{
    const QString pattern = grey ? u"\x1b\\[90m(\\S+)\x1b\\[0m %1\r\n"_s : u"(?:^|\n)(\\S+) %1\n"_s;
    const QRegularExpression stamped(pattern.arg(QRegularExpression::escape(line)));
    const QRegularExpressionMatch match = stamped.match(text);
    if (!match.hasMatch())
        return {};
    static const QRegularExpression shape(
        u"^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$"_s);
    if (!shape.match(match.captured(1)).hasMatch())
        return {};
    return QDateTime::fromString(match.captured(1), Qt::ISODateWithMs);
}

bool within(const QDateTime &at, const QDateTime &from, const QDateTime &to)
{
    // The stamp has milliseconds, truncated.
    return at.isValid() && at >= from.addMSecs(-1) && at <= to;
}

class StreamReader final
{
public:
    StreamReader(const SpacesdProcess &server, const QString &space)
    {
        QUrl url = server.url();
        url.setScheme(u"ws"_s);
        url.setPath(u"/logs/%1/stream"_s.arg(space));
        QNetworkRequest request(url);
        request.setRawHeader("Authorization", "Bearer " + server.token().toUtf8());
        QObject::connect(&socket, &QWebSocket::textMessageReceived, &socket,
                         [this](const QString &message) {
                             if (message == QStringView(u"\0", 1))
                                 historyDone = true;
                             else if (historyDone)
                                 live += message;
                             else
                                 history += message;
                         });
        socket.open(request);
    }
    QWebSocket socket;
    QString history;
    QString live;
    bool historyDone = false;
};

} // namespace

class LogStampsTest final : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestServer> m_server;
    KillGuard m_guard;

    QString tail(const QString &space, const QString &query = {}) const
    {
        return QString::fromUtf8(
            m_server->api().get(u"/api/spaces/%1/logs%2"_s.arg(space, query)).body);
    }
    QString startEchoing(const QString &name)
    {
        if (m_server->createTemplate(echoingTemplate()).isEmpty() &&
            m_server->api().get(u"/api/templates/echoing"_s).status != 200)
            return {};
        const QString id = m_server->createSpace(name, u"echoing"_s);
        if (id.isEmpty() || m_server->startSpace(id) != 200)
            return {};
        m_guard.addGroup(m_server->processGroupOf(id));
        return id;
    }
    void say(const QString &space, const QString &word) const
    {
        m_server->api().post(u"/api/spaces/%1/run-command"_s.arg(space),
                             {{u"command"_s, u"echo %1 > go"_s.arg(word)}});
    }

private Q_SLOTS:
    void init()
    {
        QString error;
        m_server = std::make_unique<TestServer>();
        QVERIFY2(m_server->start(&error), qPrintable(error));
    }
    void cleanup() { m_server.reset(); }

    void historyAndLiveLinesCarryTheTimeTheyWereWritten()
    {
        const QDateTime started = QDateTime::currentDateTimeUtc();
        const QString id = startEchoing(u"stamped"_s);
        QVERIFY(!id.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(tail(u"stamped"_s).contains(u"first-line\n"_s), SlowMs);
        const QDateTime written = QDateTime::currentDateTimeUtc();

        // The plain tail: the services' words alone, or with their times when asked.
        QCOMPARE(tail(u"stamped"_s), u"first-line\n"_s);
        const QString withTimes = tail(u"stamped"_s, u"?timestamps=true"_s);
        QVERIFY2(within(stampOf(withTimes, u"first-line"_s, false), started, written),
                 qPrintable(withTimes));
        QCOMPARE(tail(u"stamped"_s, u"?timestamps=false"_s), u"first-line\n"_s);
        const ApiReply bad = m_server->api().get(u"/api/spaces/stamped/logs?timestamps=maybe"_s);
        QCOMPARE(bad.status, 400);
        QVERIFY(bad.json.value(u"error"_s).toString().contains(u"timestamps"_s));
        // The file itself keeps the stamp in front of the line.
        QVERIFY(QString::fromUtf8(readFile(m_server->logFile(id))).endsWith(withTimes));

        // The stream: history and live lines after the same grey time, the one of the file.
        StreamReader reader(m_server->process, u"stamped"_s);
        QTRY_VERIFY_WITH_TIMEOUT(reader.historyDone, SlowMs);
        QCOMPARE(stampOf(reader.history, u"first-line"_s, true),
                 stampOf(withTimes, u"first-line"_s, false));
        const QDateTime beforeLive = QDateTime::currentDateTimeUtc();
        say(u"stamped"_s, u"7"_s);
        QTRY_VERIFY_WITH_TIMEOUT(reader.live.contains(u"live-7\r\n"_s), SlowMs);
        const QDateTime afterLive = QDateTime::currentDateTimeUtc();
        QVERIFY2(within(stampOf(reader.live, u"live-7"_s, true), beforeLive, afterLive),
                 qPrintable(reader.live.toHtmlEscaped()));
        QCOMPARE(stampOf(reader.live, u"live-7"_s, true),
                 stampOf(tail(u"stamped"_s, u"?timestamps=true"_s), u"live-7"_s, false));
        reader.socket.close();
        QCOMPARE(m_server->stopSpace(id), 200);
    }

    void linesOfOlderLogsPassUnchanged()
    {
        // A log written before lines had times: its lines stay as they are, new ones get one.
        QVERIFY(!m_server->createTemplate(echoingTemplate()).isEmpty());
        const QString id = m_server->createSpace(u"older"_s, u"echoing"_s);
        QVERIFY(!id.isEmpty());
        QVERIFY(QDir().mkpath(m_server->spaceDirectory(id)));
        QFile old(m_server->logFile(id));
        QVERIFY(old.open(QIODevice::WriteOnly));
        old.write("old-line\n");
        old.close();
        QCOMPARE(m_server->startSpace(id), 200);
        m_guard.addGroup(m_server->processGroupOf(id));
        QTRY_VERIFY_WITH_TIMEOUT(tail(u"older"_s).contains(u"first-line"_s), SlowMs);
        QCOMPARE(tail(u"older"_s), u"old-line\nfirst-line\n"_s);
        const QString withTimes = tail(u"older"_s, u"?timestamps=true"_s);
        QVERIFY2(withTimes.startsWith(u"old-line\n"_s), qPrintable(withTimes));
        QVERIFY(stampOf(withTimes, u"first-line"_s, false).isValid());
        StreamReader reader(m_server->process, u"older"_s);
        QTRY_VERIFY_WITH_TIMEOUT(reader.historyDone, SlowMs);
        QVERIFY2(reader.history.startsWith(u"old-line\r\n\x1b[90m"_s),
                 qPrintable(reader.history.toHtmlEscaped()));
        QCOMPARE(m_server->stopSpace(id), 200);
    }

    void partialLastLineIsWrittenWhenTheServicesEnd()
    {
        QVERIFY(!m_server
                     ->createTemplate({{u"name"_s, u"prompting"_s},
                                       {u"startup_command"_s,
                                        u"echo whole; printf 'half a line'; exec sleep 1000"_s}})
                     .isEmpty());
        const QString id = m_server->createSpace(u"prompter"_s, u"prompting"_s);
        QCOMPARE(m_server->startSpace(id), 200);
        m_guard.addGroup(m_server->processGroupOf(id));
        // In the file at once, stamped; the tail gives complete lines only.
        QTRY_VERIFY_WITH_TIMEOUT(readFile(m_server->logFile(id)).contains(" half a line"), SlowMs);
        QCOMPARE(tail(u"prompter"_s), u"whole\n"_s);
        QCOMPARE(m_server->stopSpace(id), 200);
        // The stop waited for the stamper, which completed the line.
        QCOMPARE(tail(u"prompter"_s), u"whole\nhalf a line\n"_s);
    }

    void stamperEndsWithTheServicesOnStopAndDelete()
    {
        const QString id = startEchoing(u"short-lived"_s);
        QVERIFY(!id.isEmpty());
        const QString log = m_server->logFile(id);
        QTRY_COMPARE_WITH_TIMEOUT(logStampersOf(log).size(), 1, SlowMs);
        const qint64 stamper = logStampersOf(log).first();
        // Beside the services: a session of its own, not in their group.
        QFile stat(u"/proc/%1/stat"_s.arg(stamper));
        QVERIFY(stat.open(QIODevice::ReadOnly));
        const QList<QByteArray> fields = stat.readAll().split(')').last().trimmed().split(' ');
        QCOMPARE(fields.value(3).toLongLong(), stamper); // session
        QVERIFY(fields.value(2).toLongLong() != m_server->processGroupOf(id));
        QCOMPARE(m_server->stopSpace(id), 200);
        QVERIFY(logStampersOf(log).isEmpty());
        QVERIFY(!isLockHeld(log));

        // Started again: a new one; deleted after its stop: none.
        QCOMPARE(m_server->startSpace(id), 200);
        m_guard.addGroup(m_server->processGroupOf(id));
        QTRY_COMPARE_WITH_TIMEOUT(logStampersOf(log).size(), 1, SlowMs);
        QVERIFY(logStampersOf(log).first() != stamper);
        QCOMPARE(m_server->stopSpace(id), 200);
        QCOMPARE(m_server->api().del(u"/api/spaces/%1"_s.arg(id)).status, 200);
        QVERIFY(logStampersOf(log).isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(!QFile::exists(log), SlowMs);
    }

    void stamperOutlivesAKilledServerForTheAdoptedSpace()
    {
        const QString id = startEchoing(u"survivor"_s);
        QVERIFY(!id.isEmpty());
        const QString log = m_server->logFile(id);
        QTRY_VERIFY_WITH_TIMEOUT(tail(u"survivor"_s).contains(u"first-line"_s), SlowMs);
        QCOMPARE(logStampersOf(log).size(), 1);
        const qint64 stamper = logStampersOf(log).first();

        m_server->process.kill();
        // No server: the services go on talking, the same stamper goes on stamping.
        const QDateTime beforeLine = QDateTime::currentDateTimeUtc();
        QFile go(m_server->home(id) + u"/go"_s);
        QVERIFY(go.open(QIODevice::WriteOnly));
        go.write("while-down\n");
        go.close();
        QTRY_VERIFY_WITH_TIMEOUT(readFile(log).contains(" live-while-down\n"), SlowMs);
        const QDateTime afterLine = QDateTime::currentDateTimeUtc();
        QCOMPARE(logStampersOf(log), QList<qint64>{stamper});

        QString error;
        QTRY_VERIFY2_WITH_TIMEOUT(m_server->start(&error), qPrintable(error), 5000);
        QVERIFY(m_server->isDeployed(id));
        const QString withTimes = tail(u"survivor"_s, u"?timestamps=true"_s);
        QVERIFY2(within(stampOf(withTimes, u"live-while-down"_s, false), beforeLine, afterLine),
                 qPrintable(withTimes));
        say(u"survivor"_s, u"adopted"_s);
        QTRY_VERIFY_WITH_TIMEOUT(
            stampOf(tail(u"survivor"_s, u"?timestamps=true"_s), u"live-adopted"_s, false).isValid(),
            SlowMs);
        QCOMPARE(m_server->stopSpace(id), 200);
        QVERIFY(logStampersOf(log).isEmpty());
    }

    void lastExitKeepsTheServicesWordsWithoutTimes()
    {
        QVERIFY(!m_server
                     ->createTemplate(
                         {{u"name"_s, u"failing"_s},
                          {u"startup_command"_s, u"echo 'invalid int value: 99999x'; exit 2"_s}})
                     .isEmpty());
        const QString id = m_server->createSpace(u"failer"_s, u"failing"_s);
        QCOMPARE(m_server->startSpace(id), 200);
        QTRY_VERIFY_WITH_TIMEOUT(m_server->space(id).value(u"last_exit"_s).isObject(), SlowMs);
        const QJsonArray lines =
            m_server->space(id).value(u"last_exit"_s).toObject().value(u"log"_s).toArray();
        QCOMPARE(lines, QJsonArray{u"invalid int value: 99999x"_s});
        QVERIFY(logStampersOf(m_server->logFile(id)).isEmpty());
    }
};

QTEST_GUILESS_MAIN(LogStampsTest)
#include "tst_log_stamps.moc"
