// What the local runtime promises about real processes: a space's startup command runs in its
// home with its environment (in the sandbox, the default), and, for the manual backend's
// spaces (a pid namespace whose processes share one process group), stop/restart take all of
// it with them (including services that ignore SIGTERM), the monitor notices services that end on
// their own, and a new spacesd adopts the spaces an earlier one left running. The sandbox's own
// process promises are in tst_sandbox_integration.
#include "SpaceTestKit.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QTest>

using namespace spaces::test;
using namespace Qt::StringLiterals;

namespace {

// Services that leave two grandchildren behind the shell.
QJsonObject treeTemplate()
{
    return {{u"name"_s, u"tree"_s},
            {u"platform"_s, u"manual"_s},
            {u"description"_s, u"a shell with two background children"_s},
            {u"startup_command"_s, u"sleep 1000 & sleep 1000 & wait"_s}};
}

// The sleeps among the live members of a space's process group, which also holds unshare's
// outer process, the namespace's init and the service's shell.
QList<qint64> sleepsIn(qint64 group)
{
    QList<qint64> sleeps;
    for (const qint64 pid : processGroupMembers(group)) {
        QFile comm(u"/proc/%1/comm"_s.arg(pid));
        if (comm.open(QIODevice::ReadOnly) && comm.readAll().trimmed() == "sleep")
            sleeps.append(pid);
    }
    return sleeps;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// env -0 output: NAME=VALUE entries separated by NUL.
QHash<QString, QString> parseEnvironment(const QByteArray &bytes)
{
    QHash<QString, QString> environment;
    const QList<QByteArray> entries = bytes.split('\0');
    for (const QByteArray &entry : entries) {
        const qsizetype equals = entry.indexOf('=');
        if (equals > 0)
            environment.insert(QString::fromUtf8(entry.left(equals)),
                               QString::fromUtf8(entry.mid(equals + 1)));
    }
    return environment;
}

} // namespace

class RuntimeIntegrationTest final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // Must not leak from spacesd's own environment into spaces.
        qputenv("SPACES_TOKEN", "secret-of-the-server-session");
    }

    void startupCommandRunsInHomeWithEnvironment()
    {
        TestServer server;
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        ApiReply reply;
        const QString templateId = server.createTemplate(
            {{u"name"_s, u"marker"_s},
             {u"custom_fields"_s, QJsonArray{QJsonObject{{u"name"_s, u"greeting"_s},
                                                         {u"description"_s, u"what to say"_s}},
                                             QJsonObject{{u"name"_s, u"color"_s}}}},
             {u"environment"_s,
              QJsonObject{{u"COMBINED"_s, u"${SPACE_NAME}/${greeting}/${color}"_s},
                          {u"UNKNOWN_REF"_s, u"[${no_such_field}]"_s},
                          {u"PLAIN"_s, u"fixed value"_s}}},
             {u"startup_command"_s, u"pwd -P > cwd.txt; env -0 > env.tmp && mv env.tmp env.bin;"
                                    " echo out-line; echo err-line >&2; exec sleep 1000"_s}},
            &reply);
        QVERIFY2(!templateId.isEmpty(), reply.body.constData());
        const QString greeting = u"hello, world 'single' \"double\" $HOME `id` ; grüße"_s;
        const QString id =
            server.createSpace(u"marker-space"_s, templateId,
                               {{u"greeting"_s, greeting}, {u"color"_s, u"blue"_s}}, {}, &reply);
        QVERIFY2(!id.isEmpty(), reply.body.constData());
        QCOMPARE(server.startSpace(id), 200);
        KillGuard guard;
        guard.addGroup(server.processGroupOf(id));

        const QString home = server.home(id);
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(home + u"/env.bin"_s), 10000);
        // The sandbox shows the home at /home/<space name>.
        const QString inside = u"/home/marker-space"_s;
        QCOMPARE(QString::fromUtf8(readFile(home + u"/cwd.txt"_s)).trimmed(), inside);
        const QHash<QString, QString> environment =
            parseEnvironment(readFile(home + u"/env.bin"_s));
        QCOMPARE(environment.value(u"SPACE_NAME"_s), u"marker-space"_s);
        QCOMPARE(environment.value(u"SPACE_ID"_s), id);
        QCOMPARE(environment.value(u"greeting"_s), greeting);
        QCOMPARE(environment.value(u"color"_s), u"blue"_s);
        QCOMPARE(environment.value(u"COMBINED"_s), u"marker-space/"_s + greeting + u"/blue"_s);
        QCOMPARE(environment.value(u"UNKNOWN_REF"_s), u"[]"_s);
        QCOMPARE(environment.value(u"PLAIN"_s), u"fixed value"_s);
        QCOMPARE(environment.value(u"HOME"_s), inside);
        QVERIFY(environment.value(u"SHELL"_s).endsWith(u"/bash"_s));
        QVERIFY(environment.contains(u"PATH"_s));
        // The space's own token (the Remote environment), never the server's admin token.
        QCOMPARE(environment.value(u"SPACES_TOKEN"_s).size(), 64);
        QVERIFY(environment.value(u"SPACES_TOKEN"_s) != server.process.token());
        QCOMPARE(environment.value(u"SPACES_URL"_s), server.process.url().toString());

        QTRY_VERIFY_WITH_TIMEOUT(readFile(server.logFile(id)).contains("err-line\n"), 10000);
        QVERIFY(readFile(server.logFile(id)).contains("out-line\n"));

        // Commands and scripts see the same environment.
        const QString printCombined = u"printf '%s|%s' \"$COMBINED\" \"$HOME\""_s;
        const QString expected = u"marker-space/"_s + greeting + u"/blue|"_s + inside;
        const ApiReply ran = server.api().post(u"/api/spaces/%1/run-command"_s.arg(id),
                                               {{u"command"_s, printCombined}});
        QCOMPARE(ran.json.value(u"output"_s).toString(), expected);
        const ApiReply script = server.api().post(u"/api/spaces/%1/execute-script"_s.arg(id),
                                                  {{u"content"_s, printCombined}});
        QCOMPARE(script.json.value(u"output"_s).toString(), expected);
        QCOMPARE(server.stopSpace(id), 200);
    }

    void stopEndsWholeProcessGroup()
    {
        TestServer server;
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        QVERIFY(!server.createTemplate(treeTemplate()).isEmpty());
        const QString id = server.createSpace(u"tree-space"_s, u"tree"_s);
        QVERIFY(!id.isEmpty());
        QCOMPARE(server.startSpace(id), 200);
        const qint64 group = server.processGroupOf(id);
        QVERIFY(group > 1);
        KillGuard guard;
        guard.addGroup(group);
        // The shell's two sleeps.
        QTRY_COMPARE_WITH_TIMEOUT(sleepsIn(group).size(), 2, 10000);
        const QList<qint64> members = processGroupMembers(group);
        guard.addPids(members);
        QVERIFY(server.isDeployed(id));

        QCOMPARE(server.stopSpace(id), 200);
        QVERIFY2(noneAlive(members), "a member of the space's process group survived stop");
        QCOMPARE(server.space(id).value(u"is_deployed"_s).toBool(), false);
        QCOMPARE(server.space(id).value(u"is_pending"_s).toBool(), false);
        QCOMPARE(server.processGroupOf(id), 0);
    }

    void stopKillsServiceIgnoringTerm()
    {
        TestServer server; // --stop-grace-ms 1000
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        QVERIFY(!server
                     .createTemplate({{u"name"_s, u"stubborn"_s},
                                      {u"platform"_s, u"manual"_s},
                                      {u"startup_command"_s, u"trap '' TERM; sleep 1000 & wait"_s}})
                     .isEmpty());
        const QString id = server.createSpace(u"stubborn-space"_s, u"stubborn"_s);
        QVERIFY(!id.isEmpty());
        QCOMPARE(server.startSpace(id), 200);
        const qint64 group = server.processGroupOf(id);
        KillGuard guard;
        guard.addGroup(group);
        QTRY_COMPARE_WITH_TIMEOUT(sleepsIn(group).size(), 1, 10000);
        const QList<qint64> members = processGroupMembers(group);
        guard.addPids(members);

        QElapsedTimer timer;
        timer.start();
        QCOMPARE(server.stopSpace(id), 200);
        // Nothing reacts to SIGTERM, so only the SIGKILL after the grace period ends them.
        QVERIFY2(timer.elapsed() >= 900,
                 qPrintable(u"stop took only %1 ms"_s.arg(timer.elapsed())));
        QVERIFY(noneAlive(members));
        QVERIFY(!server.isDeployed(id));
    }

    void restartReplacesProcessGroup()
    {
        TestServer server;
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        QVERIFY(!server.createTemplate(treeTemplate()).isEmpty());
        const QString id = server.createSpace(u"restarted"_s, u"tree"_s);
        QCOMPARE(server.startSpace(id), 200);
        const qint64 before = server.processGroupOf(id);
        KillGuard guard;
        guard.addGroup(before);
        QTRY_COMPARE_WITH_TIMEOUT(sleepsIn(before).size(), 2, 10000);
        const QList<qint64> oldMembers = processGroupMembers(before);
        guard.addPids(oldMembers);

        QCOMPARE(server.api().post(u"/api/spaces/restarted/restart"_s).status, 200);
        const qint64 after = server.processGroupOf(id);
        guard.addGroup(after);
        QVERIFY(after > 1);
        QVERIFY(after != before);
        QVERIFY2(noneAlive(oldMembers), "the old process group survived the restart");
        QTRY_COMPARE_WITH_TIMEOUT(sleepsIn(after).size(), 2, 10000);
        QVERIFY(server.isDeployed(id));
        QCOMPARE(server.stopSpace(id), 200);
        QVERIFY(processGroupMembers(after).isEmpty());
    }

    void monitorMarksEndedServicesStopped()
    {
        TestServer server;
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        QVERIFY(!server
                     .createTemplate({{u"name"_s, u"brief"_s},
                                      {u"platform"_s, u"manual"_s},
                                      {u"startup_command"_s, u"echo done"_s}})
                     .isEmpty());
        const QString blank = server.createSpace(u"idle"_s, u"blank"_s);
        const QString brief = server.createSpace(u"brief-space"_s, u"brief"_s);
        QVERIFY(!blank.isEmpty() && !brief.isEmpty());
        QCOMPARE(server.startSpace(blank), 200);
        QCOMPARE(server.startSpace(brief), 200);
        KillGuard guard;
        guard.addGroup(server.processGroupOf(brief));

        QTRY_VERIFY_WITH_TIMEOUT(!server.isDeployed(brief), 5000);
        QCOMPARE(server.space(brief).value(u"is_pending"_s).toBool(), false);
        QCOMPARE(server.processGroupOf(brief), 0);
        // The monitor has run since both started: a space without services is not "ended".
        // (A sandboxed blank space is its sandbox, which lives until stopped.)
        QVERIFY(server.isDeployed(blank));
        QVERIFY(server.handleOf(blank).startsWith(u"sandbox:"_s));
        QCOMPARE(server.stopSpace(blank), 200);
    }

    void newServerAdoptsRunningSpaces_data()
    {
        QTest::addColumn<bool>("crash");
        QTest::newRow("SIGTERM") << false;
        QTest::newRow("SIGKILL") << true;
    }

    void newServerAdoptsRunningSpaces()
    {
        QFETCH(bool, crash);
        TestServer server;
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        QVERIFY(!server.createTemplate(treeTemplate()).isEmpty());
        const QString id = server.createSpace(u"survivor"_s, u"tree"_s);
        const QString blank = server.createSpace(u"quiet"_s, u"blank"_s);
        QCOMPARE(server.startSpace(id), 200);
        QCOMPARE(server.startSpace(blank), 200);
        const qint64 group = server.processGroupOf(id);
        KillGuard guard;
        guard.addGroup(group);
        QTRY_COMPARE_WITH_TIMEOUT(sleepsIn(group).size(), 2, 10000);
        const QList<qint64> members = processGroupMembers(group);
        guard.addPids(members);

        if (crash)
            server.process.kill();
        else
            QCOMPARE(server.process.terminate(), 0);
        QVERIFY(!server.process.isRunning());
        QVERIFY2(allAlive(members), "the space's services did not outlive the server");

        QVERIFY2(server.start(&error), qPrintable(error));
        QVERIFY(server.isDeployed(id));
        QCOMPARE(server.space(id).value(u"is_pending"_s).toBool(), false);
        QCOMPARE(server.processGroupOf(id), group);
        QVERIFY(allAlive(members));
        QVERIFY(server.isDeployed(blank));

        // Adopted means managed: stop still ends the whole group.
        QCOMPARE(server.stopSpace(id), 200);
        QVERIFY(noneAlive(members));
        QCOMPARE(server.stopSpace(blank), 200);
        QCOMPARE(server.process.terminate(), 0);
    }

    void newServerMarksDeadSpacesStopped()
    {
        TestServer server;
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        QVERIFY(!server.createTemplate(treeTemplate()).isEmpty());
        const QString id = server.createSpace(u"casualty"_s, u"tree"_s);
        QCOMPARE(server.startSpace(id), 200);
        const qint64 group = server.processGroupOf(id);
        KillGuard guard;
        guard.addGroup(group);
        QTRY_COMPARE_WITH_TIMEOUT(sleepsIn(group).size(), 2, 10000);

        QCOMPARE(server.process.terminate(), 0);
        ::kill(pid_t(-group), SIGKILL);
        QTRY_VERIFY_WITH_TIMEOUT(processGroupMembers(group).isEmpty(), 5000);

        QVERIFY2(server.start(&error), qPrintable(error));
        const QJsonObject space = server.space(id);
        QCOMPARE(space.value(u"is_deployed"_s).toBool(), false);
        QCOMPARE(space.value(u"is_pending"_s).toBool(), false);
        QCOMPARE(server.processGroupOf(id), 0);
        // And it can be started again.
        QCOMPARE(server.startSpace(id), 200);
        guard.addGroup(server.processGroupOf(id));
        QCOMPARE(server.stopSpace(id), 200);
    }
};

QTEST_GUILESS_MAIN(RuntimeIntegrationTest)
#include "tst_runtime_integration.moc"
