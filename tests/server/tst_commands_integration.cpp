// run-command against real spaces: arguments reach the program unchanged in every shell,
// `command` keeps its shell syntax, output and exit status come back as promised, timeouts end
// the whole process group, and a long command does not hold up other requests.
#include "SpaceTestKit.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace spaces::test;
using namespace Qt::StringLiterals;

namespace {

const QStringList &shells()
{
    static const QStringList names{u"bash"_s, u"sh"_s, u"zsh"_s, u"fish"_s};
    return names;
}

QString spaceFor(const QString &shell)
{
    return u"cmd-"_s + shell;
}

const QString ArgvAsJson =
    u"python3 -c 'import json,sys; sys.stdout.write(json.dumps(sys.argv[1:]))'"_s;

} // namespace

class CommandsIntegrationTest final : public QObject
{
    Q_OBJECT

private:
    ApiReply run(const QString &space, const QJsonObject &body) const
    {
        return m_server->api().post(u"/api/spaces/%1/run-command"_s.arg(space), body);
    }
    QString bashHome() const { return m_server->home(m_bashId); }

    std::unique_ptr<TestServer> m_server;
    QStringList m_shells; // those installed here
    QString m_bashId;

private Q_SLOTS:
    void initTestCase()
    {
        m_server = std::make_unique<TestServer>();
        QString error;
        QVERIFY2(m_server->start(&error), qPrintable(error));
        for (const QString &shell : shells()) {
            if (QStandardPaths::findExecutable(shell).isEmpty())
                continue;
            ApiReply reply;
            const QString id =
                m_server->createSpace(spaceFor(shell), u"blank"_s, {}, shell, &reply);
            QVERIFY2(!id.isEmpty(), reply.body.constData());
            QCOMPARE(m_server->startSpace(id), 200);
            if (shell == u"bash"_s)
                m_bashId = id;
            m_shells.append(shell);
        }
        QVERIFY(!m_bashId.isEmpty());
        QVERIFY(!m_server->createSpace(u"cmd-stopped"_s, u"blank"_s).isEmpty());
    }

    void cleanupTestCase() { m_server.reset(); }

    void argumentsReachProgramUnchanged_data()
    {
        QTest::addColumn<QString>("shell");
        QTest::addColumn<QStringList>("args");
        const QList<std::pair<const char *, QStringList>> cases{
            {"spaces", {u"a b"_s, u"  leading and trailing  "_s}},
            {"single quotes", {u"it's"_s, u"'"_s, u"''"_s}},
            {"double quotes", {u"say \"hi\""_s, u"\""_s}},
            {"dollar", {u"$HOME"_s, u"${PATH}"_s, u"$(id)"_s, u"$"_s}},
            {"backticks", {u"`id`"_s, u"`"_s}},
            {"semicolon and operators",
             {u"a; echo injected"_s, u"&&"_s, u"|"_s, u">out"_s, u"<"_s, u"&"_s}},
            {"newlines", {u"line1\nline2"_s, u"\n"_s, u"trailing\n"_s}},
            {"empty string", {u""_s, u"x"_s, u""_s}},
            {"glob", {u"*"_s, u"?"_s, u"[a]"_s, u"{a,b}"_s, u"~"_s}},
            {"backslashes", {u"a\\b"_s, u"\\"_s, u"\\\\'"_s, u"\\n"_s}},
            {"non-ASCII", {u"grüße"_s, u"日本語"_s, u"✓ é"_s}},
            {"options", {u"-n"_s, u"--"_s, u"-c"_s, u"=cmd"_s}},
            {"tab and hash", {u"a\tb"_s, u"#comment"_s, u"!"_s, u"%s"_s}},
        };
        for (const QString &shell : shells()) {
            if (QStandardPaths::findExecutable(shell).isEmpty())
                continue;
            for (const auto &[name, args] : cases)
                QTest::addRow("%s: %s", qPrintable(shell), name) << shell << args;
        }
    }

    void argumentsReachProgramUnchanged()
    {
        QFETCH(QString, shell);
        QFETCH(QStringList, args);
        const ApiReply reply =
            run(spaceFor(shell),
                {{u"command"_s, ArgvAsJson}, {u"args"_s, QJsonArray::fromStringList(args)}});
        QCOMPARE(reply.status, 200);
        QVERIFY2(reply.json.value(u"success"_s).toBool(), reply.body.constData());
        const QJsonDocument argv =
            QJsonDocument::fromJson(reply.json.value(u"output"_s).toString().toUtf8());
        QVERIFY2(argv.isArray(), reply.body.constData());
        QCOMPARE(argv.array().toVariantList(), QJsonArray::fromStringList(args).toVariantList());
    }

    void argumentBytesWithPrintf_data()
    {
        QTest::addColumn<QString>("shell");
        for (const QString &shell : {u"bash"_s, u"sh"_s, u"zsh"_s}) {
            if (!QStandardPaths::findExecutable(shell).isEmpty())
                QTest::newRow(qPrintable(shell)) << shell;
        }
    }

    void argumentBytesWithPrintf()
    {
        QFETCH(QString, shell);
        const QStringList args{u"a b"_s, u"it's"_s, u"\"q\""_s, u"$HOME"_s, u"`id`"_s,
                               u";"_s,   u"x\ny"_s, u""_s,      u"*"_s,     u"ünï"_s};
        const ApiReply reply =
            run(spaceFor(shell), {{u"command"_s, u"printf '%s\\0'"_s},
                                  {u"args"_s, QJsonArray::fromStringList(args)}});
        QCOMPARE(reply.status, 200);
        QString expected;
        for (const QString &arg : args)
            expected += arg + QChar(u'\0');
        QCOMPARE(reply.json.value(u"output"_s).toString(), expected);
    }

    void commandKeepsShellSyntax()
    {
        const ApiReply reply = run(u"cmd-bash"_s, {{u"command"_s, u"echo a | tr a b"_s}});
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.json,
                 (QJsonObject{{u"success"_s, true}, {u"output"_s, u"b\n"_s}, {u"exit_code"_s, 0}}));
        // Arguments follow the command line as written.
        const ApiReply joined = run(u"cmd-bash"_s, {{u"command"_s, u"x=1; echo \"$x\""_s},
                                                    {u"args"_s, QJsonArray{u"two words"_s}}});
        QCOMPARE(joined.json.value(u"output"_s).toString(), u"1 two words\n"_s);
    }

    void stderrIsMerged()
    {
        const ApiReply reply =
            run(u"cmd-bash"_s, {{u"command"_s, u"echo out; echo err >&2; echo out2"_s}});
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.json.value(u"output"_s).toString(), u"out\nerr\nout2\n"_s);
    }

    void nonZeroExitKeepsOutput()
    {
        const ApiReply reply =
            run(u"cmd-bash"_s, {{u"command"_s, u"echo kept; echo also >&2; exit 3"_s}});
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.json, (QJsonObject{{u"success"_s, false},
                                          {u"output"_s, u"kept\nalso\n"_s},
                                          {u"error"_s, u"exit status 3"_s},
                                          {u"exit_code"_s, 3}}));
    }

    void timeoutEndsWholeGroup()
    {
        // Pids inside the sandbox are its own: the background child shows it lives by the
        // lock it holds (see isLockHeld).
        const QString lock = bashHome() + u"/bg.lock"_s;
        QElapsedTimer timer;
        timer.start();
        const ApiReply reply =
            run(u"cmd-bash"_s,
                {{u"command"_s, u"exec 9>>bg.lock; flock -s 9; sleep 1000 & echo before; wait"_s},
                 {u"timeout"_s, 1}});
        const qint64 elapsed = timer.elapsed();
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.json, (QJsonObject{{u"success"_s, false},
                                          {u"output"_s, u"before\n"_s},
                                          {u"error"_s, u"Command timed out"_s}}));
        QVERIFY2(elapsed >= 900 && elapsed < 15000, qPrintable(u"took %1 ms"_s.arg(elapsed)));
        QVERIFY(QFile::exists(lock));
        QVERIFY2(!isLockHeld(lock), "the background grandchild outlived the timeout");
    }

    void backgroundProcessEndsWithTheSpace()
    {
        // A command may leave a process in the background, in a session of its own; it still
        // belongs to the space, so stopping the space ends it, as stopping a container would.
        const QString id = m_server->createSpace(u"cmd-background"_s, u"blank"_s);
        QVERIFY(!id.isEmpty());
        QCOMPARE(m_server->startSpace(id), 200);
        const QString lock = m_server->home(id) + u"/bg.lock"_s;
        const ApiReply reply = run(
            id,
            {{u"command"_s,
              u"(exec 9>>bg.lock; flock -s 9; setsid sleep 1000 > /dev/null 2>&1 < /dev/null &); echo started"_s}});
        QCOMPARE(reply.status, 200);
        QTRY_VERIFY_WITH_TIMEOUT(isLockHeld(lock), 5000);
        QCOMPARE(m_server->stopSpace(id), 200);
        QVERIFY2(!isLockHeld(lock), "a background process of the space outlived its stop");
    }

    void outputOverCapIsTruncated()
    {
        const ApiReply reply =
            run(u"cmd-bash"_s, {{u"command"_s, u"head -c 1500000 /dev/zero | tr '\\0' x"_s}});
        QCOMPARE(reply.status, 200);
        const QString output = reply.json.value(u"output"_s).toString();
        const QString note =
            u"\n[output truncated: %1 more bytes not shown]\n"_s.arg(1500000 - 1048576);
        QVERIFY2(output.endsWith(note), qPrintable(output.right(200)));
        QCOMPARE(output.size(), 1048576 + note.size());
        QCOMPARE(output.count(u'x'), 1048576);
        QCOMPARE(reply.json.value(u"success"_s).toBool(), true);
    }

    void workdir_data()
    {
        QTest::addColumn<QString>("workdir");
        QTest::addColumn<QString>(
            "expected"); // relative to the home; "!": an absolute folder of the system
        QTest::newRow("empty: home") << u""_s << u""_s;
        QTest::newRow("dot") << u"."_s << u""_s;
        QTest::newRow("relative") << u"sub/dir"_s << u"sub/dir"_s;
        QTest::newRow("relative with dot-dot") << u"sub/dir/.."_s << u"sub"_s;
        QTest::newRow("absolute") << u"!"_s << u"!"_s;
    }

    void workdir()
    {
        QFETCH(QString, workdir);
        QFETCH(QString, expected);
        QVERIFY(QDir().mkpath(bashHome() + u"/sub/dir"_s));
        // The sandbox shows the home at /home/<space name> and the system folders as they are.
        const QString system = u"/usr/share"_s;
        if (workdir == u"!"_s)
            workdir = system;
        const QString want =
            expected == u"!"_s ? system : QDir::cleanPath(u"/home/cmd-bash/"_s + expected);
        const ApiReply reply =
            run(u"cmd-bash"_s, {{u"command"_s, u"pwd -P"_s}, {u"workdir"_s, workdir}});
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.json.value(u"output"_s).toString(), want + u'\n');
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("space");
        QTest::addColumn<QJsonObject>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("error");
        QTest::newRow("missing workdir")
            << u"cmd-bash"_s << QJsonObject{{u"command"_s, u"pwd"_s}, {u"workdir"_s, u"nope"_s}}
            << 400 << u"working directory 'nope' does not exist in the space"_s;
        QTest::newRow("missing absolute workdir")
            << u"cmd-bash"_s
            << QJsonObject{{u"command"_s, u"pwd"_s}, {u"workdir"_s, u"/no/such/dir"_s}} << 400
            << u"working directory '/no/such/dir' does not exist in the space"_s;
        QTest::newRow("not running") << u"cmd-stopped"_s << QJsonObject{{u"command"_s, u"true"_s}}
                                     << 400 << u"Space is not running"_s;
        QTest::newRow("unknown space")
            << u"no-such-space"_s << QJsonObject{{u"command"_s, u"true"_s}} << 404
            << u"space not found"_s;
        QTest::newRow("unknown id")
            << QUuid::createUuid().toString(QUuid::WithoutBraces)
            << QJsonObject{{u"command"_s, u"true"_s}} << 404 << u"space not found"_s;
        QTest::newRow("no command")
            << u"cmd-bash"_s << QJsonObject{} << 400 << u"field 'command' is required"_s;
        QTest::newRow("blank command") << u"cmd-bash"_s << QJsonObject{{u"command"_s, u"  "_s}}
                                       << 400 << u"command must not be empty"_s;
        QTest::newRow("args not a list")
            << u"cmd-bash"_s << QJsonObject{{u"command"_s, u"echo"_s}, {u"args"_s, u"a"_s}} << 400
            << u"field 'args' must be a list of strings"_s;
        QTest::newRow("args not strings")
            << u"cmd-bash"_s
            << QJsonObject{{u"command"_s, u"echo"_s}, {u"args"_s, QJsonArray{1, 2}}} << 400
            << u"field 'args' must be a list of strings"_s;
        QTest::newRow("timeout not a number")
            << u"cmd-bash"_s << QJsonObject{{u"command"_s, u"true"_s}, {u"timeout"_s, u"5"_s}}
            << 400 << u"field 'timeout' must be a whole number"_s;
    }

    void refusals()
    {
        QFETCH(QString, space);
        QFETCH(QJsonObject, body);
        QFETCH(int, status);
        QFETCH(QString, error);
        const ApiReply reply = run(space, body);
        QCOMPARE(reply.status, status);
        QCOMPARE(reply.json, (QJsonObject{{u"error"_s, error}}));
    }

    void longCommandDoesNotBlockOtherRequests()
    {
        QFile::remove(bashHome() + u"/slow.started"_s);
        const ApiCall api = m_server->api();
        QNetworkAccessManager manager;
        QNetworkRequest request(api.url(u"/api/spaces/cmd-bash/run-command"_s));
        request.setRawHeader("Authorization", "Bearer " + m_server->process.token().toUtf8());
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
        QElapsedTimer slowTimer;
        slowTimer.start();
        std::unique_ptr<QNetworkReply> slow(manager.post(
            request,
            QJsonDocument(QJsonObject{{u"command"_s, u"touch slow.started; sleep 5; echo slept"_s}})
                .toJson(QJsonDocument::Compact)));
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(bashHome() + u"/slow.started"_s), 10000);

        QElapsedTimer quickTimer;
        quickTimer.start();
        const ApiReply listed = api.get(u"/api/spaces"_s);
        const qint64 quick = quickTimer.elapsed();
        QCOMPARE(listed.status, 200);
        QVERIFY(!slow->isFinished());
        // Generous: it normally takes a few milliseconds; blocking would take seconds.
        QVERIFY2(quick < 2500, qPrintable(u"GET /api/spaces took %1 ms"_s.arg(quick)));
        // Another command runs alongside too.
        QCOMPARE(run(u"cmd-bash"_s, {{u"command"_s, u"echo parallel"_s}})
                     .json.value(u"output"_s)
                     .toString(),
                 u"parallel\n"_s);
        QVERIFY(!slow->isFinished());

        QTRY_VERIFY_WITH_TIMEOUT(slow->isFinished(), 20000);
        QVERIFY(slowTimer.elapsed() >= 4900);
        QCOMPARE(slow->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        const QJsonObject answer = QJsonDocument::fromJson(slow->readAll()).object();
        QCOMPARE(answer.value(u"output"_s).toString(), u"slept\n"_s);
    }

    void clientLeavingDuringCommand()
    {
        QFile::remove(bashHome() + u"/left.started"_s);
        QFile::remove(bashHome() + u"/left.done"_s);
        QNetworkAccessManager manager;
        QNetworkRequest request(m_server->api().url(u"/api/spaces/cmd-bash/run-command"_s));
        request.setRawHeader("Authorization", "Bearer " + m_server->process.token().toUtf8());
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
        std::unique_ptr<QNetworkReply> reply(manager.post(
            request, QJsonDocument(QJsonObject{{u"command"_s,
                                                u"touch left.started; sleep 1; touch left.done"_s}})
                         .toJson(QJsonDocument::Compact)));
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(bashHome() + u"/left.started"_s), 10000);
        reply->abort();
        // The command runs to its end (as it does today) and its answer to nobody does not
        // upset the server.
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(bashHome() + u"/left.done"_s), 10000);
        QCOMPARE(run(u"cmd-bash"_s, {{u"command"_s, u"echo still here"_s}})
                     .json.value(u"output"_s)
                     .toString(),
                 u"still here\n"_s);
        QVERIFY(m_server->process.isRunning());
    }

    void serverExitsPromptlyWithCommandInFlight()
    {
        TestServer server;
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        const QString id = server.createSpace(u"busy"_s, u"blank"_s);
        QCOMPARE(server.startSpace(id), 200);
        QNetworkAccessManager manager;
        QNetworkRequest request(server.api().url(u"/api/spaces/busy/run-command"_s));
        request.setRawHeader("Authorization", "Bearer " + server.process.token().toUtf8());
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
        std::unique_ptr<QNetworkReply> reply(manager.post(
            request,
            QJsonDocument(QJsonObject{{u"command"_s,
                                       u"exec 9>>cmd.lock; flock -s 9; sleep 1000 & sleep 1000"_s},
                                      {u"timeout"_s, 600}})
                .toJson(QJsonDocument::Compact)));
        const QString lock = server.home(id) + u"/cmd.lock"_s;
        QTRY_VERIFY_WITH_TIMEOUT(isLockHeld(lock), 10000);

        QElapsedTimer timer;
        timer.start();
        QCOMPARE(server.process.terminate(), 0);
        // Generous; without care it takes as long as the command (here up to 600 s).
        QVERIFY2(timer.elapsed() < 8000,
                 qPrintable(u"spacesd took %1 ms to exit"_s.arg(timer.elapsed())));
        // The command is ended; the space itself (a service) keeps running, to be adopted.
        QTRY_VERIFY_WITH_TIMEOUT(!isLockHeld(lock), 5000);
        server.process.killRecordedSpaces();
    }
};

QTEST_GUILESS_MAIN(CommandsIntegrationTest)
#include "tst_commands_integration.moc"
