// The catalog routes against a real spacesd: templates, scripts, whoami and ping.
#include "ApiCall.h"
#include "ServerTestHelpers.h"
#include "SpacesdProcess.h"

#include <QJsonArray>
#include <QProcess>
#include <QTest>
#include <QUuid>
#include <memory>

using namespace spaces::test;
using namespace Qt::StringLiterals;

namespace {

QJsonObject findByName(const QJsonArray &items, const QString &name)
{
    for (const QJsonValue &item : items) {
        if (item[u"name"_s].toString() == name)
            return item.toObject();
    }
    return {};
}

QStringList names(const QJsonArray &items)
{
    QStringList result;
    for (const QJsonValue &item : items)
        result.append(item[u"name"_s].toString());
    return result;
}

QStringList fieldNames(const QJsonObject &spaceTemplate)
{
    return names(spaceTemplate.value(u"custom_fields"_s).toArray());
}

} // namespace

class ApiCatalogTest final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<SpacesdProcess> m_server;
    std::unique_ptr<ApiCall> m_admin;
    std::unique_ptr<ApiCall> m_user;    // UseSpaces only
    std::unique_ptr<ApiCall> m_manager; // ManageSpaces
    QString m_userId;

private Q_SLOTS:
    void initTestCase()
    {
        m_server = std::make_unique<SpacesdProcess>();
        QString error;
        QVERIFY2(m_server->start(&error), qPrintable(error));
        m_admin = std::make_unique<ApiCall>(m_server->url(), m_server->token());
        const QString userToken = addUser(*m_server, u"plain"_s, {}, &error);
        const QString managerToken = addUser(*m_server, u"manager"_s, {u"--manage"_s}, &error);
        QVERIFY2(!userToken.isEmpty() && !managerToken.isEmpty(), qPrintable(error));
        m_user = std::make_unique<ApiCall>(m_admin->withToken(userToken));
        m_manager = std::make_unique<ApiCall>(m_admin->withToken(managerToken));
        m_userId = m_user->get(u"/api/users/whoami"_s).json.value(u"user_id"_s).toString();
        QVERIFY(isLowercaseUuid(m_userId));
    }

    void cleanupTestCase()
    {
        if (m_server)
            QCOMPARE(m_server->terminate(), 0);
        m_server.reset();
    }

    void builtinTemplates()
    {
        const ApiReply reply = m_user->get(u"/api/templates"_s);
        SPACES_COMPARE_STATUS(reply, 200);
        const QJsonArray templates = reply.json.value(u"templates"_s).toArray();
        QCOMPARE(reply.json.value(u"count"_s).toInt(), templates.size());
        QCOMPARE(names(templates), (QStringList{u"blank"_s, u"service"_s, u"web"_s}));
        for (const QJsonValue &entry : templates) {
            QVERIFY(isLowercaseUuid(entry[u"template_id"_s].toString()));
            QVERIFY(!entry[u"description"_s].toString().isEmpty());
            for (const QJsonValue &definition : entry[u"custom_fields"_s].toArray())
                QVERIFY2(!definition[u"description"_s].toString().isEmpty(),
                         qPrintable(definition[u"name"_s].toString()));
        }
        QCOMPARE(fieldNames(findByName(templates, u"blank"_s)), QStringList());
        QCOMPARE(fieldNames(findByName(templates, u"web"_s)), QStringList{u"port"_s});
        QCOMPARE(fieldNames(findByName(templates, u"service"_s)),
                 (QStringList{u"environment"_s, u"api_key"_s, u"interval"_s}));
    }

    void createTemplate()
    {
        const QJsonObject body{
            {u"name"_s, u"custom-tpl"_s},
            {u"description"_s, u"made by a test"_s},
            {u"shell"_s, u"sh"_s},
            {u"custom_fields"_s,
             QJsonArray{QJsonObject{{u"name"_s, u"region"_s}, {u"description"_s, u"Where"_s}}}},
            {u"environment"_s, QJsonObject{{u"REGION"_s, u"${region}"_s}}},
        };
        const ApiReply created = m_manager->post(u"/api/templates"_s, body);
        SPACES_COMPARE_STATUS(created, 201);
        QCOMPARE(created.json.value(u"status"_s), QJsonValue(true));
        const QString id = created.json.value(u"template_id"_s).toString();
        QVERIFY2(isLowercaseUuid(id), qPrintable(id));

        const QJsonObject listed = findByName(
            m_user->get(u"/api/templates"_s).json.value(u"templates"_s).toArray(), u"custom-tpl"_s);
        QCOMPARE(listed.value(u"template_id"_s).toString(), id);
        QCOMPARE(listed.value(u"description"_s).toString(), u"made by a test"_s);
        QCOMPARE(fieldNames(listed), QStringList{u"region"_s});

        // Usable by create, by name and by id, with its fields and its shell.
        const QJsonObject region{
            {u"custom_fields"_s,
             QJsonArray{QJsonObject{{u"name"_s, u"region"_s}, {u"value"_s, u"eu"_s}}}}};
        SPACES_COMPARE_STATUS(
            m_user->post(u"/api/spaces"_s, spaceRequest(u"from-custom"_s, u"custom-tpl"_s, region)),
            201);
        SPACES_COMPARE_STATUS(m_user->post(u"/api/spaces"_s, spaceRequest(u"from-custom-id"_s, id)),
                              201);
        const ApiReply space = m_user->get(u"/api/spaces/from-custom"_s);
        QCOMPARE(space.json.value(u"template_id"_s).toString(), id);
        QCOMPARE(space.json.value(u"template_name"_s).toString(), u"custom-tpl"_s);
        QCOMPARE(space.json.value(u"shell"_s).toString(), u"sh"_s);
        QCOMPARE(m_user->get(u"/api/spaces/from-custom/custom-field/region"_s)
                     .json.value(u"value"_s)
                     .toString(),
                 u"eu"_s);
        QCOMPARE(m_user->get(u"/api/spaces/from-custom-id/custom-field/region"_s)
                     .json.value(u"value"_s)
                     .toString(),
                 QString());
        SPACES_COMPARE_ERROR(m_user->put(u"/api/spaces/from-custom/custom-field"_s,
                                         {{u"name"_s, u"port"_s}, {u"value"_s, u"1"_s}}),
                             400, u"custom field 'port' not defined in template"_s);

        // The admin is a manager too.
        SPACES_COMPARE_STATUS(m_admin->post(u"/api/templates"_s, {{u"name"_s, u"admins-tpl"_s}}),
                              201);
    }

    void createTemplateNeedsManageSpaces()
    {
        SPACES_COMPARE_ERROR(m_user->post(u"/api/templates"_s, {{u"name"_s, u"users-tpl"_s}}), 403,
                             u"No permission to manage templates"_s);
        SPACES_COMPARE_ERROR(
            m_admin->withToken(u"nope"_s).post(u"/api/templates"_s, {{u"name"_s, u"users-tpl"_s}}),
            401, u"Authentication token is not valid"_s);
        QVERIFY(findByName(m_admin->get(u"/api/templates"_s).json.value(u"templates"_s).toArray(),
                           u"users-tpl"_s)
                    .isEmpty());
    }

    void invalidTemplates_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("sentence");
        QTest::newRow("no name") << QByteArray("{}") << 400 << u"field 'name' is required"_s;
        QTest::newRow("name is a number")
            << QByteArray("{\"name\":1}") << 400 << u"field 'name' must be a string"_s;
        QTest::newRow("empty name")
            << QByteArray("{\"name\":\"\"}") << 400 << u"invalid template name"_s;
        QTest::newRow("leading digit")
            << QByteArray("{\"name\":\"1tpl\"}") << 400 << u"invalid template name"_s;
        QTest::newRow("blank in name")
            << QByteArray("{\"name\":\"my tpl\"}") << 400 << u"invalid template name"_s;
        QTest::newRow("65 characters")
            << (QByteArray("{\"name\":\"t") + QByteArray(64, 'x') + QByteArray("\"}")) << 400
            << u"invalid template name"_s;
        QTest::newRow("name taken")
            << QByteArray("{\"name\":\"blank\"}") << 400 << u"template name 'blank' already used"_s;
        QTest::newRow("bad shell") << QByteArray("{\"name\":\"tpl\",\"shell\":\"csh\"}") << 400
                                   << u"invalid shell given for space"_s;
        QTest::newRow("description is a list")
            << QByteArray("{\"name\":\"tpl\",\"description\":[]}") << 400
            << u"field 'description' must be a string"_s;
        QTest::newRow("startup command is a number")
            << QByteArray("{\"name\":\"tpl\",\"startup_command\":1}") << 400
            << u"field 'startup_command' must be a string"_s;
        QTest::newRow("fields not a list")
            << QByteArray("{\"name\":\"tpl\",\"custom_fields\":\"x\"}") << 400
            << u"field 'custom_fields' must be a list of objects"_s;
        QTest::newRow("field is a string")
            << QByteArray("{\"name\":\"tpl\",\"custom_fields\":[\"x\"]}") << 400
            << u"field 'custom_fields' must be a list of objects"_s;
        QTest::newRow("field name invalid")
            << QByteArray("{\"name\":\"tpl\",\"custom_fields\":[{\"name\":\"9x\"}]}") << 400
            << u"invalid custom field name '9x'"_s;
        QTest::newRow("field without name")
            << QByteArray("{\"name\":\"tpl\",\"custom_fields\":[{\"description\":\"d\"}]}") << 400
            << u"invalid custom field name ''"_s;
        QTest::newRow("environment is a list")
            << QByteArray("{\"name\":\"tpl\",\"environment\":[\"A=1\"]}") << 400
            << u"field 'environment' must be an object of strings"_s;
        QTest::newRow("malformed JSON")
            << QByteArray("{\"name\":") << 400
            << u"request body is not valid JSON: unterminated object at byte 8"_s;
        QTest::newRow("array") << QByteArray("[]") << 400
                               << u"request body must be a JSON object"_s;
    }

    void invalidTemplates()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, sentence);
        const int before = m_admin->get(u"/api/templates"_s).json.value(u"count"_s).toInt();
        SPACES_COMPARE_ERROR(m_manager->send("POST", u"/api/templates"_s, body,
                                             {{"Content-Type", "application/json"}}),
                             status, sentence);
        QCOMPARE(m_admin->get(u"/api/templates"_s).json.value(u"count"_s).toInt(), before);
        SPACES_COMPARE_ERROR(m_manager->send("POST", u"/api/templates"_s, "{\"name\":\"tpl\"}",
                                             {{"Content-Type", "text/plain"}}),
                             415, u"request body must be JSON (Content-Type: application/json)"_s);
    }

    void scripts()
    {
        // A user's own script.
        const ApiReply own = m_user->post(u"/api/scripts"_s, {{u"name"_s, u"hello"_s},
                                                              {u"description"_s, u"says hello"_s},
                                                              {u"content"_s, u"echo hello"_s},
                                                              {u"user_id"_s, u"current"_s}});
        SPACES_COMPARE_STATUS(own, 201);
        QCOMPARE(own.json.value(u"status"_s), QJsonValue(true));
        QVERIFY(isLowercaseUuid(own.json.value(u"id"_s).toString()));
        SPACES_COMPARE_ERROR(m_user->post(u"/api/scripts"_s, {{u"name"_s, u"hello"_s},
                                                              {u"content"_s, u"echo again"_s},
                                                              {u"user_id"_s, u"current"_s}}),
                             400, u"script name 'hello' already used"_s);
        // Global scripts need ManageSpaces.
        SPACES_COMPARE_ERROR(
            m_user->post(u"/api/scripts"_s,
                         {{u"name"_s, u"global-one"_s}, {u"content"_s, u"true"_s}}),
            403,
            u"No permission to manage global scripts; set user_id to \"current\" for a script of your own"_s);
        const QString adminId =
            m_admin->get(u"/api/users/whoami"_s).json.value(u"user_id"_s).toString();
        SPACES_COMPARE_ERROR(m_user->post(u"/api/scripts"_s, {{u"name"_s, u"theirs"_s},
                                                              {u"content"_s, u"true"_s},
                                                              {u"user_id"_s, adminId}}),
                             403, u"No permission to manage scripts of other users"_s);
        const ApiReply global = m_manager->post(
            u"/api/scripts"_s, {{u"name"_s, u"global-one"_s}, {u"content"_s, u"true"_s}});
        SPACES_COMPARE_STATUS(global, 201);
        SPACES_COMPARE_ERROR(m_admin->post(u"/api/scripts"_s, {{u"name"_s, u"global-one"_s},
                                                               {u"content"_s, u"false"_s}}),
                             400, u"script name 'global-one' already used"_s);
        // The same name as someone's own script is fine for a global one and for another user.
        SPACES_COMPARE_STATUS(m_admin->post(u"/api/scripts"_s, {{u"name"_s, u"hello"_s},
                                                                {u"content"_s, u"echo hi"_s}}),
                              201);
        SPACES_COMPARE_STATUS(m_manager->post(u"/api/scripts"_s, {{u"name"_s, u"hello"_s},
                                                                  {u"content"_s, u"echo hi"_s},
                                                                  {u"user_id"_s, u"current"_s}}),
                              201);

        // Invalid bodies.
        SPACES_COMPARE_ERROR(m_user->post(u"/api/scripts"_s, {{u"name"_s, u"1bad"_s},
                                                              {u"content"_s, u"x"_s},
                                                              {u"user_id"_s, u"current"_s}}),
                             400, u"invalid script name"_s);
        SPACES_COMPARE_ERROR(m_user->post(u"/api/scripts"_s, {{u"name"_s, u"nocontent"_s},
                                                              {u"user_id"_s, u"current"_s}}),
                             400, u"field 'content' is required"_s);
        SPACES_COMPARE_ERROR(m_user->post(u"/api/scripts"_s, {{u"content"_s, u"x"_s}}), 400,
                             u"field 'name' is required"_s);
        SPACES_COMPARE_ERROR(
            m_user->post(u"/api/scripts"_s, {{u"name"_s, u"typed"_s}, {u"content"_s, 5}}), 400,
            u"field 'content' must be a string"_s);

        // As Knot: without user_id the global scripts and the caller's own; with it only the
        // user's own.
        const ApiReply all = m_user->get(u"/api/scripts"_s);
        SPACES_COMPARE_STATUS(all, 200);
        const QJsonArray listed = all.json.value(u"scripts"_s).toArray();
        QCOMPARE(all.json.value(u"count"_s).toInt(), 3);
        QCOMPARE(names(listed), (QStringList{u"global-one"_s, u"hello"_s, u"hello"_s}));
        bool sawOwn = false;
        for (const QJsonValue &script : listed) {
            QVERIFY(!script.toObject().contains(u"content"_s));
            if (script[u"user_id"_s].toString() == m_userId) {
                sawOwn = true;
                QCOMPARE(script[u"description"_s].toString(), u"says hello"_s);
                QCOMPARE(script[u"id"_s].toString(), own.json.value(u"id"_s).toString());
            }
        }
        QVERIFY(sawOwn);
        for (const QString &query : {u"current"_s, m_userId}) {
            const ApiReply mine = m_user->get(u"/api/scripts?user_id="_s + query);
            SPACES_COMPARE_STATUS(mine, 200);
            const QJsonArray scripts = mine.json.value(u"scripts"_s).toArray();
            QCOMPARE(mine.json.value(u"count"_s).toInt(), 1);
            QCOMPARE(scripts.first()[u"user_id"_s].toString(), m_userId);
            QCOMPARE(scripts.first()[u"name"_s].toString(), u"hello"_s);
        }
        SPACES_COMPARE_ERROR(m_user->get(u"/api/scripts?user_id="_s + adminId), 403,
                             u"No permission to list scripts of other users"_s);
        const ApiReply managed = m_manager->get(u"/api/scripts?user_id="_s + m_userId);
        SPACES_COMPARE_STATUS(managed, 200);
        QCOMPARE(managed.json.value(u"count"_s).toInt(), 1);
    }

    void whoami()
    {
        const ApiReply admin = m_admin->get(u"/api/users/whoami"_s);
        SPACES_COMPARE_STATUS(admin, 200);
        QVERIFY(isLowercaseUuid(admin.json.value(u"user_id"_s).toString()));
        QCOMPARE(admin.json.value(u"username"_s).toString(), u"admin"_s);
        QCOMPARE(admin.json.value(u"preferred_shell"_s).toString(), u"bash"_s);
        QCOMPARE(admin.json.value(u"permissions"_s).toObject(),
                 (QJsonObject{{u"use_spaces"_s, true}, {u"manage_spaces"_s, true}}));

        const ApiReply user = m_user->get(u"/api/users/whoami"_s);
        SPACES_COMPARE_STATUS(user, 200);
        QCOMPARE(user.json.value(u"user_id"_s).toString(), m_userId);
        QCOMPARE(user.json.value(u"username"_s).toString(), u"plain"_s);
        QCOMPARE(user.json.value(u"preferred_shell"_s).toString(), u"bash"_s);
        QCOMPARE(user.json.value(u"permissions"_s).toObject(),
                 (QJsonObject{{u"use_spaces"_s, true}, {u"manage_spaces"_s, false}}));
        QVERIFY(user.json.value(u"user_id"_s) != admin.json.value(u"user_id"_s));

        SPACES_COMPARE_ERROR(m_admin->withToken({}).get(u"/api/users/whoami"_s), 401,
                             u"Authentication token is not valid"_s);
    }

    void ping()
    {
        // The version is the one spacesd itself reports.
        QProcess version;
        version.start(m_server->spacesdPath(), {u"--version"_s});
        QVERIFY(version.waitForFinished(10000));
        const QString printed = QString::fromUtf8(version.readAllStandardOutput()).trimmed();
        QVERIFY2(printed.startsWith(u"spacesd "_s), qPrintable(printed));

        for (const ApiCall *api : {m_admin.get(), m_user.get(), m_manager.get()}) {
            const ApiReply reply = api->get(u"/api/ping"_s);
            SPACES_COMPARE_STATUS(reply, 200);
            QCOMPARE(reply.json, (QJsonObject{{u"status"_s, true},
                                              {u"version"_s, printed.mid(8)},
                                              {u"zone"_s, u"local"_s}}));
        }
        SPACES_COMPARE_ERROR(m_admin->withToken({}).get(u"/api/ping"_s), 401,
                             u"Authentication token is not valid"_s);
        SPACES_COMPARE_ERROR(m_admin->withToken(u"wrong"_s).get(u"/api/ping"_s), 401,
                             u"Authentication token is not valid"_s);
        SPACES_COMPARE_ERROR(m_admin->withToken({}).get(u"/api/templates"_s), 401,
                             u"Authentication token is not valid"_s);
        SPACES_COMPARE_ERROR(m_admin->withToken({}).get(u"/api/scripts"_s), 401,
                             u"Authentication token is not valid"_s);
        SPACES_COMPARE_ERROR(m_admin->withToken({}).post(u"/api/scripts"_s, {{u"name"_s, u"x"_s}}),
                             401, u"Authentication token is not valid"_s);
    }
};

QTEST_GUILESS_MAIN(ApiCatalogTest)
#include "tst_api_catalog.moc"
