// /api/spaces against a real spacesd: the state rules of start, stop, restart and delete,
// who may touch whose space, unknown routes, and a server that survives bad input.
#include "ApiCall.h"
#include "ServerTestHelpers.h"
#include "SpacesdProcess.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QTcpSocket>
#include <QTest>
#include <QUuid>
#include <memory>

using namespace spaces::test;
using namespace Qt::StringLiterals;

namespace {

const QString NotFound = u"space not found"_s;
const QString NoSpacesPermission = u"No permission to manage or use spaces"_s;
const QString OthersSpace = u"No permission to manage spaces of other users"_s;

struct Route
{
    QByteArray method;
    QString suffix;  // appended to /api/spaces/{key}
    QByteArray body; // JSON, or empty
};

// Every route under /api/spaces/{space_id} that spacesd serves from SpaceRoutes.
QList<QPair<const char *, Route>> spaceRoutes()
{
    return {
        {"read", {"GET", QString(), {}}},
        {"update", {"PUT", QString(), "{\"description\":\"changed\"}"}},
        {"delete", {"DELETE", QString(), {}}},
        {"start", {"POST", u"/start"_s, {}}},
        {"stop", {"POST", u"/stop"_s, {}}},
        {"restart", {"POST", u"/restart"_s, {}}},
        {"set field", {"PUT", u"/custom-field"_s, "{\"name\":\"api_key\",\"value\":\"x\"}"}},
        {"get field", {"GET", u"/custom-field/api_key"_s, {}}},
    };
}

ApiReply call(const ApiCall &api, const Route &route, const QString &key)
{
    QList<QPair<QByteArray, QByteArray>> headers;
    if (!route.body.isEmpty())
        headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    return api.send(route.method, u"/api/spaces/"_s + key + route.suffix, route.body, headers);
}

} // namespace

Q_DECLARE_METATYPE(Route)

class ApiSpaceAccessTest final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<SpacesdProcess> m_server;
    std::unique_ptr<ApiCall> m_admin;
    std::unique_ptr<ApiCall> m_user;     // UseSpaces only
    std::unique_ptr<ApiCall> m_manager;  // ManageSpaces
    std::unique_ptr<ApiCall> m_noAccess; // neither
    QString m_adminSpaceId;              // "admins-space", service template, stopped

    static QString createdId(const ApiReply &reply)
    {
        return reply.status == 201 ? reply.json.value(u"space_id"_s).toString() : QString();
    }

    bool isDeployed(const ApiCall &api, const QString &key) const
    {
        return api.get(u"/api/spaces/"_s + key).json.value(u"is_deployed"_s).toBool();
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_server = std::make_unique<SpacesdProcess>();
        QString error;
        QVERIFY2(m_server->start(&error), qPrintable(error));
        m_admin = std::make_unique<ApiCall>(m_server->url(), m_server->token());
        const QString userToken = addUser(*m_server, u"plain"_s, {}, &error);
        const QString managerToken = addUser(*m_server, u"manager"_s, {u"--manage"_s}, &error);
        const QString noAccessToken = addUser(*m_server, u"outsider"_s, {u"--no-access"_s}, &error);
        QVERIFY2(!userToken.isEmpty() && !managerToken.isEmpty() && !noAccessToken.isEmpty(),
                 qPrintable(error));
        m_user = std::make_unique<ApiCall>(m_admin->withToken(userToken));
        m_manager = std::make_unique<ApiCall>(m_admin->withToken(managerToken));
        m_noAccess = std::make_unique<ApiCall>(m_admin->withToken(noAccessToken));
        m_adminSpaceId = createdId(
            m_admin->post(u"/api/spaces"_s, spaceRequest(u"admins-space"_s, u"service"_s)));
        QVERIFY(isLowercaseUuid(m_adminSpaceId));
    }

    void cleanupTestCase()
    {
        if (m_server)
            QCOMPARE(m_server->terminate(), 0);
        m_server.reset();
    }

    void lifecycle()
    {
        const QString id = createdId(m_admin->post(u"/api/spaces"_s, spaceRequest(u"cycled"_s)));
        QVERIFY(!id.isEmpty());
        const QString path = u"/api/spaces/cycled"_s;
        SPACES_COMPARE_ERROR(m_admin->post(path + u"/stop"_s), 423, u"space cannot be stopped"_s);
        SPACES_COMPARE_ERROR(m_admin->post(path + u"/restart"_s), 423,
                             u"space cannot be restarted"_s);

        const ApiReply started = m_admin->post(path + u"/start"_s);
        SPACES_COMPARE_STATUS(started, 200);
        QCOMPARE(started.json, (QJsonObject{{u"status"_s, true}}));
        QVERIFY(isDeployed(*m_admin, id));
        QCOMPARE(m_admin->get(path).json.value(u"is_pending"_s), QJsonValue(false));
        SPACES_COMPARE_ERROR(m_admin->post(path + u"/start"_s), 423, u"space cannot be started"_s);
        SPACES_COMPARE_ERROR(m_admin->del(path), 423, u"space cannot be deleted"_s);
        SPACES_COMPARE_ERROR(m_admin->del(u"/api/spaces/"_s + id), 423,
                             u"space cannot be deleted"_s);
        QVERIFY(isDeployed(*m_admin, id));

        SPACES_COMPARE_STATUS(m_admin->post(u"/api/spaces/"_s + id + u"/restart"_s), 200);
        QVERIFY(isDeployed(*m_admin, id));
        SPACES_COMPARE_STATUS(m_admin->post(path + u"/stop"_s), 200);
        QVERIFY(!isDeployed(*m_admin, id));
        SPACES_COMPARE_ERROR(m_admin->post(u"/api/spaces/"_s + id + u"/stop"_s), 423,
                             u"space cannot be stopped"_s);

        const QString folder = QDir(m_server->dataDirectory()).filePath(u"spaces/"_s + id);
        QVERIFY2(QFileInfo(folder).isDir(), qPrintable(folder));
        const ApiReply deleted = m_admin->del(path);
        SPACES_COMPARE_STATUS(deleted, 200);
        QCOMPARE(deleted.json, (QJsonObject{{u"status"_s, true}}));
        SPACES_COMPARE_ERROR(m_admin->get(path), 404, NotFound);
        SPACES_COMPARE_ERROR(m_admin->get(u"/api/spaces/"_s + id), 404, NotFound);
        SPACES_COMPARE_ERROR(m_admin->del(path), 404, NotFound);
        QTRY_VERIFY_WITH_TIMEOUT(!QFileInfo::exists(folder), 10000);
        // The name is free again.
        SPACES_COMPARE_STATUS(m_admin->post(u"/api/spaces"_s, spaceRequest(u"cycled"_s)), 201);
    }

    void unknownSpace_data()
    {
        QTest::addColumn<Route>("route");
        QTest::addColumn<QString>("key");
        const QString randomId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        for (const auto &[label, route] : spaceRoutes()) {
            QTest::addRow("%s, unknown name", label) << route << u"no-such-space"_s;
            QTest::addRow("%s, unknown uuid", label) << route << randomId;
            QTest::addRow("%s, garbage", label) << route << u"x y"_s;
        }
    }

    void unknownSpace()
    {
        QFETCH(Route, route);
        QFETCH(QString, key);
        SPACES_COMPARE_ERROR(call(*m_admin, route, key), 404, NotFound);
    }

    void noAccessUser_data()
    {
        QTest::addColumn<Route>("route");
        QTest::addColumn<QString>("key");
        for (const auto &[label, route] : spaceRoutes()) {
            QTest::addRow("%s, own name", label) << route << u"admins-space"_s;
            QTest::addRow("%s, admin's uuid", label) << route << m_adminSpaceId;
        }
        QTest::addRow("list") << Route{"GET", QString(), {}} << QString();
        QTest::addRow("create") << Route{"POST", QString(),
                                         "{\"name\":\"outsiders\",\"template_id\":\"blank\"}"}
                                << QString();
    }

    void noAccessUser()
    {
        QFETCH(Route, route);
        QFETCH(QString, key);
        const ApiReply reply = key.isEmpty()
                                   ? m_noAccess->send(route.method, u"/api/spaces"_s, route.body,
                                                      {{"Content-Type", "application/json"}})
                                   : call(*m_noAccess, route, key);
        SPACES_COMPARE_ERROR(reply, 403, NoSpacesPermission);
        // Who they are and the catalog remain readable.
        SPACES_COMPARE_STATUS(m_noAccess->get(u"/api/users/whoami"_s), 200);
        SPACES_COMPARE_STATUS(m_noAccess->get(u"/api/templates"_s), 200);
        SPACES_COMPARE_STATUS(m_noAccess->get(u"/api/ping"_s), 200);
    }

    void plainUserAndOthersSpaces_data()
    {
        QTest::addColumn<Route>("route");
        for (const auto &[label, route] : spaceRoutes())
            QTest::addRow("%s", label) << route;
    }

    void plainUserAndOthersSpaces()
    {
        QFETCH(Route, route);
        // By UUID the space exists but is not theirs; by name it is not among theirs at all.
        SPACES_COMPARE_ERROR(call(*m_user, route, m_adminSpaceId), 403, OthersSpace);
        SPACES_COMPARE_ERROR(call(*m_user, route, u"admins-space"_s), 404, NotFound);
        // Nothing changed.
        const ApiReply space = m_admin->get(u"/api/spaces/"_s + m_adminSpaceId);
        SPACES_COMPARE_STATUS(space, 200);
        QCOMPARE(space.json.value(u"is_deployed"_s), QJsonValue(false));
        QCOMPARE(space.json.value(u"description"_s).toString(), QString());
        QCOMPARE(m_admin->get(u"/api/spaces/admins-space/custom-field/api_key"_s)
                     .json.value(u"value"_s)
                     .toString(),
                 QString());
    }

    void managerAndOthersSpaces()
    {
        const QString id =
            createdId(m_user->post(u"/api/spaces"_s, spaceRequest(u"users-space"_s, u"service"_s)));
        QVERIFY(!id.isEmpty());
        const QString path = u"/api/spaces/"_s + id;
        // Names are the caller's own: the manager reaches another user's space by UUID.
        SPACES_COMPARE_ERROR(m_manager->get(u"/api/spaces/users-space"_s), 404, NotFound);
        const ApiReply read = m_manager->get(path);
        SPACES_COMPARE_STATUS(read, 200);
        QCOMPARE(read.json.value(u"name"_s).toString(), u"users-space"_s);
        QCOMPARE(read.json.value(u"username"_s).toString(), u"plain"_s);

        SPACES_COMPARE_STATUS(m_manager->put(path + u"/custom-field"_s,
                                             {{u"name"_s, u"interval"_s}, {u"value"_s, u"1"_s}}),
                              200);
        QCOMPARE(m_user->get(u"/api/spaces/users-space/custom-field/interval"_s)
                     .json.value(u"value"_s)
                     .toString(),
                 u"1"_s);
        SPACES_COMPARE_STATUS(m_manager->put(path, {{u"description"_s, u"managed"_s}}), 200);
        QCOMPARE(m_user->get(u"/api/spaces/users-space"_s).json.value(u"description"_s).toString(),
                 u"managed"_s);

        SPACES_COMPARE_STATUS(m_manager->post(path + u"/start"_s), 200);
        QVERIFY(isDeployed(*m_user, u"users-space"_s));
        SPACES_COMPARE_ERROR(m_manager->del(path), 423, u"space cannot be deleted"_s);
        SPACES_COMPARE_STATUS(m_manager->post(path + u"/stop"_s), 200);
        QVERIFY(!isDeployed(*m_user, u"users-space"_s));

        // Deleting someone else's space needs ManageSpaces.
        const QString other =
            createdId(m_admin->post(u"/api/spaces"_s, spaceRequest(u"admins-other"_s)));
        QVERIFY(!other.isEmpty());
        SPACES_COMPARE_ERROR(m_user->del(u"/api/spaces/"_s + other), 403, OthersSpace);
        SPACES_COMPARE_STATUS(m_admin->get(u"/api/spaces/"_s + other), 200);
        SPACES_COMPARE_STATUS(m_manager->del(path), 200);
        SPACES_COMPARE_ERROR(m_user->get(u"/api/spaces/users-space"_s), 404, NotFound);
        QCOMPARE(m_user->get(u"/api/spaces"_s).json.value(u"count"_s).toInt(), 0);
    }

    void createForOtherUsers()
    {
        const QString plainId =
            m_user->get(u"/api/users/whoami"_s).json.value(u"user_id"_s).toString();
        const QString adminId =
            m_admin->get(u"/api/users/whoami"_s).json.value(u"user_id"_s).toString();
        SPACES_COMPARE_ERROR(
            m_user->post(u"/api/spaces"_s,
                         spaceRequest(u"for-admin"_s, u"blank"_s, {{u"user_id"_s, adminId}})),
            403, u"No permission to create spaces for other users"_s);
        const QString id = createdId(m_manager->post(
            u"/api/spaces"_s, spaceRequest(u"for-plain"_s, u"blank"_s, {{u"user_id"_s, plainId}})));
        QVERIFY(!id.isEmpty());
        QCOMPARE(m_user->get(u"/api/spaces/for-plain"_s).json.value(u"space_id"_s).toString(), id);
        SPACES_COMPARE_STATUS(m_user->del(u"/api/spaces/for-plain"_s), 200);
        SPACES_COMPARE_ERROR(
            m_manager->post(
                u"/api/spaces"_s,
                spaceRequest(u"for-nobody"_s, u"blank"_s,
                             {{u"user_id"_s, QUuid::createUuid().toString(QUuid::WithoutBraces)}})),
            400, u"user not found"_s);
    }

    void wholeNumberFields_data()
    {
        QTest::addColumn<QJsonValue>("timeout");
        QTest::newRow("fraction") << QJsonValue(1.5);
        QTest::newRow("huge") << QJsonValue(1e300);
        QTest::newRow("hugely negative") << QJsonValue(-1e300);
        QTest::newRow("just past 2^63") << QJsonValue(9223372036854775808.0 * 2);
        QTest::newRow("string") << QJsonValue(u"30"_s);
        QTest::newRow("bool") << QJsonValue(true);
    }

    void wholeNumberFields()
    {
        // Type errors in the body are found before the state of the space is looked at.
        QFETCH(QJsonValue, timeout);
        SPACES_COMPARE_ERROR(m_admin->post(u"/api/spaces/admins-space/run-command"_s,
                                           {{u"command"_s, u"true"_s}, {u"timeout"_s, timeout}}),
                             400, u"field 'timeout' must be a whole number"_s);
    }

    void unknownRoutes_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::newRow("unknown path") << QByteArray("GET") << u"/api/nothing"_s;
        QTest::newRow("root") << QByteArray("GET") << u"/"_s;
        QTest::newRow("unknown method") << QByteArray("PATCH") << u"/api/spaces"_s;
        QTest::newRow("too deep") << QByteArray("GET") << u"/api/spaces/admins-space/start/now"_s;
        QTest::newRow("empty field name")
            << QByteArray("GET") << u"/api/spaces/admins-space/custom-field/"_s;
        QTest::newRow("GET on an action")
            << QByteArray("GET") << u"/api/spaces/admins-space/start"_s;
    }

    void unknownRoutes()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        SPACES_COMPARE_ERROR(m_admin->send(method, path, {}, {}), 404,
                             u"no such route: %1 %2"_s.arg(QString::fromLatin1(method), path));
    }

    void survivesBadInput()
    {
        // Raw garbage at the HTTP level: nonsense, a lying Content-Length, a request cut short,
        // an enormous header. Each on its own connection, closed by us.
        const QList<QByteArray> garbage{
            "NONSENSE\r\n\r\n",
            QByteArray(4096, '\0'),
            "GET /api/ping HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n\r\nabc",
            "POST /api/spaces HTTP/1.1\r\nHost: x\r\nContent-Type: "
            "application/json\r\nContent-Length: 100\r\n\r\n{\"na",
            "GET /api/ping HTTP/1.1\r\nHost: x\r\nX-Big: " + QByteArray(200 * 1024, 'a') +
                "\r\n\r\n",
            "GET /api/spaces/%zz%00 HTTP/1.1\r\nHost: x\r\n\r\n",
            "\xff\xfe\xfd\r\n\r\n",
        };
        for (const QByteArray &bytes : garbage) {
            QTcpSocket socket;
            socket.connectToHost(m_server->url().host(), quint16(m_server->url().port()));
            QVERIFY(socket.waitForConnected(5000));
            socket.write(bytes);
            QVERIFY(socket.waitForBytesWritten(5000) || socket.bytesToWrite() == 0);
            socket.waitForReadyRead(200); // an answer is welcome but not required
            socket.abort();
        }
        // Bad requests at the API level, many of them.
        const QList<QPair<QByteArray, QByteArray>> json{{"Content-Type", "application/json"}};
        for (int i = 0; i < 20; ++i) {
            SPACES_COMPARE_STATUS(m_admin->send("POST", u"/api/spaces"_s, "{{{{", json), 400);
            SPACES_COMPARE_STATUS(m_admin->send("POST", u"/api/spaces"_s, "[1,2,3]", json), 400);
            SPACES_COMPARE_STATUS(
                m_admin->send("PUT", u"/api/spaces/admins-space/custom-field"_s, "null", json),
                400);
            SPACES_COMPARE_STATUS(
                m_admin->send("POST", u"/api/spaces"_s, "x", {{"Content-Type", "image/png"}}), 415);
            SPACES_COMPARE_STATUS(m_admin->withToken(u"bad"_s).get(u"/api/spaces"_s), 401);
            SPACES_COMPARE_STATUS(m_admin->get(u"/api/spaces/%1"_s.arg(i)), 404);
        }
        // Still serving, and still correct.
        const ApiReply ping = m_admin->get(u"/api/ping"_s);
        SPACES_COMPARE_STATUS(ping, 200);
        QCOMPARE(ping.json.value(u"status"_s), QJsonValue(true));
        SPACES_COMPARE_STATUS(m_admin->post(u"/api/spaces"_s, spaceRequest(u"after-the-storm"_s)),
                              201);
        SPACES_COMPARE_STATUS(m_admin->get(u"/api/spaces/after-the-storm"_s), 200);
        QVERIFY(m_server->isRunning());
    }
};

QTEST_GUILESS_MAIN(ApiSpaceAccessTest)
#include "tst_api_space_access.moc"
