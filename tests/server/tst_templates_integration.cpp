// The built-in templates really work, whatever shell the space was given: the web space
// serves its page, the service space writes its settings and heartbeats at the interval its
// field asks for (and a nonsense interval does not turn into a runaway loop).
#include "SpaceTestKit.h"

#include <QStandardPaths>
#include <QTest>

using namespace spaces::test;
using namespace Qt::StringLiterals;

namespace {

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The command lines (argv joined by spaces) of a process group's live members.
QStringList commandLines(qint64 group)
{
    QStringList lines;
    for (const qint64 pid : processGroupMembers(group)) {
        QByteArray argv = readFile(u"/proc/%1/cmdline"_s.arg(pid));
        if (argv.endsWith('\0'))
            argv.chop(1);
        lines.append(QString::fromUtf8(argv.replace('\0', ' ')));
    }
    return lines;
}

void addShellRows()
{
    QTest::addColumn<QString>("shell");
    for (const QString &shell : {u"bash"_s, u"sh"_s, u"zsh"_s, u"fish"_s}) {
        if (!QStandardPaths::findExecutable(shell).isEmpty())
            QTest::newRow(qPrintable(shell)) << shell;
    }
}

} // namespace

class TemplatesIntegrationTest final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;

private Q_SLOTS:
    void initTestCase()
    {
        m_server = std::make_unique<TestServer>();
        QString problem;
        QVERIFY2(m_server->start(&problem), qPrintable(problem));
    }

    void cleanupTestCase() { m_server.reset(); }

    void webServesItsPage_data() { addShellRows(); }

    void webServesItsPage()
    {
        QFETCH(QString, shell);
        const QString name = u"web-"_s + shell;
        const quint16 port = freeTcpPort();
        ApiReply reply;
        const QString id = m_server->createSpace(
            name, u"web"_s, {{u"port"_s, QString::number(port)}}, shell, &reply);
        QVERIFY2(!id.isEmpty(), reply.body.constData());
        QCOMPARE(m_server->startSpace(id), 200);
        KillGuard guard;
        guard.addGroup(m_server->processGroupOf(id));
        const ApiCall page(QUrl(u"http://127.0.0.1:%1"_s.arg(port)), {});
        const QByteArray heading = QByteArray("<h1>Hello from " + name.toUtf8() + "</h1>");
        QTRY_VERIFY2_WITH_TIMEOUT(page.get(u"/"_s).body.contains(heading),
                                  readFile(m_server->logFile(id)).constData(), 20000);
        QVERIFY(m_server->isDeployed(id));
        QCOMPARE(m_server->stopSpace(id), 200);
        QVERIFY(canListenOn(port));
    }

    void serviceWritesSettingsAndHeartbeats_data() { addShellRows(); }

    void serviceWritesSettingsAndHeartbeats()
    {
        QFETCH(QString, shell);
        const QString name = u"svc-"_s + shell;
        ApiReply reply;
        const QString id = m_server->createSpace(name, u"service"_s,
                                                 {{u"environment"_s, u"testing"_s},
                                                  {u"api_key"_s, u"k-1 'quoted'"_s},
                                                  {u"interval"_s, u"1"_s}},
                                                 shell, &reply);
        QVERIFY2(!id.isEmpty(), reply.body.constData());
        QCOMPARE(m_server->startSpace(id), 200);
        KillGuard guard;
        guard.addGroup(m_server->processGroupOf(id));
        const QString settings = m_server->home(id) + u"/service.env"_s;
        const QByteArray expected("APP_ENV=testing\nAPP_API_KEY=k-1 'quoted'\nAPP_LABEL=" +
                                  name.toUtf8() + " (testing)\n");
        QTRY_COMPARE_WITH_TIMEOUT(readFile(settings), expected, 10000);
        const QByteArray heartbeat(" " + name.toUtf8() + " (testing) alive\n");
        QTRY_VERIFY2_WITH_TIMEOUT(readFile(m_server->logFile(id)).count(heartbeat) >= 2,
                                  readFile(m_server->logFile(id)).constData(), 10000);
        QVERIFY(m_server->isDeployed(id));
        QCOMPARE(m_server->stopSpace(id), 200);
    }

    void serviceFallsBackOnBadInterval_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("interval");
        QTest::newRow("not a number") << u"svc-word"_s << u"soon"_s;
        QTest::newRow("zero") << u"svc-zero"_s << u"0"_s;
        QTest::newRow("negative") << u"svc-negative"_s << u"-3"_s;
        QTest::newRow("empty") << u"svc-empty"_s << u""_s;
    }

    void serviceFallsBackOnBadInterval()
    {
        QFETCH(QString, name);
        QFETCH(QString, interval);
        const QString id = m_server->createSpace(name, u"service"_s, {{u"interval"_s, interval}});
        QVERIFY(!id.isEmpty());
        QCOMPARE(m_server->startSpace(id), 200);
        const qint64 group = m_server->processGroupOf(id);
        KillGuard guard;
        guard.addGroup(group);
        // The default five seconds, rather than a sleep that fails at once, over and over.
        QTRY_VERIFY2_WITH_TIMEOUT(commandLines(group).contains(u"sleep 5"_s),
                                  qPrintable(commandLines(group).join(u", "_s)), 10000);
        QCOMPARE(readFile(m_server->logFile(id)).count(" alive\n"), 1);
        QCOMPARE(m_server->stopSpace(id), 200);
    }
};

QTEST_GUILESS_MAIN(TemplatesIntegrationTest)
#include "tst_templates_integration.moc"
