// The shortest path through spacesd: it starts, answers, creates and runs a space, stops.
#include "ApiCall.h"
#include "SpacesdProcess.h"

#include <QJsonArray>
#include <QTest>

using namespace spaces::test;

class SmokeTest final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void createStartRunStop()
    {
        SpacesdProcess server;
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        const ApiCall api(server.url(), server.token());
        const ApiReply created =
            api.post(QStringLiteral("/api/spaces"),
                     {{QStringLiteral("name"), QStringLiteral("smoke")},
                      {QStringLiteral("template_id"), QStringLiteral("blank")}});
        QCOMPARE(created.status, 201);
        QCOMPARE(api.post(QStringLiteral("/api/spaces/smoke/start")).status, 200);
        const ApiReply ran =
            api.post(QStringLiteral("/api/spaces/smoke/run-command"),
                     {{QStringLiteral("command"), QStringLiteral("echo")},
                      {QStringLiteral("args"), QJsonArray{QStringLiteral("hello")}}});
        QCOMPARE(ran.status, 200);
        QCOMPARE(ran.json.value(QStringLiteral("output")).toString(), QStringLiteral("hello\n"));
        QCOMPARE(api.post(QStringLiteral("/api/spaces/smoke/stop")).status, 200);
        QCOMPARE(server.terminate(), 0);
    }
};

QTEST_GUILESS_MAIN(SmokeTest)
#include "tst_smoke.moc"
