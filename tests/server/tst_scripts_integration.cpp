// execute-script against real spaces: stored scripts by name or id and inline content, run
// by the interpreter of their #! line or else the space's shell, with $1..$n unchanged; and
// the documented refusals.
#include "ServerTestHelpers.h"
#include "SpaceTestKit.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QTemporaryFile>
#include <QTest>

using namespace spaces::test;
using namespace Qt::StringLiterals;

namespace {

const QString PythonArgv =
    u"#!/usr/bin/env python3\nimport json, sys\nsys.stdout.write(json.dumps(sys.argv[1:]))\n"_s;

QJsonObject result(const QString &output, const QString &error = {}, int exitCode = 0)
{
    return {{u"output"_s, output}, {u"error"_s, error}, {u"exit_code"_s, exitCode}};
}

} // namespace

class ScriptsIntegrationTest final : public QObject
{
    Q_OBJECT

private:
    ApiReply execute(const QString &space, const QJsonObject &body) const
    {
        return m_server->api().post(u"/api/spaces/%1/execute-script"_s.arg(space), body);
    }

    std::unique_ptr<TestServer> m_server;
    QString m_greetId;
    QString m_bashId;

private Q_SLOTS:
    void initTestCase()
    {
        m_server = std::make_unique<TestServer>();
        QString problem;
        QVERIFY2(m_server->start(&problem), qPrintable(problem));
        m_bashId = m_server->createSpace(u"scr-bash"_s, u"blank"_s, {}, u"bash"_s);
        QVERIFY(!m_bashId.isEmpty());
        QCOMPARE(m_server->startSpace(m_bashId), 200);
        const QString sh = m_server->createSpace(u"scr-sh"_s, u"blank"_s, {}, u"sh"_s);
        QVERIFY(!sh.isEmpty());
        QCOMPARE(m_server->startSpace(sh), 200);
        QVERIFY(!m_server->createSpace(u"scr-stopped"_s, u"blank"_s).isEmpty());

        const ApiReply stored = m_server->api().post(
            u"/api/scripts"_s,
            {{u"name"_s, u"greet"_s},
             {u"user_id"_s, u"current"_s},
             {u"description"_s, u"says hello"_s},
             {u"content"_s, u"#!/bin/sh\necho \"hello $1\"; echo \"args: $#\"\n"_s}});
        QCOMPARE(stored.status, 201);
        m_greetId = stored.json.value(u"id"_s).toString();
        QVERIFY(!m_greetId.isEmpty());
    }

    void cleanupTestCase() { m_server.reset(); }

    void storedScriptByNameOrId_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::newRow("by name") << u"script_name"_s << u"greet"_s;
        QTest::newRow("by id") << u"script_id"_s << u"@id"_s;
    }

    void storedScriptByNameOrId()
    {
        QFETCH(QString, key);
        QFETCH(QString, value);
        if (value == u"@id"_s)
            value = m_greetId;
        const ApiReply reply =
            execute(u"scr-bash"_s, {{key, value}, {u"arguments"_s, QJsonArray{u"big world"_s}}});
        SPACES_COMPARE_STATUS(reply, 200);
        QCOMPARE(reply.json, result(u"hello big world\nargs: 1\n"_s));
    }

    void globalScriptFromAdminCommand()
    {
        QTemporaryFile file;
        QVERIFY(file.open());
        file.write("echo \"global in $SPACE_NAME\"\n");
        file.close();
        QByteArray output;
        QByteArray errors;
        QCOMPARE(m_server->process.runAdminCommand(
                     {u"script"_s, u"add"_s, u"shared"_s, file.fileName()}, &output, &errors),
                 0);
        const ApiReply reply = execute(u"scr-bash"_s, {{u"script_name"_s, u"shared"_s}});
        SPACES_COMPARE_STATUS(reply, 200);
        QCOMPARE(reply.json, result(u"global in scr-bash\n"_s));
    }

    void inlineContentRunsInHome()
    {
        const ApiReply reply = execute(
            u"scr-bash"_s, {{u"content"_s, u"echo inline; pwd -P; echo \"$SPACE_NAME\""_s}});
        SPACES_COMPARE_STATUS(reply, 200);
        QCOMPARE(reply.json, result(u"inline\n/home/scr-bash\nscr-bash\n"_s));
        // The temporary script file is gone afterwards.
        QVERIFY(QDir(m_server->spaceDirectory(m_bashId) + u"/scripts"_s)
                    .isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden));
    }

    void withoutShebangTheSpaceShellRuns_data()
    {
        QTest::addColumn<QString>("space");
        QTest::addColumn<QString>("shell");
        QTest::newRow("bash") << u"scr-bash"_s << u"bash"_s;
        QTest::newRow("sh") << u"scr-sh"_s << u"sh"_s;
    }

    void withoutShebangTheSpaceShellRuns()
    {
        QFETCH(QString, space);
        QFETCH(QString, shell);
        const QString expected =
            QFileInfo(QStandardPaths::findExecutable(shell)).canonicalFilePath();
        QVERIFY(!expected.isEmpty());
        const ApiReply reply = execute(space, {{u"content"_s, u"readlink /proc/$$/exe"_s}});
        SPACES_COMPARE_STATUS(reply, 200);
        QCOMPARE(reply.json, result(expected + u'\n'));
    }

    void arguments_data()
    {
        QTest::addColumn<QString>("content");
        QTest::addColumn<QStringList>("args");
        const QList<std::pair<const char *, QStringList>> cases{
            {"plain", {u"one"_s, u"two"_s}},
            {"spaces and quotes", {u"a b"_s, u"it's"_s, u"\"q\""_s}},
            {"shell syntax", {u"$HOME"_s, u"`id`"_s, u"$(id)"_s, u"; rm -rf x"_s, u"*"_s, u"|"_s}},
            {"newline, tab, backslash", {u"x\ny"_s, u"a\tb"_s, u"\\"_s}},
            {"empty strings", {u""_s, u"mid"_s, u""_s}},
            {"non-ASCII", {u"grüße"_s, u"日本"_s}},
            {"options", {u"-e"_s, u"--"_s, u"-c"_s}},
            {"more than nine",
             {u"1"_s, u"2"_s, u"3"_s, u"4"_s, u"5"_s, u"6"_s, u"7"_s, u"8"_s, u"9"_s, u"ten"_s,
              u"eleven"_s}},
        };
        for (const auto &[name, args] : cases) {
            QTest::addRow("python: %s", name) << PythonArgv << args;
            QTest::addRow("shell: %s", name) << u"printf '%s\\0' \"$@\""_s << args;
        }
    }

    void arguments()
    {
        QFETCH(QString, content);
        QFETCH(QStringList, args);
        const ApiReply reply =
            execute(u"scr-bash"_s,
                    {{u"content"_s, content}, {u"arguments"_s, QJsonArray::fromStringList(args)}});
        SPACES_COMPARE_STATUS(reply, 200);
        QCOMPARE(reply.json.value(u"exit_code"_s).toInt(-1), 0);
        const QString output = reply.json.value(u"output"_s).toString();
        if (content.startsWith(u"#!"_s)) {
            QCOMPARE(QJsonDocument::fromJson(output.toUtf8()).array().toVariantList(),
                     QJsonArray::fromStringList(args).toVariantList());
        } else {
            QString expected;
            for (const QString &arg : args)
                expected += arg + QChar(u'\0');
            QCOMPARE(output, expected);
        }
    }

    void shebangWithArgumentAndCrlf()
    {
        // "#!/bin/sh -e" with a CRLF ending: the interpreter gets "-e" (not "-e\r"), so the
        // script stops at the first failure.
        const ApiReply strict = execute(
            u"scr-bash"_s, {{u"content"_s, u"#!/bin/sh -e\r\necho before\nfalse\necho after\n"_s}});
        QCOMPARE(strict.status, 200);
        QCOMPARE(strict.json, result(u"before\n"_s, u"exit status 1"_s, 1));
    }

    void nonZeroExit()
    {
        const ApiReply reply =
            execute(u"scr-bash"_s, {{u"content"_s, u"echo partial; echo oops >&2; exit 4"_s}});
        SPACES_COMPARE_STATUS(reply, 200);
        QCOMPARE(reply.json, result(u"partial\noops\n"_s, u"exit status 4"_s, 4));
        const ApiReply python = execute(
            u"scr-bash"_s,
            {{u"content"_s, u"#!/usr/bin/env python3\nimport sys\nprint('py')\nsys.exit(7)\n"_s}});
        QCOMPARE(python.json, result(u"py\n"_s, u"exit status 7"_s, 7));
    }

    void timeout()
    {
        const ApiReply reply = execute(
            u"scr-bash"_s, {{u"content"_s, u"echo started; sleep 100"_s}, {u"timeout"_s, 1}});
        SPACES_COMPARE_STATUS(reply, 200);
        QCOMPARE(reply.json.value(u"error"_s).toString(), u"Command timed out"_s);
        QCOMPARE(reply.json.value(u"output"_s).toString(), u"started\n"_s);
        QVERIFY(reply.json.value(u"exit_code"_s).toInt() != 0);
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("space");
        QTest::addColumn<QJsonObject>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("sentence");
        const QString exactlyOne = u"give exactly one of script_id, script_name or content"_s;
        QTest::newRow("unknown name") << u"scr-bash"_s << QJsonObject{{u"script_name"_s, u"nope"_s}}
                                      << 404 << u"script not found"_s;
        QTest::newRow("unknown id")
            << u"scr-bash"_s
            << QJsonObject{{u"script_id"_s, QUuid::createUuid().toString(QUuid::WithoutBraces)}}
            << 404 << u"script not found"_s;
        QTest::newRow("unknown space") << u"nowhere"_s << QJsonObject{{u"content"_s, u"true"_s}}
                                       << 404 << u"space not found"_s;
        QTest::newRow("not running, inline")
            << u"scr-stopped"_s << QJsonObject{{u"content"_s, u"true"_s}} << 503
            << u"Space is not running"_s;
        QTest::newRow("not running, stored")
            << u"scr-stopped"_s << QJsonObject{{u"script_name"_s, u"greet"_s}} << 503
            << u"Space is not running"_s;
        QTest::newRow("none given") << u"scr-bash"_s << QJsonObject{} << 400 << exactlyOne;
        QTest::newRow("only arguments")
            << u"scr-bash"_s << QJsonObject{{u"arguments"_s, QJsonArray{u"a"_s}}} << 400
            << exactlyOne;
        QTest::newRow("name and content")
            << u"scr-bash"_s
            << QJsonObject{{u"script_name"_s, u"greet"_s}, {u"content"_s, u"true"_s}} << 400
            << exactlyOne;
        QTest::newRow("id and name")
            << u"scr-bash"_s
            << QJsonObject{{u"script_name"_s, u"greet"_s}, {u"script_id"_s, u"x"_s}} << 400
            << exactlyOne;
        QTest::newRow("all three") << u"scr-bash"_s
                                   << QJsonObject{{u"script_name"_s, u"greet"_s},
                                                  {u"script_id"_s, u"x"_s},
                                                  {u"content"_s, u"true"_s}}
                                   << 400 << exactlyOne;
        QTest::newRow("arguments not strings")
            << u"scr-bash"_s
            << QJsonObject{{u"content"_s, u"true"_s}, {u"arguments"_s, QJsonArray{1}}} << 400
            << u"field 'arguments' must be a list of strings"_s;
    }

    void refusals()
    {
        QFETCH(QString, space);
        QFETCH(QJsonObject, body);
        QFETCH(int, status);
        QFETCH(QString, sentence);
        const ApiReply reply = execute(space, body);
        QCOMPARE(reply.status, status);
        QCOMPARE(reply.json, (QJsonObject{{u"error"_s, sentence}}));
    }
};

QTEST_GUILESS_MAIN(ScriptsIntegrationTest)
#include "tst_scripts_integration.moc"
