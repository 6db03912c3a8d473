// The spacectl binary against a real spacesd: every subcommand's text and --json output, exit
// statuses 0/1/2/3, the server's sentences on stderr, help for every command, and arguments
// passed through to `run` unchanged.
#include "ServerTestHelpers.h"
#include "SpaceTestKit.h"
#include "SpacectlRunner.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTest>

using namespace spaces::test;
using namespace Qt::StringLiterals;

namespace {

constexpr int StartTimeoutMs = 20000;

const QStringList &allCommands()
{
    static const QStringList commands{u"list"_s,
                                      u"start"_s,
                                      u"stop"_s,
                                      u"restart"_s,
                                      u"is-running"_s,
                                      u"create"_s,
                                      u"delete"_s,
                                      u"get-field"_s,
                                      u"set-field"_s,
                                      u"get-description"_s,
                                      u"set-description"_s,
                                      u"run-script"_s,
                                      u"run"_s,
                                      u"port-forward"_s,
                                      u"port-list"_s,
                                      u"port-stop"_s,
                                      u"templates"_s,
                                      u"scripts"_s};
    return commands;
}

} // namespace

class SpacectlTest final : public QObject
{
    Q_OBJECT

private:
    SpacectlResult ctl(const QStringList &arguments) const { return m_runner->run(arguments); }
    bool isRunning(const QString &name) const { return ctl({u"is-running"_s, name}).exitCode == 0; }

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<SpacectlRunner> m_runner;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!SpacectlRunner::path().isEmpty(),
                 "SPACES_SPACECTL is not set: run the tests through ctest");
        m_server = std::make_unique<TestServer>();
        QString error;
        QVERIFY2(m_server->start(&error), qPrintable(error));
        m_runner = std::make_unique<SpacectlRunner>(
            SpacectlRunner::serverEnvironment(m_server->process.url(), m_server->process.token()));
        for (const QString &name : {u"dev"_s, u"other"_s}) {
            QVERIFY(!m_server->createSpace(name, u"blank"_s).isEmpty());
            QCOMPARE(m_server->startSpace(name), 200);
            QTRY_VERIFY_WITH_TIMEOUT(m_server->isDeployed(name), StartTimeoutMs);
        }
        const ApiCall api = m_server->api();
        QCOMPARE(api.post(u"/api/spaces"_s, {{u"name"_s, u"idle"_s},
                                             {u"template_id"_s, u"service"_s},
                                             {u"description"_s, u"Idle one"_s}})
                     .status,
                 201);
        QCOMPARE(
            api.post(u"/api/scripts"_s,
                     {{u"name"_s, u"greet"_s},
                      {u"content"_s,
                       u"#!/bin/sh\nfor a in \"$@\"; do printf '[%s]' \"$a\"; done; echo\n"_s}})
                .status,
            201);
        QCOMPARE(api.post(u"/api/scripts"_s,
                          {{u"name"_s, u"failing"_s},
                           {u"content"_s, u"#!/bin/sh\necho about to fail\nexit 3\n"_s}})
                     .status,
                 201);
    }

    void cleanupTestCase()
    {
        m_runner.reset();
        m_server.reset();
    }

    // ---- help, version, usage errors --------------------------------------------------

    void helpAndVersion()
    {
        const SpacectlResult help = ctl({u"--help"_s});
        SPACECTL_COMPARE_EXIT(help, 0);
        QVERIFY(help.out.startsWith(u"Usage: spacectl"_s));
        for (const QString &command : allCommands())
            QVERIFY2(help.out.contains(u"\n  "_s + command + u' '), qPrintable(command));
        QVERIFY(help.out.contains(u"Examples:"_s));
        QVERIFY(help.out.contains(u"--server URL"_s) && help.out.contains(u"--json"_s));
        QCOMPARE(ctl({u"help"_s}).out, help.out);
        QCOMPARE(ctl({u"-h"_s}).out, help.out);
        const SpacectlResult version = ctl({u"--version"_s});
        SPACECTL_COMPARE_EXIT(version, 0);
        QVERIFY(QRegularExpression(u"^spacectl \\d+\\.\\d+\\.\\d+\\n$"_s)
                    .match(version.out)
                    .hasMatch());
    }

    void helpForEveryCommand_data()
    {
        QTest::addColumn<QString>("command");
        for (const QString &command : allCommands())
            QTest::newRow(qPrintable(command)) << command;
    }
    void helpForEveryCommand()
    {
        QFETCH(QString, command);
        const SpacectlResult help = ctl({u"help"_s, command});
        SPACECTL_COMPARE_EXIT(help, 0);
        QVERIFY2(help.out.startsWith(u"Usage: spacectl "_s + command), qPrintable(help.out));
        const qsizetype examples = help.out.indexOf(u"\nExample"_s);
        const QRegularExpression example(
            u"\n  .*spacectl %1[ \n]"_s.arg(QRegularExpression::escape(command)));
        QVERIFY2(examples > 0 && example.match(help.out, examples).hasMatch(),
                 qPrintable(help.out));
        QVERIFY(help.err.isEmpty());
        QCOMPARE(ctl({command, u"--help"_s}).out, help.out);
        QCOMPARE(ctl({u"--help"_s, command}).out, help.out);
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("sentence");
        QTest::newRow("no command") << QStringList{} << u"no command given"_s;
        QTest::newRow("unknown command")
            << QStringList{u"frobnicate"_s} << u"unknown command 'frobnicate'"_s;
        QTest::newRow("unknown option")
            << QStringList{u"list"_s, u"--frob"_s} << u"unknown option '--frob'"_s;
        QTest::newRow("short option")
            << QStringList{u"start"_s, u"-x"_s} << u"unknown option '-x'"_s;
        QTest::newRow("extra argument")
            << QStringList{u"list"_s, u"extra"_s} << u"'list' takes no arguments"_s;
        QTest::newRow("too many") << QStringList{u"start"_s, u"a"_s, u"b"_s}
                                  << u"too many arguments for 'start'"_s;
        QTest::newRow("missing name") << QStringList{u"start"_s} << u"'start' needs NAME"_s;
        QTest::newRow("missing template")
            << QStringList{u"create"_s, u"x-y"_s} << u"'create' needs TEMPLATE"_s;
        QTest::newRow("missing two")
            << QStringList{u"set-field"_s, u"dev"_s} << u"'set-field' needs FIELD and VALUE"_s;
        QTest::newRow("run without command")
            << QStringList{u"run"_s, u"dev"_s} << u"'run' needs COMMAND"_s;
        QTest::newRow("port not a number")
            << QStringList{u"port-forward"_s, u"dev"_s, u"http"_s, u"other"_s, u"80"_s}
            << u"Invalid local port 'http': give a number from 1 to 65535"_s;
        QTest::newRow("remote port too big")
            << QStringList{u"port-forward"_s, u"dev"_s, u"8080"_s, u"other"_s, u"70000"_s}
            << u"Invalid remote port '70000'"_s;
        QTest::newRow("port zero")
            << QStringList{u"port-stop"_s, u"dev"_s, u"0"_s} << u"Invalid local port '0'"_s;
        QTest::newRow("bad timeout")
            << QStringList{u"run"_s, u"--timeout"_s, u"soon"_s, u"dev"_s, u"ls"_s}
            << u"--timeout takes a whole number of seconds"_s;
        QTest::newRow("option of another command")
            << QStringList{u"list"_s, u"--timeout"_s, u"5"_s}
            << u"option --timeout does not apply to 'list'"_s;
        QTest::newRow("option without value") << QStringList{u"start"_s, u"dev"_s, u"--server"_s}
                                              << u"option --server needs a value"_s;
        QTest::newRow("flag with value")
            << QStringList{u"--json=yes"_s, u"list"_s} << u"option --json takes no value"_s;
        QTest::newRow("option twice") << QStringList{u"create"_s,  u"a-b"_s, u"blank"_s,
                                                     u"--shell"_s, u"sh"_s,  u"--shell=bash"_s}
                                      << u"option --shell is given twice"_s;
        QTest::newRow("invalid space name") << QStringList{u"create"_s, u"9lives"_s, u"blank"_s}
                                            << u"invalid name given for space '9lives'"_s;
        QTest::newRow("invalid shell")
            << QStringList{u"create"_s, u"ok-name"_s, u"blank"_s, u"--shell"_s, u"tcsh"_s}
            << u"invalid shell given for space 'tcsh'"_s;
        QTest::newRow("invalid field name") << QStringList{u"get-field"_s, u"dev"_s, u"bad field"_s}
                                            << u"invalid custom field name 'bad field'"_s;
        QTest::newRow("description too long")
            << QStringList{u"set-description"_s, u"dev"_s, QString(1025, u'x')}
            << u"description too long"_s;
        QTest::newRow("server not a URL") << QStringList{u"--server"_s, u"localhost:1"_s, u"list"_s}
                                          << u"--server takes an http(s) URL"_s;
        QTest::newRow("help for nothing")
            << QStringList{u"help"_s, u"nosuch"_s} << u"unknown command 'nosuch'"_s;
    }
    void usageErrors()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, sentence);
        const SpacectlResult result = ctl(arguments);
        SPACECTL_COMPARE_EXIT(result, 2);
        QVERIFY2(result.err.startsWith(u"spacectl: "_s + sentence), result.describe().constData());
        QVERIFY2(result.err.contains(u"Try 'spacectl "_s), result.describe().constData());
        QVERIFY(result.out.isEmpty());
    }

    // ---- list, create, delete ---------------------------------------------------------

    void listOutput()
    {
        const SpacectlResult table = ctl({u"list"_s});
        SPACECTL_COMPARE_EXIT(table, 0);
        const QStringList lines = table.out.split(u'\n', Qt::SkipEmptyParts);
        QVERIFY2(QRegularExpression(u"^NAME +STATUS +ID +DESCRIPTION$"_s)
                     .match(lines.value(0))
                     .hasMatch(),
                 qPrintable(table.out));
        const qsizetype statusColumn = lines.first().indexOf(u"STATUS"_s);
        const qsizetype idColumn = lines.first().indexOf(u"ID "_s);
        bool sawDev = false;
        bool sawIdle = false;
        for (const QString &line : lines.mid(1)) {
            QVERIFY(line.mid(statusColumn).startsWith(u"running"_s) ||
                    line.mid(statusColumn).startsWith(u"stopped"_s));
            QVERIFY(isLowercaseUuid(line.mid(idColumn, 36)));
            if (line.startsWith(u"dev "_s)) {
                sawDev = true;
                QVERIFY(line.mid(statusColumn).startsWith(u"running"_s));
            }
            if (line.startsWith(u"idle "_s)) {
                sawIdle = true;
                QVERIFY(line.mid(statusColumn).startsWith(u"stopped"_s));
                QVERIFY(line.endsWith(u"Idle one"_s));
            }
        }
        QVERIFY(sawDev && sawIdle);

        const SpacectlResult json = ctl({u"list"_s, u"--json"_s});
        SPACECTL_COMPARE_EXIT(json, 0);
        QVERIFY(json.json().isArray());
        bool found = false;
        for (const QJsonValue &entry : json.json().array()) {
            const QJsonObject space = entry.toObject();
            // The seed's keys, and template, status and shell.
            QCOMPARE(space.keys(),
                     (QStringList{u"description"_s, u"id"_s, u"is_running"_s, u"name"_s, u"shell"_s,
                                  u"status"_s, u"template"_s}));
            if (space.value(u"name"_s) == u"idle"_s) {
                found = true;
                QCOMPARE(space.value(u"is_running"_s).toBool(), false);
                QCOMPARE(space.value(u"description"_s).toString(), u"Idle one"_s);
                QCOMPARE(space.value(u"template"_s).toString(), u"service"_s);
                QCOMPARE(space.value(u"status"_s).toString(), u"stopped"_s);
                QCOMPARE(space.value(u"shell"_s).toString(), u"bash"_s);
            }
            if (space.value(u"name"_s) == u"dev"_s) {
                QCOMPARE(space.value(u"template"_s).toString(), u"blank"_s);
                QCOMPARE(space.value(u"status"_s).toString(), u"running"_s);
            }
        }
        QVERIFY(found);
    }

    void createAndDelete()
    {
        const SpacectlResult created = ctl({u"create"_s, u"made"_s, u"blank"_s, u"--description"_s,
                                            u"A made space"_s, u"--shell"_s, u"sh"_s});
        SPACECTL_COMPARE_EXIT(created, 0);
        const QRegularExpressionMatch match =
            QRegularExpression(u"^Created space 'made' with id ([0-9a-f-]{36})\\.\\n$"_s)
                .match(created.out);
        QVERIFY2(match.hasMatch(), qPrintable(created.out));
        QCOMPARE(m_server->space(match.captured(1)).value(u"shell"_s).toString(), u"sh"_s);
        QCOMPARE(m_server->space(u"made"_s).value(u"description"_s).toString(), u"A made space"_s);

        // Options before the command, and =VALUE.
        const SpacectlResult json =
            ctl({u"--json"_s, u"--description=Second"_s, u"create"_s, u"made-two"_s, u"blank"_s});
        SPACECTL_COMPARE_EXIT(json, 0);
        QCOMPARE(json.json().object().value(u"name"_s).toString(), u"made-two"_s);
        QVERIFY(isLowercaseUuid(json.json().object().value(u"id"_s).toString()));
        QCOMPARE(m_server->space(u"made-two"_s).value(u"shell"_s).toString(), u"bash"_s);

        const SpacectlResult unknownTemplate = ctl({u"create"_s, u"made-three"_s, u"nope"_s});
        SPACECTL_COMPARE_EXIT(unknownTemplate, 1);
        QCOMPARE(unknownTemplate.err,
                 u"spacectl: template 'nope' not found (available: blank, service, web)\n"_s);
        const SpacectlResult duplicate = ctl({u"create"_s, u"made"_s, u"blank"_s});
        SPACECTL_COMPARE_EXIT(duplicate, 1);
        QCOMPARE(duplicate.err, u"spacectl: failed to save space: space name already used: choose "
                                u"another name ('spacectl list' shows the names taken)\n"_s);

        const SpacectlResult deleted = ctl({u"delete"_s, u"made"_s});
        SPACECTL_COMPARE_EXIT(deleted, 0);
        QCOMPARE(deleted.out, u"Deleted space 'made'.\n"_s);
        const SpacectlResult deletedJson = ctl({u"delete"_s, u"made-two"_s, u"--json"_s});
        SPACECTL_COMPARE_EXIT(deletedJson, 0);
        QCOMPARE(deletedJson.json().object(), (QJsonObject{{u"success"_s, true}}));
        const SpacectlResult running = ctl({u"delete"_s, u"dev"_s});
        SPACECTL_COMPARE_EXIT(running, 1);
        // A refusal says what to do.
        QCOMPARE(running.err,
                 u"spacectl: space cannot be deleted: stop it first: spacectl stop dev\n"_s);
        const SpacectlResult gone = ctl({u"delete"_s, u"made"_s});
        SPACECTL_COMPARE_EXIT(gone, 1);
        QCOMPARE(gone.err, u"spacectl: space not found: 'spacectl list' lists your spaces\n"_s);
    }

    // ---- start, stop, restart, is-running ---------------------------------------------

    void startStopAndIsRunning()
    {
        QVERIFY(!m_server->createSpace(u"cycle"_s, u"blank"_s).isEmpty());
        const SpacectlResult stopped = ctl({u"is-running"_s, u"cycle"_s});
        SPACECTL_COMPARE_EXIT(stopped, 3);
        QCOMPARE(stopped.out, u"stopped\n"_s);
        const SpacectlResult stoppedJson = ctl({u"--json"_s, u"is-running"_s, u"cycle"_s});
        SPACECTL_COMPARE_EXIT(stoppedJson, 3);
        QCOMPARE(stoppedJson.json().object(),
                 (QJsonObject{{u"name"_s, u"cycle"_s}, {u"is_running"_s, false}}));
        const SpacectlResult notRunning = ctl({u"restart"_s, u"cycle"_s});
        SPACECTL_COMPARE_EXIT(notRunning, 1);
        QCOMPARE(notRunning.err, u"spacectl: space cannot be restarted: it is not running: start "
                                 u"it with 'spacectl start cycle'\n"_s);

        const SpacectlResult started = ctl({u"start"_s, u"cycle"_s});
        SPACECTL_COMPARE_EXIT(started, 0);
        QCOMPARE(started.out, u"Started space 'cycle'.\n"_s);
        QTRY_VERIFY_WITH_TIMEOUT(isRunning(u"cycle"_s), StartTimeoutMs);
        const SpacectlResult running = ctl({u"is-running"_s, u"cycle"_s});
        SPACECTL_COMPARE_EXIT(running, 0);
        QCOMPARE(running.out, u"running\n"_s);
        const SpacectlResult again = ctl({u"start"_s, u"cycle"_s});
        SPACECTL_COMPARE_EXIT(again, 1);
        QCOMPARE(again.err, u"spacectl: space cannot be started: it is running or starting already "
                            u"('spacectl restart cycle' starts it afresh)\n"_s);

        const SpacectlResult restarted = ctl({u"restart"_s, u"cycle"_s, u"--json"_s});
        SPACECTL_COMPARE_EXIT(restarted, 0);
        QCOMPARE(restarted.json().object(), (QJsonObject{{u"success"_s, true}}));
        QTRY_VERIFY_WITH_TIMEOUT(isRunning(u"cycle"_s), StartTimeoutMs);
        const SpacectlResult stoppedNow = ctl({u"stop"_s, u"cycle"_s});
        SPACECTL_COMPARE_EXIT(stoppedNow, 0);
        QCOMPARE(stoppedNow.out, u"Stopped space 'cycle'.\n"_s);
        QTRY_VERIFY_WITH_TIMEOUT(!isRunning(u"cycle"_s), StartTimeoutMs);
        const SpacectlResult stopAgain = ctl({u"stop"_s, u"cycle"_s});
        SPACECTL_COMPARE_EXIT(stopAgain, 1);
        QCOMPARE(stopAgain.err, u"spacectl: space cannot be stopped: it is not running\n"_s);
        SPACECTL_COMPARE_EXIT(ctl({u"delete"_s, u"cycle"_s}), 0);

        for (const QString &command : {u"start"_s, u"stop"_s, u"restart"_s, u"is-running"_s,
                                       u"get-description"_s, u"port-list"_s}) {
            const SpacectlResult ghost = ctl({command, u"ghost"_s});
            SPACECTL_COMPARE_EXIT(ghost, 1);
            QVERIFY2(ghost.err.startsWith(u"spacectl: "_s) && ghost.err.contains(u"not found"_s),
                     ghost.describe().constData());
            QVERIFY(ghost.out.isEmpty());
        }
    }

    // ---- fields and description -------------------------------------------------------

    void fieldsAndDescription()
    {
        const SpacectlResult unset = ctl({u"get-field"_s, u"idle"_s, u"api_key"_s});
        SPACECTL_COMPARE_EXIT(unset, 0);
        QCOMPARE(unset.out, u"\n"_s);
        const SpacectlResult set =
            ctl({u"set-field"_s, u"idle"_s, u"api_key"_s, u"sk 1 \"two\" $HOME"_s});
        SPACECTL_COMPARE_EXIT(set, 0);
        QCOMPARE(set.out, u"Set field 'api_key' of space 'idle'.\n"_s);
        QCOMPARE(ctl({u"get-field"_s, u"idle"_s, u"api_key"_s}).out, u"sk 1 \"two\" $HOME\n"_s);
        // A value that starts with a dash, after --.
        SPACECTL_COMPARE_EXIT(
            ctl({u"set-field"_s, u"idle"_s, u"environment"_s, u"--"_s, u"-dashed"_s}), 0);
        const SpacectlResult json = ctl({u"get-field"_s, u"--json"_s, u"idle"_s, u"environment"_s});
        SPACECTL_COMPARE_EXIT(json, 0);
        QCOMPARE(json.json().object(),
                 (QJsonObject{{u"name"_s, u"environment"_s}, {u"value"_s, u"-dashed"_s}}));
        const SpacectlResult undefinedField =
            ctl({u"set-field"_s, u"idle"_s, u"nofield"_s, u"x"_s});
        SPACECTL_COMPARE_EXIT(undefinedField, 1);
        QCOMPARE(undefinedField.err,
                 u"spacectl: custom field 'nofield' not defined in template: 'spacectl templates' "
                 u"lists the fields of each template\n"_s);
        const SpacectlResult undefinedGet = ctl({u"get-field"_s, u"idle"_s, u"nofield"_s});
        SPACECTL_COMPARE_EXIT(undefinedGet, 1);
        QVERIFY(undefinedGet.err.startsWith(u"spacectl: "_s));

        const SpacectlResult description = ctl({u"get-description"_s, u"idle"_s});
        SPACECTL_COMPARE_EXIT(description, 0);
        QCOMPARE(description.out, u"Idle one\n"_s);
        const SpacectlResult changed = ctl({u"set-description"_s, u"idle"_s, u"Idle, still"_s});
        SPACECTL_COMPARE_EXIT(changed, 0);
        QCOMPARE(changed.out, u"Changed the description of space 'idle'.\n"_s);
        const SpacectlResult changedJson = ctl({u"--json"_s, u"get-description"_s, u"idle"_s});
        QCOMPARE(changedJson.json().object(), (QJsonObject{{u"description"_s, u"Idle, still"_s}}));
        // The custom field survived the write-back of the description.
        QCOMPARE(ctl({u"get-field"_s, u"idle"_s, u"api_key"_s}).out, u"sk 1 \"two\" $HOME\n"_s);
        SPACECTL_COMPARE_EXIT(ctl({u"set-description"_s, u"idle"_s, u"Idle one"_s}), 0);
    }

    // ---- run and run-script -----------------------------------------------------------

    void runPassesArgumentsThrough()
    {
        const SpacectlResult listing = ctl({u"run"_s, u"dev"_s, u"ls"_s, u"-la"_s, u"/"_s});
        SPACECTL_COMPARE_EXIT(listing, 0);
        QVERIFY2(listing.out.contains(u" tmp\n"_s) && listing.out.contains(u" ..\n"_s),
                 qPrintable(listing.out));
        // Spaces, quotes, $HOME, glob characters, and words that look like spacectl's options.
        const SpacectlResult tricky =
            ctl({u"run"_s, u"dev"_s, u"printf"_s, u"%s|"_s, u"a b"_s, u"it's"_s, u"\"q\""_s,
                 u"$HOME"_s, u"-x"_s, u"--json"_s, u"--help"_s, u"--"_s, u"*"_s, u"`id`"_s, u""_s});
        SPACECTL_COMPARE_EXIT(tricky, 0);
        QCOMPARE(tricky.out, u"a b|it's|\"q\"|$HOME|-x|--json|--help|--|*|`id`||"_s);
        const SpacectlResult workdir =
            ctl({u"run"_s, u"--workdir"_s, u"/tmp"_s, u"dev"_s, u"pwd"_s});
        SPACECTL_COMPARE_EXIT(workdir, 0);
        QCOMPARE(workdir.out, u"/tmp\n"_s);
        const SpacectlResult json = ctl({u"--json"_s, u"run"_s, u"dev"_s, u"echo"_s, u"hi"_s});
        SPACECTL_COMPARE_EXIT(json, 0);
        QCOMPARE(json.json().object().value(u"success"_s).toBool(), true);
        QCOMPARE(json.json().object().value(u"output"_s).toString(), u"hi\n"_s);
    }

    void runFailures()
    {
        const SpacectlResult failed =
            ctl({u"run"_s, u"dev"_s, u"sh"_s, u"-c"_s, u"echo partial; exit 3"_s});
        // The command's own status, as docker exec gives it.
        SPACECTL_COMPARE_EXIT(failed, 3);
        QCOMPARE(failed.out, u"partial\n"_s);
        QCOMPARE(failed.err, QString());
        const SpacectlResult failedJson =
            ctl({u"run"_s, u"--json"_s, u"dev"_s, u"sh"_s, u"-c"_s, u"exit 4"_s});
        SPACECTL_COMPARE_EXIT(failedJson, 1);
        QCOMPARE(failedJson.json().object().value(u"success"_s).toBool(), false);
        QCOMPARE(failedJson.json().object().value(u"exit_code"_s).toInt(), 4);

        QElapsedTimer timer;
        timer.start();
        const SpacectlResult slow = ctl({u"run"_s, u"--timeout"_s, u"1"_s, u"dev"_s, u"sh"_s,
                                         u"-c"_s, u"echo before; sleep 20"_s});
        QVERIFY(timer.elapsed() < 15000);
        SPACECTL_COMPARE_EXIT(slow, 124);
        QCOMPARE(slow.out, u"before\n"_s);
        QCOMPARE(slow.err, u"spacectl: Command timed out\n"_s);

        const SpacectlResult stopped = ctl({u"run"_s, u"idle"_s, u"true"_s});
        SPACECTL_COMPARE_EXIT(stopped, 125);
        QCOMPARE(stopped.err,
                 u"spacectl: space 'idle' is not running: start it first: spacectl start idle\n"_s);
    }

    void runScript()
    {
        const SpacectlResult greeted = ctl({u"run-script"_s, u"dev"_s, u"greet"_s, u"one"_s,
                                            u"two words"_s, u"-x"_s, u"$HOME"_s, u"--json"_s});
        SPACECTL_COMPARE_EXIT(greeted, 0);
        QCOMPARE(greeted.out, u"[one][two words][-x][$HOME][--json]\n"_s);
        const SpacectlResult json =
            ctl({u"--json"_s, u"run-script"_s, u"dev"_s, u"greet"_s, u"a"_s});
        SPACECTL_COMPARE_EXIT(json, 0);
        QCOMPARE(json.json().object().value(u"output"_s).toString(), u"[a]\n"_s);
        QCOMPARE(json.json().object().value(u"exit_code"_s).toInt(), 0);

        const SpacectlResult failing = ctl({u"run-script"_s, u"dev"_s, u"failing"_s});
        SPACECTL_COMPARE_EXIT(failing, 1);
        QCOMPARE(failing.out, u"about to fail\n"_s);
        QVERIFY2(failing.err.startsWith(u"spacectl: script 'failing' failed: "_s) &&
                     failing.err.contains(u"exit status 3"_s),
                 failing.describe().constData());
        const SpacectlResult unknown = ctl({u"run-script"_s, u"dev"_s, u"nope"_s});
        SPACECTL_COMPARE_EXIT(unknown, 1);
        QCOMPARE(
            unknown.err,
            u"spacectl: script not found: 'spacectl scripts' lists the scripts you can run\n"_s);
        const SpacectlResult stopped = ctl({u"run-script"_s, u"idle"_s, u"greet"_s});
        SPACECTL_COMPARE_EXIT(stopped, 1);
        QCOMPARE(stopped.err,
                 u"spacectl: Space is not running: start it first: spacectl start idle\n"_s);
    }

    // ---- port forwards ----------------------------------------------------------------

    void portForwards()
    {
        const QString local = QString::number(freeTcpPort());
        const QString remote = QString::number(freeTcpPort());
        const SpacectlResult forwarded =
            ctl({u"port-forward"_s, u"dev"_s, local, u"other"_s, remote});
        SPACECTL_COMPARE_EXIT(forwarded, 0);
        QCOMPARE(forwarded.out,
                 u"Forwarding port %1 of space 'dev' to port %2 of space 'other'.\n"_s.arg(local,
                                                                                           remote));

        const SpacectlResult table = ctl({u"port-list"_s, u"dev"_s});
        SPACECTL_COMPARE_EXIT(table, 0);
        const QStringList lines = table.out.split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 2);
        QVERIFY2(
            QRegularExpression(u"^LOCAL PORT +SPACE +REMOTE PORT$"_s).match(lines.at(0)).hasMatch(),
            qPrintable(table.out));
        QVERIFY2(QRegularExpression(u"^%1 +other +%2$"_s.arg(local, remote))
                     .match(lines.at(1))
                     .hasMatch(),
                 qPrintable(table.out));
        QCOMPARE(lines.at(1).indexOf(u"other"_s), lines.at(0).indexOf(u"SPACE"_s));
        const SpacectlResult json = ctl({u"port-list"_s, u"dev"_s, u"--json"_s});
        SPACECTL_COMPARE_EXIT(json, 0);
        QCOMPARE(json.json().array(), (QJsonArray{QJsonObject{{u"local_port"_s, local.toInt()},
                                                              {u"space"_s, u"other"_s},
                                                              {u"remote_port"_s, remote.toInt()},
                                                              {u"persistent"_s, false}}}));

        const SpacectlResult taken = ctl({u"port-forward"_s, u"other"_s, local, u"dev"_s, remote});
        SPACECTL_COMPARE_EXIT(taken, 1);
        QCOMPARE(taken.err,
                 u"spacectl: local port %1 is already in use by a forward of space 'dev': choose "
                 u"another port, or stop that forward: spacectl port-stop dev %1\n"_s.arg(local));
        const SpacectlResult stopped =
            ctl({u"port-forward"_s, u"idle"_s, QString::number(freeTcpPort()), u"dev"_s, remote});
        SPACECTL_COMPARE_EXIT(stopped, 1);
        QCOMPARE(stopped.err,
                 u"spacectl: space 'idle' is not running: start it first: spacectl start idle\n"_s);
        const SpacectlResult noTarget =
            ctl({u"port-forward"_s, u"dev"_s, QString::number(freeTcpPort()), u"ghost"_s, remote});
        SPACECTL_COMPARE_EXIT(noTarget, 1);
        QCOMPARE(noTarget.err,
                 u"spacectl: Target space not found: 'spacectl list' lists your spaces\n"_s);

        const SpacectlResult stop = ctl({u"port-stop"_s, u"dev"_s, local});
        SPACECTL_COMPARE_EXIT(stop, 0);
        QCOMPARE(stop.out, u"Stopped forwarding port %1 of space 'dev'.\n"_s.arg(local));
        const SpacectlResult stopAgain = ctl({u"port-stop"_s, u"dev"_s, local});
        SPACECTL_COMPARE_EXIT(stopAgain, 1);
        QCOMPARE(stopAgain.err, u"spacectl: Port forward not found: 'spacectl port-list dev' lists "
                                u"its forwards\n"_s);
        QCOMPARE(ctl({u"port-list"_s, u"dev"_s}).out, u"No port forwards from space 'dev'.\n"_s);
        QCOMPARE(ctl({u"port-list"_s, u"dev"_s, u"--json"_s}).json().array(), QJsonArray());
    }

    void persistentForward()
    {
        const QString local = QString::number(freeTcpPort());
        const QString remote = QString::number(freeTcpPort());
        const SpacectlResult forwarded =
            ctl({u"port-forward"_s, u"--persistent"_s, u"dev"_s, local, u"other"_s, remote});
        SPACECTL_COMPARE_EXIT(forwarded, 0);
        QCOMPARE(forwarded.out,
                 u"Forwarding port %1 of space 'dev' to port %2 of space 'other'. It comes back "
                 u"whenever 'dev' starts again.\n"_s.arg(local, remote));
        const QJsonArray forwards = ctl({u"port-list"_s, u"dev"_s, u"--json"_s}).json().array();
        QCOMPARE(forwards.size(), 1);
        QCOMPARE(forwards.at(0)[u"persistent"_s].toBool(), true);
        // Kept across a restart of the source space, which a plain forward is not.
        SPACECTL_COMPARE_EXIT(ctl({u"restart"_s, u"dev"_s}), 0);
        QTRY_VERIFY_WITH_TIMEOUT(isRunning(u"dev"_s), StartTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(
            ctl({u"port-list"_s, u"dev"_s, u"--json"_s}).json().array().size(), 1, StartTimeoutMs);
        SPACECTL_COMPARE_EXIT(ctl({u"port-stop"_s, u"dev"_s, local}), 0);
        const SpacectlResult flagValue =
            ctl({u"port-forward"_s, u"--persistent=yes"_s, u"dev"_s, local, u"other"_s, remote});
        SPACECTL_COMPARE_EXIT(flagValue, 2);
        QVERIFY(flagValue.err.startsWith(u"spacectl: option --persistent takes no value"_s));
    }

    // ---- create --field ---------------------------------------------------------------

    void createWithFields()
    {
        const SpacectlResult created =
            ctl({u"create"_s, u"fielded"_s, u"service"_s, u"--field"_s, u"api_key=sk=1 2"_s,
                 u"--field=interval=7"_s, u"--field"_s, u"environment="_s});
        SPACECTL_COMPARE_EXIT(created, 0);
        QCOMPARE(ctl({u"get-field"_s, u"fielded"_s, u"api_key"_s}).out, u"sk=1 2\n"_s);
        QCOMPARE(ctl({u"get-field"_s, u"fielded"_s, u"interval"_s}).out, u"7\n"_s);
        QCOMPARE(ctl({u"get-field"_s, u"fielded"_s, u"environment"_s}).out, u"\n"_s);
        SPACECTL_COMPARE_EXIT(ctl({u"delete"_s, u"fielded"_s}), 0);

        const SpacectlResult undefined =
            ctl({u"create"_s, u"fielded"_s, u"blank"_s, u"--field"_s, u"port=8000"_s});
        SPACECTL_COMPARE_EXIT(undefined, 1);
        QVERIFY2(undefined.err.contains(u"'port'"_s) &&
                     undefined.err.endsWith(
                         u": 'spacectl templates' lists the fields of each template\n"_s),
                 undefined.describe().constData());
        // Refused as a whole: no space without its fields.
        SPACECTL_COMPARE_EXIT(ctl({u"get-description"_s, u"fielded"_s}), 1);
    }

    void createFieldUsageErrors_data()
    {
        QTest::addColumn<QStringList>("fields");
        QTest::addColumn<QString>("sentence");
        QTest::newRow("no equals")
            << QStringList{u"port"_s}
            << u"--field takes NAME=VALUE, e.g. --field port=8000 (got 'port')"_s;
        QTest::newRow("no name")
            << QStringList{u"=8000"_s}
            << u"--field takes NAME=VALUE, e.g. --field port=8000 (got '=8000')"_s;
        QTest::newRow("bad name") << QStringList{u"my port=1"_s}
                                  << u"invalid custom field name 'my port'"_s;
        QTest::newRow("twice") << QStringList{u"port=1"_s, u"port=2"_s}
                               << u"--field port is given twice: give each field once"_s;
    }
    void createFieldUsageErrors()
    {
        QFETCH(QStringList, fields);
        QFETCH(QString, sentence);
        QStringList arguments{u"create"_s, u"fielded"_s, u"web"_s};
        for (const QString &field : fields)
            arguments << u"--field"_s << field;
        const SpacectlResult result = ctl(arguments);
        SPACECTL_COMPARE_EXIT(result, 2);
        QVERIFY2(result.err.startsWith(u"spacectl: "_s + sentence), result.describe().constData());
    }

    // ---- --json errors ----------------------------------------------------------------

    void jsonErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("error");
        QTest::addColumn<int>("status");
        QTest::newRow("refused") << QStringList{u"delete"_s, u"dev"_s} << 1
                                 << u"space cannot be deleted: stop it first: spacectl stop dev"_s
                                 << 423;
        QTest::newRow("not found")
            << QStringList{u"start"_s, u"ghost"_s} << 1
            << u"space not found: 'spacectl list' lists your spaces"_s << 404;
        QTest::newRow("not running")
            << QStringList{u"run-script"_s, u"idle"_s, u"greet"_s} << 1
            << u"Space is not running: start it first: spacectl start idle"_s << 503;
        QTest::newRow("usage") << QStringList{u"start"_s} << 2 << u"'start' needs NAME"_s << 400;
        QTest::newRow("usage before --json")
            << QStringList{u"list"_s, u"--frob"_s} << 2 << u"unknown option '--frob'"_s << 400;
        QTest::newRow("bad field")
            << QStringList{u"create"_s, u"x-y"_s, u"web"_s, u"--field"_s, u"p"_s} << 2
            << u"--field takes NAME=VALUE, e.g. --field port=8000 (got 'p')"_s << 400;
    }
    void jsonErrors()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, error);
        QFETCH(int, status);
        // First: after run-script's SPACE every word is the script's.
        arguments.prepend(u"--json"_s);
        const SpacectlResult result = ctl(arguments);
        SPACECTL_COMPARE_EXIT(result, exitCode);
        QVERIFY(result.out.isEmpty());
        // One line of JSON on stderr, nothing else.
        QVERIFY2(result.err.endsWith(u'\n') && result.err.count(u'\n') == 1,
                 result.describe().constData());
        const QJsonDocument document = QJsonDocument::fromJson(result.err.toUtf8());
        QCOMPARE(document.object(), (QJsonObject{{u"error"_s, error}, {u"status"_s, status}}));
    }

    void jsonErrorWithoutServer()
    {
        const SpacectlRunner plain;
        const SpacectlResult result =
            plain.run({u"--json"_s, u"--server"_s, u"http://127.0.0.1:%1"_s.arg(freeTcpPort()),
                       u"--token"_s, u"x"_s, u"list"_s});
        SPACECTL_COMPARE_EXIT(result, 1);
        const QJsonObject error = QJsonDocument::fromJson(result.err.toUtf8()).object();
        QCOMPARE(error.value(u"status"_s).toInt(-1), 0);
        QVERIFY2(!error.value(u"error"_s).toString().isEmpty(), result.describe().constData());
    }

    // ---- discovery --------------------------------------------------------------------

    void templatesAndScripts()
    {
        const SpacectlResult templates = ctl({u"templates"_s});
        SPACECTL_COMPARE_EXIT(templates, 0);
        QVERIFY2(
            QRegularExpression(u"^NAME +FIELDS +DESCRIPTION\\n"_s).match(templates.out).hasMatch(),
            qPrintable(templates.out));
        QVERIFY2(QRegularExpression(u"\\nservice +environment, api_key, interval +A long-running"_s)
                     .match(templates.out)
                     .hasMatch(),
                 qPrintable(templates.out));
        QVERIFY(
            QRegularExpression(u"\\nblank +- +An empty space"_s).match(templates.out).hasMatch());
        const SpacectlResult templatesJson = ctl({u"templates"_s, u"--json"_s});
        SPACECTL_COMPARE_EXIT(templatesJson, 0);
        bool sawService = false;
        for (const QJsonValue &entry : templatesJson.json().array()) {
            if (entry[u"name"_s] == u"service"_s) {
                sawService = true;
                QCOMPARE(entry[u"custom_fields"_s].toArray().at(1)[u"name"_s].toString(),
                         u"api_key"_s);
            }
        }
        QVERIFY(sawService);

        const SpacectlResult scripts = ctl({u"scripts"_s});
        SPACECTL_COMPARE_EXIT(scripts, 0);
        QVERIFY2(
            QRegularExpression(u"^NAME +SCOPE +DESCRIPTION\\n"_s).match(scripts.out).hasMatch(),
            qPrintable(scripts.out));
        QVERIFY(QRegularExpression(u"\\ngreet +global"_s).match(scripts.out).hasMatch());
        const SpacectlResult scriptsJson = ctl({u"--json"_s, u"scripts"_s});
        SPACECTL_COMPARE_EXIT(scriptsJson, 0);
        QStringList names;
        for (const QJsonValue &entry : scriptsJson.json().array())
            names.append(entry[u"name"_s].toString());
        QVERIFY(names.contains(u"greet"_s) && names.contains(u"failing"_s));
    }

    // ---- choosing the server ----------------------------------------------------------

    void serverOptions()
    {
        const SpacectlRunner plain; // no SPACES_URL: the options must do
        const QString url = m_server->process.url().toString();
        const SpacectlResult options =
            plain.run({u"--server"_s, url, u"--token"_s, m_server->process.token(), u"is-running"_s,
                       u"dev"_s});
        SPACECTL_COMPARE_EXIT(options, 0);
        // After the command, and with /api/ on the address.
        const SpacectlResult after =
            plain.run({u"is-running"_s, u"dev"_s, u"--server="_s + url + u"/api/"_s, u"--token"_s,
                       m_server->process.token()});
        SPACECTL_COMPARE_EXIT(after, 0);
        // The options win over the environment.
        const SpacectlResult wrongToken = ctl({u"--token"_s, u"not-a-token"_s, u"list"_s});
        SPACECTL_COMPARE_EXIT(wrongToken, 1);
        QCOMPARE(wrongToken.err, u"spacectl: Authentication token is not valid: check the token "
                                 u"(--token or SPACES_TOKEN)\n"_s);
        const SpacectlResult nobody =
            plain.run({u"--server"_s, u"http://127.0.0.1:%1"_s.arg(freeTcpPort()), u"--token"_s,
                       u"x"_s, u"list"_s});
        SPACECTL_COMPARE_EXIT(nobody, 1);
        QVERIFY2(nobody.err.startsWith(u"spacectl: "_s) && nobody.err.size() > 12,
                 nobody.describe().constData());
        // Half a server is a usage error.
        const SpacectlResult noToken = plain.run({u"--server"_s, url, u"list"_s});
        SPACECTL_COMPARE_EXIT(noToken, 2);
        QVERIFY2(noToken.err.startsWith(u"spacectl: --server needs --token TOKEN"_s),
                 noToken.describe().constData());
        const SpacectlResult noServer = plain.run({u"--token"_s, u"abc"_s, u"list"_s});
        SPACECTL_COMPARE_EXIT(noServer, 2);
        QVERIFY2(noServer.err.startsWith(u"spacectl: --token needs --server URL"_s),
                 noServer.describe().constData());
    }
};

QTEST_GUILESS_MAIN(SpacectlTest)
#include "tst_spacectl.moc"
