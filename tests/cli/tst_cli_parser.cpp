// spacectl's parts that need no server, in-process: parsing (options anywhere, pass-through
// after SPACE for run and run-script, "--"), the usage checks, tables and help.
#include "CliApplication.h"
#include "CliCommandTable.h"
#include "CliHelp.h"
#include "CliOutput.h"
#include "CliParser.h"
#include "CliUsageCheck.h"

#include <QTest>

using namespace spaces;
using namespace Qt::StringLiterals;

using OptionMap = QMap<QString, QString>;

class CliParserTest final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parses_data()
    {
        QTest::addColumn<QStringList>("words");
        QTest::addColumn<QString>("command");
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<OptionMap>("options");
        QTest::addColumn<bool>("json");

        QTest::newRow("plain") << QStringList{u"list"_s} << u"list"_s << QStringList{}
                               << OptionMap{} << false;
        QTest::newRow("json before") << QStringList{u"--json"_s, u"list"_s} << u"list"_s
                                     << QStringList{} << OptionMap{} << true;
        QTest::newRow("json after") << QStringList{u"start"_s, u"dev"_s, u"--json"_s} << u"start"_s
                                    << QStringList{u"dev"_s} << OptionMap{} << true;
        QTest::newRow("create with options")
            << QStringList{u"create"_s, u"--shell"_s, u"zsh"_s,
                           u"dev"_s,    u"service"_s, u"--description=A b"_s}
            << u"create"_s << QStringList{u"dev"_s, u"service"_s}
            << OptionMap{{u"shell"_s, u"zsh"_s}, {u"description"_s, u"A b"_s}} << false;
        QTest::newRow("flag alone")
            << QStringList{u"logs"_s, u"dev"_s, u"--follow"_s} << u"logs"_s << QStringList{u"dev"_s}
            << OptionMap{{u"follow"_s, u"true"_s}} << false;
        QTest::newRow("short flag before the value option")
            << QStringList{u"logs"_s, u"-f"_s, u"--lines"_s, u"5"_s, u"dev"_s} << u"logs"_s
            << QStringList{u"dev"_s} << OptionMap{{u"follow"_s, u"true"_s}, {u"lines"_s, u"5"_s}}
            << false;
        QTest::newRow("flag before the command")
            << QStringList{u"-f"_s, u"logs"_s, u"dev"_s} << u"logs"_s << QStringList{u"dev"_s}
            << OptionMap{{u"follow"_s, u"true"_s}} << false;
        QTest::newRow("option before command")
            << QStringList{u"--description"_s, u"x"_s, u"create"_s, u"dev"_s, u"blank"_s}
            << u"create"_s << QStringList{u"dev"_s, u"blank"_s}
            << OptionMap{{u"description"_s, u"x"_s}} << false;
        QTest::newRow("run passes through")
            << QStringList{u"run"_s, u"dev"_s, u"ls"_s, u"-la"_s, u"/"_s} << u"run"_s
            << QStringList{u"dev"_s, u"ls"_s, u"-la"_s, u"/"_s} << OptionMap{} << false;
        QTest::newRow("run options before SPACE only")
            << QStringList{u"run"_s,    u"--timeout"_s, u"5"_s,         u"--json"_s,
                           u"dev"_s,    u"cmd"_s,       u"--timeout"_s, u"9"_s,
                           u"--json"_s, u"--"_s,        u"-h"_s}
            << u"run"_s << QStringList{u"dev"_s,    u"cmd"_s, u"--timeout"_s, u"9"_s,
                                       u"--json"_s, u"--"_s,  u"-h"_s}
            << OptionMap{{u"timeout"_s, u"5"_s}} << true;
        QTest::newRow("run-script passes through")
            << QStringList{u"run-script"_s, u"dev"_s, u"deploy"_s, u"--force"_s, u"two words"_s}
            << u"run-script"_s << QStringList{u"dev"_s, u"deploy"_s, u"--force"_s, u"two words"_s}
            << OptionMap{} << false;
        QTest::newRow("script passes through")
            << QStringList{u"script"_s, u"deploy.py"_s, u"-v"_s, u"--json"_s, u"two words"_s}
            << u"script"_s << QStringList{u"deploy.py"_s, u"-v"_s, u"--json"_s, u"two words"_s}
            << OptionMap{} << false;
        QTest::newRow("double dash")
            << QStringList{u"set-field"_s, u"dev"_s, u"api_key"_s, u"--"_s, u"-secret"_s}
            << u"set-field"_s << QStringList{u"dev"_s, u"api_key"_s, u"-secret"_s} << OptionMap{}
            << false;
        QTest::newRow("lone dash is an argument")
            << QStringList{u"set-description"_s, u"dev"_s, u"-"_s} << u"set-description"_s
            << QStringList{u"dev"_s, u"-"_s} << OptionMap{} << false;
    }
    void parses()
    {
        QFETCH(QStringList, words);
        CliInvocation invocation;
        QString error;
        QVERIFY2(CliParser::parse(words, &invocation, &error), qPrintable(error));
        QTEST(invocation.command, "command");
        QTEST(invocation.arguments, "arguments");
        QTEST(invocation.options, "options");
        QTEST(invocation.json, "json");
        QVERIFY(invocation.spec);
        QCOMPARE(invocation.spec->name, invocation.command);
    }

    void serverOptionsAnywhere()
    {
        CliInvocation invocation;
        QString error;
        QVERIFY(CliParser::parse({u"--server"_s, u"http://h:1"_s, u"list"_s, u"--token=t"_s},
                                 &invocation, &error));
        QCOMPARE(invocation.server, u"http://h:1"_s);
        QCOMPARE(invocation.token, u"t"_s);
    }

    void help()
    {
        CliInvocation invocation;
        QString error;
        QVERIFY(CliParser::parse({u"help"_s, u"run"_s}, &invocation, &error));
        QVERIFY(invocation.help);
        QCOMPARE(invocation.command, u"run"_s);
        QVERIFY(CliParser::parse({u"port-list"_s, u"-h"_s}, &invocation, &error));
        QVERIFY(invocation.help);
        QCOMPARE(invocation.command, u"port-list"_s);
        // Help needs no arguments.
        QVERIFY(CliParser::parse({u"create"_s, u"--help"_s}, &invocation, &error));
        QVERIFY(CliParser::parse({u"help"_s}, &invocation, &error));
        QVERIFY(invocation.help);
        QVERIFY(invocation.command.isEmpty());
        QVERIFY(CliParser::parse({u"--version"_s}, &invocation, &error));
        QVERIFY(invocation.version);
    }

    void rejects_data()
    {
        QTest::addColumn<QStringList>("words");
        QTest::addColumn<QString>("sentence");
        QTest::newRow("nothing") << QStringList{} << u"no command given"_s;
        QTest::newRow("unknown command")
            << QStringList{u"launch"_s} << u"unknown command 'launch'"_s;
        QTest::newRow("unknown option")
            << QStringList{u"list"_s, u"--all"_s} << u"unknown option '--all'"_s;
        QTest::newRow("misplaced option")
            << QStringList{u"start"_s, u"dev"_s, u"--shell"_s, u"sh"_s}
            << u"option --shell does not apply to 'start'"_s;
        QTest::newRow("misplaced option before command")
            << QStringList{u"--workdir"_s, u"/"_s, u"list"_s}
            << u"option --workdir does not apply to 'list'"_s;
        QTest::newRow("missing value")
            << QStringList{u"run"_s, u"--timeout"_s} << u"option --timeout needs a value"_s;
        QTest::newRow("missing three")
            << QStringList{u"port-forward"_s, u"a-b"_s}
            << u"'port-forward' needs LOCAL_PORT, TARGET and REMOTE_PORT"_s;
        QTest::newRow("too many") << QStringList{u"get-field"_s, u"a"_s, u"b"_s, u"c"_s}
                                  << u"too many arguments for 'get-field': it takes NAME FIELD"_s;
        QTest::newRow("flag with a value") << QStringList{u"logs"_s, u"dev"_s, u"--follow=1"_s}
                                           << u"option --follow takes no value"_s;
        QTest::newRow("unknown short option")
            << QStringList{u"logs"_s, u"dev"_s, u"-x"_s}
            << u"unknown option '-x' (put -- before arguments that start with -)"_s;
        QTest::newRow("short option of another command")
            << QStringList{u"list"_s, u"-f"_s}
            << u"unknown option '-f' (put -- before arguments that start with -)"_s;
        QTest::newRow("help of two")
            << QStringList{u"help"_s, u"run"_s, u"list"_s} << u"'help' takes one command"_s;
    }
    void rejects()
    {
        QFETCH(QStringList, words);
        QFETCH(QString, sentence);
        CliInvocation invocation;
        QString error;
        QVERIFY(!CliParser::parse(words, &invocation, &error));
        QCOMPARE(error, sentence);
    }

    void usageChecks_data()
    {
        QTest::addColumn<QStringList>("words");
        QTest::addColumn<QString>("sentence");
        QTest::newRow("fine") << QStringList{u"port-forward"_s, u"a-b"_s, u"1"_s, u"c-d"_s,
                                             u"65535"_s}
                              << QString();
        QTest::newRow("port text") << QStringList{u"port-stop"_s, u"a-b"_s, u"80a"_s}
                                   << u"Invalid local port '80a': give a number from 1 to 65535"_s;
        QTest::newRow("port negative")
            << QStringList{u"port-forward"_s, u"a-b"_s, u"1"_s, u"c-d"_s, u"-5"_s}
            << u"Invalid remote port '-5': give a number from 1 to 65535"_s;
        QTest::newRow("timeout")
            << QStringList{u"run"_s, u"--timeout=-1"_s, u"a-b"_s, u"ls"_s}
            << u"--timeout takes a whole number of seconds, e.g. 120 (got '-1')"_s;
        QTest::newRow("timeout zero is the default")
            << QStringList{u"run"_s, u"--timeout=0"_s, u"a-b"_s, u"ls"_s} << QString();
        QTest::newRow("space name")
            << QStringList{u"create"_s, u"a--b"_s, u"blank"_s}
            << u"invalid name given for space 'a--b': a name starts with a letter and has 2 to 64 letters, digits and single dashes"_s;
        QTest::newRow("shell") << QStringList{u"create"_s, u"ab"_s, u"blank"_s, u"--shell"_s,
                                              u"csh"_s}
                               << u"invalid shell given for space 'csh': use bash, zsh, fish, sh"_s;
        QTest::newRow("script name") << QStringList{u"run-script"_s, u"ab"_s, u"no way"_s}
                                     << u"invalid script name 'no way'"_s;
    }
    void usageChecks()
    {
        QFETCH(QStringList, words);
        CliInvocation invocation;
        QString error;
        QVERIFY2(CliParser::parse(words, &invocation, &error), qPrintable(error));
        QTEST(CliUsageCheck::check(invocation), "sentence");
    }

    void tableIsAligned()
    {
        const QString table = CliOutput::formatTable(
            {u"NAME"_s, u"STATUS"_s, u"DESCRIPTION"_s},
            {{u"a-long-name"_s, u"running"_s, u"two\nlines"_s}, {u"b"_s, u"stopped"_s, QString()}});
        QCOMPARE(table, u"NAME         STATUS   DESCRIPTION\n"
                        u"a-long-name  running  two lines\n"
                        u"b            stopped\n"_s);
    }

    void everyCommandHasHelpWithAnExample()
    {
        QCOMPARE(CliCommandTable::commands().size(), 23); // with mcp
        for (const CliCommandSpec &spec : CliCommandTable::commands()) {
            QVERIFY2(!spec.summary.isEmpty() && !spec.details.isEmpty() && !spec.examples.isEmpty(),
                     qPrintable(spec.name));
            const QString help = CliHelp::command(spec);
            QVERIFY(help.startsWith(u"Usage: "_s + CliHelp::usageLine(spec)));
            QVERIFY(CliHelp::overview().contains(spec.summary));
            QCOMPARE(spec.requiredArgumentNames().size(), spec.minArguments);
        }
        QCOMPARE(CliHelp::usageLine(*CliCommandTable::find(u"run"_s)),
                 u"spacectl run [--timeout SECONDS] [--workdir DIR] SPACE COMMAND [ARG...]"_s);
    }

    void applicationInProcess()
    {
        QString out;
        QString err;
        QTextStream outStream(&out);
        QTextStream errStream(&err);
        QProcessEnvironment environment;
        environment.insert(u"SPACES_URL"_s, u"http://127.0.0.1:9"_s);
        environment.insert(u"SPACES_TOKEN"_s, u"t"_s);
        CliApplication application(outStream, errStream, environment, QString());
        QCOMPARE(application.run({u"help"_s, u"port-forward"_s}), 0);
        QVERIFY(out.startsWith(
            u"Usage: spacectl port-forward [--persistent] SOURCE LOCAL_PORT TARGET REMOTE_PORT\n"_s));
        QVERIFY(err.isEmpty());
        out.clear();
        QCOMPARE(application.run({u"port-forward"_s, u"a"_s, u"x"_s, u"b"_s, u"1"_s}), 2);
        QCOMPARE(
            err,
            u"spacectl: Invalid local port 'x': give a number from 1 to 65535\nTry 'spacectl help port-forward'.\n"_s);
        QVERIFY(out.isEmpty());
    }
};

QTEST_GUILESS_MAIN(CliParserTest)
#include "tst_cli_parser.moc"
