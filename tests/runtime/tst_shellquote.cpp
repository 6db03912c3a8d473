#include "CommandRunner.h"
#include "RuntimeTestSupport.h"
#include "ShellLocator.h"
#include "ShellQuote.h"

#include <QTest>

using namespace spaces;
using namespace Qt::StringLiterals;

namespace {

struct TrickyWord
{
    const char *label;
    QString word;
};

QList<TrickyWord> trickyWords()
{
    return {
        {"plain", QStringLiteral("plain")},
        {"spaces", QStringLiteral("two  words ")},
        {"single quote", QStringLiteral("it's")},
        {"only single quotes", QStringLiteral("''")},
        {"double quotes", QStringLiteral("say \"hi\"")},
        {"dollar", QStringLiteral("$HOME ${PATH} $(id)")},
        {"backticks", QStringLiteral("`id`")},
        {"backslashes", QStringLiteral("a\\b\\\\c\\")},
        {"backslash quote", QStringLiteral("\\'")},
        {"newlines", QStringLiteral("line1\nline2\n")},
        {"empty", QString()},
        {"glob", QStringLiteral("*")},
        {"semicolon and pipe", QStringLiteral("a; b | c && d")},
        {"tilde and equals", QStringLiteral("~ =ls %self")},
        {"braces", QStringLiteral("{a,b} (x) [y]")},
        {"non-ASCII", QStringLiteral("grüße 日本")},
        {"tab", QStringLiteral("a\tb")},
    };
}

} // namespace

class TestShellQuote final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void quotesLiterally_data();
    void quotesLiterally();
    void commandLineKeepsCommand();
    void roundTrip_data();
    void roundTrip();
    void roundTripAllAtOnce_data();
    void roundTripAllAtOnce();
};

void TestShellQuote::quotesLiterally_data()
{
    QTest::addColumn<QString>("shell");
    QTest::addColumn<QString>("word");
    QTest::addColumn<QString>("expected");

    QTest::newRow("posix plain") << u"bash"_s << u"abc"_s << u"'abc'"_s;
    QTest::newRow("posix empty") << u"sh"_s << QString() << u"''"_s;
    QTest::newRow("posix quote") << u"zsh"_s << u"it's"_s << u"'it'\\''s'"_s;
    QTest::newRow("posix backslash") << u"bash"_s << u"a\\b"_s << u"'a\\b'"_s;
    QTest::newRow("posix by path") << u"/bin/sh"_s << u"'"_s << u"''\\'''"_s;
    QTest::newRow("fish quote") << u"fish"_s << u"it's"_s << u"'it\\'s'"_s;
    QTest::newRow("fish backslash") << u"fish"_s << u"a\\b"_s << u"'a\\\\b'"_s;
    QTest::newRow("fish by path") << u"/usr/bin/fish"_s << u"$x"_s << u"'$x'"_s;
}

void TestShellQuote::quotesLiterally()
{
    QFETCH(QString, shell);
    QFETCH(QString, word);
    QFETCH(QString, expected);
    QCOMPARE(ShellQuote::quote(shell, word), expected);
}

void TestShellQuote::commandLineKeepsCommand()
{
    QCOMPARE(ShellQuote::commandLine(u"bash"_s, u"ls -la | wc -l"_s, {}), u"ls -la | wc -l"_s);
    QCOMPARE(ShellQuote::commandLine(u"bash"_s, u"echo"_s, {u"a b"_s, QString()}),
             u"echo 'a b' ''"_s);
}

namespace {

void addShellRows(const QList<TrickyWord> &words)
{
    QTest::addColumn<QString>("shell");
    QTest::addColumn<QStringList>("words");
    for (const char *shell : {"bash", "sh", "zsh", "fish"}) {
        for (const TrickyWord &word : words)
            QTest::addRow("%s: %s", shell, word.label)
                << QString::fromLatin1(shell) << QStringList{word.word};
    }
}

// Runs `printf '%s\0' <quoted words>` in the shell and splits what arrives.
void checkRoundTrip(const QString &shell, const QString &shellPath, const QStringList &words)
{
    CommandSpec spec;
    spec.program = shellPath;
    spec.arguments = {u"-c"_s, ShellQuote::commandLine(shell, u"printf '%s\\0'"_s, words)};
    spec.environment = test::environmentWith({u"HOME=/nonexistent-home"_s});
    spec.timeout = std::chrono::seconds(20);
    const CommandOutcome outcome = CommandRunner::run(spec);
    QVERIFY2(outcome.error.isEmpty(),
             qPrintable(outcome.error + u": "_s + QString::fromUtf8(outcome.output)));
    QCOMPARE(outcome.exitCode, 0);

    QList<QByteArray> received = outcome.output.split('\0');
    QCOMPARE(received.takeLast(), QByteArray()); // after the final terminator
    QCOMPARE(received.size(), words.size());
    for (qsizetype i = 0; i < words.size(); ++i)
        QCOMPARE(QString::fromUtf8(received[i]), words[i]);
}

} // namespace

void TestShellQuote::roundTrip_data()
{
    addShellRows(trickyWords());
}

void TestShellQuote::roundTrip()
{
    QFETCH(QString, shell);
    QFETCH(QStringList, words);
    const QString shellPath = ShellLocator::find(shell);
    if (shellPath.isEmpty())
        QSKIP(qPrintable(shell + u" is not installed"_s));
    checkRoundTrip(shell, shellPath, words);
}

void TestShellQuote::roundTripAllAtOnce_data()
{
    QTest::addColumn<QString>("shell");
    QTest::addColumn<QStringList>("words");
    QStringList all;
    for (const TrickyWord &word : trickyWords())
        all.append(word.word);
    for (const char *shell : {"bash", "sh", "zsh", "fish"})
        QTest::newRow(shell) << QString::fromLatin1(shell) << all;
}

void TestShellQuote::roundTripAllAtOnce()
{
    QFETCH(QString, shell);
    QFETCH(QStringList, words);
    const QString shellPath = ShellLocator::find(shell);
    if (shellPath.isEmpty())
        QSKIP(qPrintable(shell + u" is not installed"_s));
    checkRoundTrip(shell, shellPath, words);
}

QTEST_GUILESS_MAIN(TestShellQuote)
#include "tst_shellquote.moc"
