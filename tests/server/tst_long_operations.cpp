// Long operations are capped per user and served in turn across users: one user's pile of slow
// commands neither runs all at once nor holds up another user's start.
#include "ApiCall.h"
#include "RawHttpConnection.h"
#include "ServerTestHelpers.h"
#include "SpacesdProcess.h"

#include <QElapsedTimer>
#include <QTest>

using namespace spaces::test;
using namespace Qt::StringLiterals;

class LongOperationsTest final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void otherUsersAreNotHeldUp()
    {
        constexpr int PerUser = 2;
        constexpr int Commands = 8;
        constexpr int CommandMs = 1500;
        SpacesdProcess server;
        QString error;
        QVERIFY2(
            server.start(&error, {u"--max-long-operations-per-user"_s, QString::number(PerUser),
                                  u"--max-long-operations"_s, u"4"_s}),
            qPrintable(error));
        const ApiCall admin(server.url(), server.token());
        const QString bobToken = addUser(server, u"bob"_s, {}, &error);
        QVERIFY2(!bobToken.isEmpty(), qPrintable(error));
        const ApiCall bob = admin.withToken(bobToken);
        SPACES_COMPARE_STATUS(admin.post(u"/api/spaces"_s, spaceRequest(u"busy-space"_s)), 201);
        SPACES_COMPARE_STATUS(admin.post(u"/api/spaces/busy-space/start"_s), 200);
        SPACES_COMPARE_STATUS(bob.post(u"/api/spaces"_s, spaceRequest(u"bob-space"_s)), 201);

        // The admin's slow commands, each on its own connection, all sent at once.
        const QByteArray body =
            "{\"command\":\"sleep " + QByteArray::number(CommandMs / 1000.0) + "\"}";
        const QByteArray request = "POST /api/spaces/busy-space/run-command HTTP/1.1\r\n"
                                   "Host: test\r\nAuthorization: Bearer " +
                                   server.token().toUtf8() +
                                   "\r\nContent-Type: application/json\r\nContent-Length: " +
                                   QByteArray::number(body.size()) + "\r\n\r\n" + body;
        std::vector<std::unique_ptr<RawHttpConnection>> commands;
        QElapsedTimer sinceCommands;
        sinceCommands.start();
        for (int i = 0; i < Commands; ++i) {
            commands.push_back(std::make_unique<RawHttpConnection>(server.url()));
            QVERIFY(commands.back()->send(request));
        }

        // Bob's start does not wait behind them.
        QElapsedTimer startTime;
        startTime.start();
        SPACES_COMPARE_STATUS(bob.post(u"/api/spaces/bob-space/start"_s), 200);
        qInfo("bob's start took %lld ms behind %d long commands of another user",
              startTime.elapsed(), Commands);
        QVERIFY2(startTime.elapsed() < CommandMs, qPrintable(QString::number(startTime.elapsed())));

        // The admin's commands ran at most PerUser at a time: the last ends only after
        // Commands / PerUser rounds.
        for (const auto &command : commands) {
            const RawHttpConnection::Response response = command->readResponse(60000);
            QCOMPARE(response.status, 200);
        }
        const qint64 rounds = Commands / PerUser;
        qInfo("the %d commands took %lld ms", Commands, sinceCommands.elapsed());
        QVERIFY2(sinceCommands.elapsed() >= rounds * CommandMs - 300,
                 qPrintable(QString::number(sinceCommands.elapsed())));
        SPACES_COMPARE_STATUS(admin.post(u"/api/spaces/busy-space/stop"_s), 200);
        SPACES_COMPARE_STATUS(bob.post(u"/api/spaces/bob-space/stop"_s), 200);
    }
};

QTEST_GUILESS_MAIN(LongOperationsTest)
#include "tst_long_operations.moc"
