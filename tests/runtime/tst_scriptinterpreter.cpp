#include "CommandRunner.h"
#include "RuntimeTestSupport.h"
#include "ScriptInterpreter.h"
#include "ShellLocator.h"

#include <QTemporaryDir>
#include <QTest>

using namespace spaces;
using namespace Qt::StringLiterals;

class TestScriptInterpreter final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void forContent_data();
    void forContent();
    void runsThroughTheChosenInterpreter_data();
    void runsThroughTheChosenInterpreter();
};

void TestScriptInterpreter::forContent_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("program");
    QTest::addColumn<QStringList>("leadingArguments");

    const QString fallback = u"/fallback/bash"_s;
    QTest::newRow("empty") << QByteArray() << fallback << QStringList();
    QTest::newRow("no shebang") << QByteArray("echo hi\n") << fallback << QStringList();
    QTest::newRow("comment, not a shebang")
        << QByteArray("# !/bin/sh\n") << fallback << QStringList();
    QTest::newRow("shebang not on the first line")
        << QByteArray("\n#!/bin/sh\n") << fallback << QStringList();
    QTest::newRow("indented shebang") << QByteArray("  #!/bin/sh\n") << fallback << QStringList();
    QTest::newRow("empty shebang") << QByteArray("#!\necho\n") << fallback << QStringList();
    QTest::newRow("blank shebang") << QByteArray("#!  \t\r\necho\n") << fallback << QStringList();
    QTest::newRow("sh") << QByteArray("#!/bin/sh\necho hi\n") << u"/bin/sh"_s << QStringList();
    QTest::newRow("env python3") << QByteArray("#!/usr/bin/env python3\nprint(1)\n")
                                 << u"/usr/bin/env"_s << QStringList{u"python3"_s};
    QTest::newRow("bash -e") << QByteArray("#!/bin/bash -e\nfalse\n") << u"/bin/bash"_s
                             << QStringList{u"-e"_s};
    QTest::newRow("sh -e") << QByteArray("#!/bin/sh -e\n") << u"/bin/sh"_s << QStringList{u"-e"_s};
    QTest::newRow("CRLF") << QByteArray("#!/bin/bash -e\r\necho hi\r\n") << u"/bin/bash"_s
                          << QStringList{u"-e"_s};
    QTest::newRow("CRLF without argument")
        << QByteArray("#!/bin/sh\r\necho hi\r\n") << u"/bin/sh"_s << QStringList();
    QTest::newRow("spaces after #!") << QByteArray("#!   /usr/bin/env python3\n")
                                     << u"/usr/bin/env"_s << QStringList{u"python3"_s};
    QTest::newRow("tabs and trailing blanks")
        << QByteArray("#!\t/bin/bash\t -x  \t\n") << u"/bin/bash"_s << QStringList{u"-x"_s};
    QTest::newRow("no newline at all") << QByteArray("#!/bin/sh") << u"/bin/sh"_s << QStringList();
    // Like the kernel: everything after the interpreter is one argument.
    QTest::newRow("env -S") << QByteArray("#!/usr/bin/env -S python3 -u\n") << u"/usr/bin/env"_s
                            << QStringList{u"-S python3 -u"_s};
    QTest::newRow("non-ASCII path")
        << QByteArray("#!/opt/grüße/bin/tool\n") << u"/opt/grüße/bin/tool"_s << QStringList();
}

void TestScriptInterpreter::forContent()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, program);
    QFETCH(QStringList, leadingArguments);

    const ScriptInvocation invocation = ScriptInterpreter::forContent(content, u"/fallback/bash"_s);
    QCOMPARE(invocation.program, program);
    QCOMPARE(invocation.leadingArguments, leadingArguments);
}

void TestScriptInterpreter::runsThroughTheChosenInterpreter_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QByteArray>("output");
    QTest::addColumn<int>("exitCode");

    // No shebang: the fallback shell (bash) runs it, so bash-only syntax works.
    QTest::newRow("fallback shell")
        << QByteArray("echo \"${BASH_VERSION:+bash}\" \"$1\"\n") << QByteArray("bash first\n") << 0;
    // -e from the shebang stops at `false`.
    QTest::newRow("sh -e") << QByteArray("#!/bin/sh -e\r\necho before\nfalse\necho after\n")
                           << QByteArray("before\n") << 1;
    QTest::newRow("env sh") << QByteArray("#!/usr/bin/env sh\necho \"$0\" | grep -c script\n")
                            << QByteArray("1\n") << 0;
}

void TestScriptInterpreter::runsThroughTheChosenInterpreter()
{
    QFETCH(QByteArray, content);
    QFETCH(QByteArray, output);
    QFETCH(int, exitCode);

    const QString bash = ShellLocator::find(u"bash"_s);
    if (bash.isEmpty())
        QSKIP("bash is not installed");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString scriptPath = dir.filePath(u"script"_s);
    QFile script(scriptPath);
    QVERIFY(script.open(QIODevice::WriteOnly));
    QCOMPARE(script.write(content), content.size());
    script.close();

    const ScriptInvocation invocation = ScriptInterpreter::forContent(content, bash);
    CommandSpec spec;
    spec.program = invocation.program;
    spec.arguments = invocation.leadingArguments + QStringList{scriptPath, u"first"_s};
    spec.workingDirectory = dir.path();
    spec.environment = test::environmentWith();
    spec.timeout = std::chrono::seconds(20);
    const CommandOutcome outcome = CommandRunner::run(spec);
    QVERIFY2(!outcome.failedToStart, qPrintable(outcome.error));
    QCOMPARE(outcome.output, output);
    QCOMPARE(outcome.exitCode, exitCode);
}

QTEST_GUILESS_MAIN(TestScriptInterpreter)
#include "tst_scriptinterpreter.moc"
