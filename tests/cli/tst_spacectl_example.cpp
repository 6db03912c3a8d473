// The seed's "Complete Example" (seed/spaces-library.md) done step by step through spacectl,
// as one test, with the built-in `service` template (custom fields environment and api_key).
#include "ServerTestHelpers.h"
#include "SpaceTestKit.h"
#include "SpacectlRunner.h"

#include <QRegularExpression>
#include <QTest>

using namespace spaces::test;
using namespace Qt::StringLiterals;

class SpacectlExampleTest final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void completeExample()
    {
        QVERIFY2(!SpacectlRunner::path().isEmpty(),
                 "SPACES_SPACECTL is not set: run the tests through ctest");
        TestServer server;
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        const SpacectlRunner spacectl(
            SpacectlRunner::serverEnvironment(server.process.url(), server.process.token()));
        const auto run = [&spacectl](const QStringList &arguments) {
            return spacectl.run(arguments);
        };

        // space_id = spaces.create("test-space", ..., description="Test environment", shell="bash")
        const SpacectlResult created =
            run({u"create"_s, u"test-space"_s, u"service"_s, u"--description"_s,
                 u"Test environment"_s, u"--shell"_s, u"bash"_s});
        SPACECTL_COMPARE_EXIT(created, 0);
        const QRegularExpressionMatch id =
            QRegularExpression(u"^Created space 'test-space' with id ([0-9a-f-]{36})\\.\\n$"_s)
                .match(created.out);
        QVERIFY2(id.hasMatch() && isLowercaseUuid(id.captured(1)), qPrintable(created.out));

        // spaces.set_field(...) twice
        SPACECTL_COMPARE_EXIT(
            run({u"set-field"_s, u"test-space"_s, u"environment"_s, u"testing"_s}), 0);
        SPACECTL_COMPARE_EXIT(
            run({u"set-field"_s, u"test-space"_s, u"api_key"_s, u"sk-test-key"_s}), 0);

        // spaces.start("test-space"), then wait until is_running
        const SpacectlResult started = run({u"start"_s, u"test-space"_s});
        SPACECTL_COMPARE_EXIT(started, 0);
        QTRY_VERIFY_WITH_TIMEOUT(run({u"is-running"_s, u"test-space"_s}).exitCode == 0, 20000);
        QCOMPARE(run({u"is-running"_s, u"test-space"_s}).out, u"running\n"_s);

        // get_field x2: the values match
        const SpacectlResult environment = run({u"get-field"_s, u"test-space"_s, u"environment"_s});
        SPACECTL_COMPARE_EXIT(environment, 0);
        QCOMPARE(environment.out, u"testing\n"_s);
        const SpacectlResult apiKey = run({u"get-field"_s, u"test-space"_s, u"api_key"_s});
        SPACECTL_COMPARE_EXIT(apiKey, 0);
        QCOMPARE(apiKey.out, u"sk-test-key\n"_s);
        // The service itself got them (it writes its settings to service.env when it starts).
        QTRY_COMPARE_WITH_TIMEOUT(
            run({u"run"_s, u"test-space"_s, u"cat"_s, u"service.env"_s}).out.section(u'\n', 0, 1),
            u"APP_ENV=testing\nAPP_API_KEY=sk-test-key"_s, 20000);

        // spaces.set_description("test-space", "Updated test environment")
        SPACECTL_COMPARE_EXIT(
            run({u"set-description"_s, u"test-space"_s, u"Updated test environment"_s}), 0);
        QCOMPARE(run({u"get-description"_s, u"test-space"_s}).out, u"Updated test environment\n"_s);

        // spaces.stop("test-space")
        SPACECTL_COMPARE_EXIT(run({u"stop"_s, u"test-space"_s}), 0);
        QTRY_VERIFY_WITH_TIMEOUT(run({u"is-running"_s, u"test-space"_s}).exitCode == 3, 20000);

        // spaces.delete("test-space")
        const SpacectlResult deleted = run({u"delete"_s, u"test-space"_s});
        SPACECTL_COMPARE_EXIT(deleted, 0);
        QCOMPARE(deleted.out, u"Deleted space 'test-space'.\n"_s);
        const SpacectlResult gone = run({u"is-running"_s, u"test-space"_s});
        SPACECTL_COMPARE_EXIT(gone, 1);
        QCOMPARE(gone.err, u"spacectl: space not found: 'spacectl list' lists your spaces\n"_s);
        QVERIFY(!run({u"list"_s}).out.contains(u"test-space"_s));
    }
};

QTEST_GUILESS_MAIN(SpacectlExampleTest)
#include "tst_spacectl_example.moc"
