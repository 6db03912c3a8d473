// What spacectl prints of a server's sentence: the words, never the terminal escapes, controls
// or bidi overrides a hostile or broken server put in them. The server is a FakeKnotServer in
// this process, answering while the test waits for spacectl with its event loop running.
#include "FakeKnotServer.h"
#include "KnotPayloads.h"
#include "SpacectlRunner.h"

#include <QTest>

using namespace spaces::test;
using namespace Qt::StringLiterals;

class SpacectlSentencesTest final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!SpacectlRunner::path().isEmpty(),
                 "SPACES_SPACECTL is not set: run the tests through ctest");
    }

    void sentencesArePrintedWithoutControls_data()
    {
        QTest::addColumn<QString>("sentence");
        QTest::addColumn<QString>("printed");
        QTest::newRow("clear screen and home")
            << u"\x1b[2J\x1b[Hspace not found"_s << u"space not found"_s;
        QTest::newRow("OSC 8 hyperlink")
            << u"see \x1b]8;;https://evil.example/\x1b\\the docs\x1b]8;;\x1b\\"_s
            << u"see the docs"_s;
        QTest::newRow("window title, BEL") << u"\x1b]0;pwned\x07"
                                              u"denied\x07"_s
                                           << u"denied"_s;
        QTest::newRow("carriage return and backspaces")
            << u"all good\r\b\b\bbad news"_s << u"all good bad news"_s;
        QTest::newRow("C1 CSI") << u"a\u009b31mred"_s << u"ared"_s;
        QTest::newRow("bidi override") << u"name \u202Eexe.txt"_s << u"name exe.txt"_s;
        QTest::newRow("multi-line") << u"first\nsecond\tthird"_s << u"first second third"_s;
    }
    void sentencesArePrintedWithoutControls()
    {
        QFETCH(QString, sentence);
        QFETCH(QString, printed);
        FakeKnotServer server;
        QVERIFY(server.listen());
        server.on("GET", "/api/users/whoami", FakeResponse::json(knot::user()));
        server.on("GET", "/api/spaces", FakeResponse::error(403, sentence));
        const SpacectlRunner spacectl(SpacectlRunner::serverEnvironment(server.url(), u"tok"_s));

        const SpacectlResult result = spacectl.runServing({u"list"_s}, 30000);
        SPACECTL_COMPARE_EXIT(result, 1);
        QCOMPARE(result.err, u"spacectl: %1\n"_s.arg(printed));
        QVERIFY(result.out.isEmpty());
    }

    void answerOverTheCapIsASentence()
    {
        // spacectl and the app share ApiRequest: spacectl too stops at 64 MiB, and says so.
        FakeKnotServer server;
        QVERIFY(server.listen());
        server.on("GET", "/api/users/whoami", FakeResponse::json(knot::user()));
        server.on("GET", "/api/spaces", FakeResponse::flood(-1, "{\"spaces\":["));
        const SpacectlRunner spacectl(SpacectlRunner::serverEnvironment(server.url(), u"tok"_s));

        const SpacectlResult result = spacectl.runServing({u"list"_s}, 60000);
        SPACECTL_COMPARE_EXIT(result, 1);
        QCOMPARE(result.err, u"spacectl: The answer from %1 was larger than 64 MiB\n"_s.arg(
                                 server.url().toString()));
    }
};

QTEST_GUILESS_MAIN(SpacectlSentencesTest)
#include "tst_spacectl_sentences.moc"
