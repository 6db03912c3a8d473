// /api/spaces against a real spacesd: read by id and by name, list, update (PUT) and custom
// fields, each success and each failure with its exact status and sentence.
#include "ApiCall.h"
#include "ServerTestHelpers.h"
#include "SpacesdProcess.h"

#include <QJsonArray>
#include <QTest>
#include <QUuid>

using namespace spaces::test;
using namespace spaces::test::SpaceSentence;
using namespace Qt::StringLiterals;

class ApiSpaceFieldsTest final : public QObject
{
    Q_OBJECT

private:
    ApiFixture m_fixture;

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_fixture.start(&error), qPrintable(error));
    }

    void cleanupTestCase() { QCOMPARE(m_fixture.stop(), 0); }

    void readByIdAndByName()
    {
        const QString id = m_fixture.createAsAdmin(
            spaceRequest(u"readable"_s, u"blank"_s, {{u"description"_s, u"read me"_s}}));
        QVERIFY(!id.isEmpty());
        const ApiReply byId = m_fixture.admin->get(u"/api/spaces/"_s + id);
        const ApiReply byName = m_fixture.admin->get(u"/api/spaces/readable"_s);
        const ApiReply byUpperId = m_fixture.admin->get(u"/api/spaces/"_s + id.toUpper());
        SPACES_COMPARE_STATUS(byId, 200);
        SPACES_COMPARE_STATUS(byName, 200);
        SPACES_COMPARE_STATUS(byUpperId, 200);
        QCOMPARE(byName.json, byId.json);
        QCOMPARE(byUpperId.json, byId.json);
        QCOMPARE(byId.json.value(u"space_id"_s).toString(), id);
    }

    void uuidShapedName()
    {
        // A valid name that parses as a UUID is still found by name.
        const QString name = u"deadbeef-dead-beef-dead-beefdeadbeef"_s;
        const QString id = m_fixture.createAsAdmin(spaceRequest(name, u"service"_s));
        QVERIFY(!id.isEmpty());
        const ApiReply byName = m_fixture.admin->get(u"/api/spaces/"_s + name);
        SPACES_COMPARE_STATUS(byName, 200);
        QCOMPARE(byName.json.value(u"space_id"_s).toString(), id);
        SPACES_COMPARE_STATUS(m_fixture.admin->put(u"/api/spaces/"_s + name + u"/custom-field"_s,
                                                   fieldValue(u"api_key"_s, u"k"_s)),
                              200);
        QCOMPARE(m_fixture.admin->get(u"/api/spaces/"_s + id + u"/custom-field/api_key"_s)
                     .json.value(u"value"_s)
                     .toString(),
                 u"k"_s);
        // Only among the caller's own spaces.
        SPACES_COMPARE_ERROR(m_fixture.user->get(u"/api/spaces/"_s + name), 404, NotFound);
        SPACES_COMPARE_STATUS(m_fixture.admin->del(u"/api/spaces/"_s + name), 200);
        SPACES_COMPARE_ERROR(m_fixture.admin->get(u"/api/spaces/"_s + id), 404, NotFound);
    }

    void readUnknown_data()
    {
        QTest::addColumn<QString>("key");
        QTest::newRow("unknown name") << u"no-such-space"_s;
        QTest::newRow("unknown uuid") << QUuid::createUuid().toString(QUuid::WithoutBraces);
        QTest::newRow("unknown upper-case uuid")
            << QUuid::createUuid().toString(QUuid::WithoutBraces).toUpper();
        QTest::newRow("nil uuid") << u"00000000-0000-0000-0000-000000000000"_s;
        QTest::newRow("uuid in braces") << QUuid::createUuid().toString();
        QTest::newRow("uuid-shaped garbage") << u"zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz"_s;
        QTest::newRow("blank inside") << u"not a name"_s;
        QTest::newRow("non-ASCII") << u"\u2603"_s;
        QTest::newRow("quote") << u"x'--"_s;
        QTest::newRow("percent") << u"%"_s;
        QTest::newRow("one character") << u"a"_s;
    }

    void readUnknown()
    {
        QFETCH(QString, key);
        SPACES_COMPARE_ERROR(m_fixture.admin->get(u"/api/spaces/"_s + key), 404, NotFound);
    }

    void spaceDefinition()
    {
        const QJsonObject request{
            {u"description"_s, u"a service"_s},
            {u"shell"_s, u"sh"_s},
            {u"custom_fields"_s, QJsonArray{fieldValue(u"environment"_s, u"dev"_s)}}};
        const QString id =
            m_fixture.createAsAdmin(spaceRequest(u"defined"_s, u"service"_s, request));
        QVERIFY(!id.isEmpty());
        const ApiReply reply = m_fixture.admin->get(u"/api/spaces/defined"_s);
        SPACES_COMPARE_STATUS(reply, 200);
        const QJsonObject &space = reply.json;
        QCOMPARE(space.value(u"space_id"_s).toString(), id);
        QCOMPARE(space.value(u"name"_s).toString(), u"defined"_s);
        QCOMPARE(space.value(u"description"_s).toString(), u"a service"_s);
        QVERIFY(isLowercaseUuid(space.value(u"template_id"_s).toString()));
        QCOMPARE(space.value(u"template_name"_s).toString(), u"service"_s);
        QCOMPARE(space.value(u"shell"_s).toString(), u"sh"_s);
        QCOMPARE(space.value(u"user_id"_s).toString(), m_fixture.adminId);
        QCOMPARE(space.value(u"username"_s).toString(), u"admin"_s);
        QCOMPARE(space.value(u"is_deployed"_s), QJsonValue(false));
        QCOMPARE(space.value(u"is_pending"_s), QJsonValue(false));
        // Every field the template defines, in its order, "" when unset.
        const QJsonArray expected{fieldValue(u"environment"_s, u"dev"_s),
                                  fieldValue(u"api_key"_s, QString()),
                                  fieldValue(u"interval"_s, QString())};
        QCOMPARE(space.value(u"custom_fields"_s).toArray(), expected);
    }

    void list()
    {
        QString error;
        const ApiCall lister =
            m_fixture.admin->withToken(addUser(*m_fixture.server, u"lister"_s, {}, &error));
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const ApiReply empty = lister.get(u"/api/spaces"_s);
        SPACES_COMPARE_STATUS(empty, 200);
        QCOMPARE(empty.json, (QJsonObject{{u"count"_s, 0}, {u"spaces"_s, QJsonArray()}}));

        SPACES_COMPARE_STATUS(lister.post(u"/api/spaces"_s, spaceRequest(u"list-b"_s)), 201);
        SPACES_COMPARE_STATUS(
            lister.post(u"/api/spaces"_s, spaceRequest(u"list-a"_s, u"service"_s)), 201);
        const QString listerId =
            lister.get(u"/api/users/whoami"_s).json.value(u"user_id"_s).toString();
        for (const QString &path : QStringList{u"/api/spaces"_s, u"/api/spaces?user_id=current"_s,
                                               u"/api/spaces?user_id="_s + listerId}) {
            const ApiReply reply = lister.get(path);
            SPACES_COMPARE_STATUS(reply, 200);
            QCOMPARE(reply.json.value(u"count"_s).toInt(), 2);
            const QJsonArray spaces = reply.json.value(u"spaces"_s).toArray();
            QCOMPARE(spaces.size(), 2);
            QCOMPARE(spaces[0][u"name"_s].toString(), u"list-a"_s);
            QCOMPARE(spaces[1][u"name"_s].toString(), u"list-b"_s);
            QCOMPARE(spaces[0][u"user_id"_s].toString(), listerId);
            QCOMPARE(spaces[0][u"is_deployed"_s], QJsonValue(false));
            QVERIFY(isLowercaseUuid(spaces[0][u"space_id"_s].toString()));
        }

        // Another user's list needs ManageSpaces.
        SPACES_COMPARE_ERROR(m_fixture.user->get(u"/api/spaces?user_id="_s + listerId), 403,
                             u"No permission to list spaces of other users"_s);
        const ApiReply managed = m_fixture.manager->get(u"/api/spaces?user_id="_s + listerId);
        SPACES_COMPARE_STATUS(managed, 200);
        QCOMPARE(managed.json.value(u"count"_s).toInt(), 2);
        QCOMPARE(managed.json.value(u"spaces"_s).toArray()[1][u"name"_s].toString(), u"list-b"_s);
        SPACES_COMPARE_ERROR(
            m_fixture.manager->get(u"/api/spaces?user_id="_s +
                                   QUuid::createUuid().toString(QUuid::WithoutBraces)),
            404, u"user not found"_s);
        // The manager's own list is not the lister's.
        QCOMPARE(m_fixture.manager->get(u"/api/spaces"_s).json.value(u"count"_s).toInt(), 0);
    }

    void update()
    {
        const QString id = m_fixture.createAsAdmin(spaceRequest(
            u"updated"_s, u"service"_s,
            {{u"custom_fields"_s, QJsonArray{fieldValue(u"environment"_s, u"dev"_s)}}}));
        QVERIFY(!id.isEmpty());
        QVERIFY(!m_fixture.createAsAdmin(spaceRequest(u"taken"_s)).isEmpty());
        // Read, change, write back: the whole SpaceRequest.
        QJsonObject space = m_fixture.admin->get(u"/api/spaces/updated"_s).json;
        const auto request = [&space](const QJsonObject &changes) {
            QJsonObject result{{u"name"_s, space[u"name"_s]},
                               {u"description"_s, space[u"description"_s]},
                               {u"template_id"_s, space[u"template_id"_s]},
                               {u"shell"_s, space[u"shell"_s]},
                               {u"custom_fields"_s, space[u"custom_fields"_s]}};
            for (auto it = changes.begin(); it != changes.end(); ++it)
                result.insert(it.key(), it.value());
            return result;
        };
        const ApiReply changed = m_fixture.admin->put(
            u"/api/spaces/updated"_s, request({{u"description"_s, u"new words"_s}}));
        SPACES_COMPARE_STATUS(changed, 200);
        QCOMPARE(changed.json, (QJsonObject{{u"status"_s, true}}));
        space = m_fixture.admin->get(u"/api/spaces/"_s + id).json;
        QCOMPARE(space.value(u"description"_s).toString(), u"new words"_s);
        QCOMPARE(space.value(u"custom_fields"_s).toArray()[0][u"value"_s].toString(), u"dev"_s);

        SPACES_COMPARE_ERROR(
            m_fixture.admin->put(u"/api/spaces/"_s + id,
                                 request({{u"description"_s, QString(1025, u'x')}})),
            400, u"description too long"_s);
        SPACES_COMPARE_ERROR(
            m_fixture.admin->put(u"/api/spaces/"_s + id, request({{u"name"_s, u"taken"_s}})), 400,
            NameUsed);
        SPACES_COMPARE_ERROR(
            m_fixture.admin->put(u"/api/spaces/"_s + id, request({{u"name"_s, u"bad--name"_s}})),
            400, InvalidName);
        SPACES_COMPARE_ERROR(
            m_fixture.admin->put(u"/api/spaces/"_s + id, request({{u"shell"_s, u"csh"_s}})), 400,
            u"invalid shell given for space"_s);
        SPACES_COMPARE_ERROR(
            m_fixture.admin->put(u"/api/spaces/"_s + id, request({{u"template_id"_s, u"blank"_s}})),
            400, u"the template of a space cannot be changed"_s);
        SPACES_COMPARE_ERROR(
            m_fixture.admin->put(u"/api/spaces/"_s + id, request({{u"template_id"_s, u"nope"_s}})),
            400, u"the template of a space cannot be changed"_s);
        SPACES_COMPARE_ERROR(
            m_fixture.admin->put(
                u"/api/spaces/"_s + id,
                request({{u"custom_fields"_s, QJsonArray{fieldValue(u"port"_s, u"1"_s)}}})),
            400, u"custom field 'port' not defined in template"_s);
        SPACES_COMPARE_ERROR(
            m_fixture.admin->put(u"/api/spaces/"_s + id, request({{u"description"_s, 7}})), 400,
            u"field 'description' must be a string"_s);
        SPACES_COMPARE_ERROR(
            m_fixture.admin->send("PUT", u"/api/spaces/"_s + id,
                                  "{\"description\":", {{"Content-Type", "application/json"}}),
            400, u"request body is not valid JSON: unterminated object at byte 15"_s);
        SPACES_COMPARE_ERROR(m_fixture.admin->send("PUT", u"/api/spaces/"_s + id, "description=x",
                                                   {{"Content-Type", "text/plain"}}),
                             415, u"request body must be JSON (Content-Type: application/json)"_s);
        SPACES_COMPARE_ERROR(m_fixture.admin->put(u"/api/spaces/no-such-space"_s, request({})), 404,
                             NotFound);
        // None of the refused requests changed anything.
        const QJsonObject after = m_fixture.admin->get(u"/api/spaces/"_s + id).json;
        QCOMPARE(after.value(u"name"_s).toString(), u"updated"_s);
        QCOMPARE(after.value(u"description"_s).toString(), u"new words"_s);
        QCOMPARE(after.value(u"shell"_s).toString(), u"bash"_s);

        // Renaming to a free name: the old name is gone, the id stays.
        SPACES_COMPARE_STATUS(
            m_fixture.admin->put(u"/api/spaces/"_s + id, request({{u"name"_s, u"renamed"_s}})),
            200);
        SPACES_COMPARE_ERROR(m_fixture.admin->get(u"/api/spaces/updated"_s), 404, NotFound);
        QCOMPARE(
            m_fixture.admin->get(u"/api/spaces/renamed"_s).json.value(u"space_id"_s).toString(),
            id);
        // Writing back the same name (and template given by name) is fine.
        space = m_fixture.admin->get(u"/api/spaces/"_s + id).json;
        SPACES_COMPARE_STATUS(m_fixture.admin->put(u"/api/spaces/renamed"_s,
                                                   request({{u"template_id"_s, u"service"_s}})),
                              200);
    }

    void customFields()
    {
        QVERIFY(!m_fixture.createAsAdmin(spaceRequest(u"fielded"_s, u"service"_s)).isEmpty());
        const QString base = u"/api/spaces/fielded/custom-field"_s;
        const ApiReply unset = m_fixture.admin->get(base + u"/api_key"_s);
        SPACES_COMPARE_STATUS(unset, 200);
        QCOMPARE(unset.json, fieldValue(u"api_key"_s, QString()));

        const ApiReply set = m_fixture.admin->put(base, fieldValue(u"api_key"_s, u"sk-123"_s));
        SPACES_COMPARE_STATUS(set, 200);
        QCOMPARE(set.json, (QJsonObject{{u"status"_s, true}}));
        QCOMPARE(m_fixture.admin->get(base + u"/api_key"_s).json,
                 fieldValue(u"api_key"_s, u"sk-123"_s));
        QCOMPARE(m_fixture.admin->get(u"/api/spaces/fielded"_s)
                     .json.value(u"custom_fields"_s)
                     .toArray()[1]
                     .toObject(),
                 fieldValue(u"api_key"_s, u"sk-123"_s));
        // Overwrite, and back to empty.
        SPACES_COMPARE_STATUS(m_fixture.admin->put(base, fieldValue(u"api_key"_s, u"sk-456"_s)),
                              200);
        QCOMPARE(m_fixture.admin->get(base + u"/api_key"_s).json.value(u"value"_s).toString(),
                 u"sk-456"_s);
        SPACES_COMPARE_STATUS(m_fixture.admin->put(base, fieldValue(u"api_key"_s, QString())), 200);
        QCOMPARE(m_fixture.admin->get(base + u"/api_key"_s).json,
                 fieldValue(u"api_key"_s, QString()));

        SPACES_COMPARE_ERROR(m_fixture.admin->put(base, fieldValue(u"port"_s, u"80"_s)), 400,
                             u"custom field 'port' not defined in template"_s);
        SPACES_COMPARE_ERROR(m_fixture.admin->put(base, fieldValue(u"1bad"_s, u"80"_s)), 400,
                             u"custom field '1bad' not defined in template"_s);
        SPACES_COMPARE_ERROR(m_fixture.admin->get(base + u"/port"_s), 404,
                             u"custom field 'port' not defined in template"_s);
        SPACES_COMPARE_ERROR(
            m_fixture.admin->put(base, (QJsonObject{{u"name"_s, u"interval"_s}, {u"value"_s, 5}})),
            400, u"field 'value' must be a string"_s);
        SPACES_COMPARE_ERROR(
            m_fixture.admin->put(
                base, (QJsonObject{{u"name"_s, u"interval"_s}, {u"value"_s, QJsonValue::Null}})),
            400, u"field 'value' is required"_s);
        SPACES_COMPARE_ERROR(
            m_fixture.admin->put(base, (QJsonObject{{u"name"_s, true}, {u"value"_s, u"1"_s}})), 400,
            u"field 'name' must be a string"_s);
        SPACES_COMPARE_ERROR(m_fixture.admin->put(base, (QJsonObject{{u"value"_s, u"1"_s}})), 400,
                             u"field 'name' is required"_s);
        SPACES_COMPARE_ERROR(
            m_fixture.admin->send("PUT", base, "name=interval", {{"Content-Type", "text/plain"}}),
            415, u"request body must be JSON (Content-Type: application/json)"_s);
        SPACES_COMPARE_ERROR(m_fixture.admin->put(u"/api/spaces/no-such-space/custom-field"_s,
                                                  fieldValue(u"api_key"_s, u"x"_s)),
                             404, NotFound);
        SPACES_COMPARE_ERROR(
            m_fixture.admin->get(u"/api/spaces/no-such-space/custom-field/api_key"_s), 404,
            NotFound);
        // The refused writes left the field alone.
        QCOMPARE(m_fixture.admin->get(base + u"/interval"_s).json,
                 fieldValue(u"interval"_s, QString()));
    }
};

QTEST_GUILESS_MAIN(ApiSpaceFieldsTest)
#include "tst_api_space_fields.moc"
