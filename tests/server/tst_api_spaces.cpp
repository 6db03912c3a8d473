// POST /api/spaces against a real spacesd, with authentication on every space route: each
// success and each failure with its exact status and sentence.
// (Reading, listing, updating and custom fields: tst_api_space_fields; state changes,
// permissions between users and robustness: tst_api_space_access.)
#include "ApiCall.h"
#include "ServerTestHelpers.h"
#include "SpacesdProcess.h"

#include <QJsonArray>
#include <QTest>
#include <QUuid>

using namespace spaces::test;
using namespace spaces::test::SpaceSentence;
using namespace Qt::StringLiterals;

class ApiSpacesTest final : public QObject
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

    // The list carries an ETag; sent back unchanged it gets 304 and no body, and any write or
    // another user's tag gets the whole list again.
    void listAnswersConditionally()
    {
        const auto listWith = [](const ApiCall &caller, const QByteArray &tag) {
            return caller.send("GET", u"/api/spaces"_s, {}, {{"If-None-Match", tag}});
        };
        const ApiReply first = m_fixture.admin->get(u"/api/spaces"_s);
        QCOMPARE(first.status, 200);
        QVERIFY(first.entityTag.startsWith("W/\""));

        const ApiReply unchanged = listWith(*m_fixture.admin, first.entityTag);
        QCOMPARE(unchanged.status, 304);
        QVERIFY(unchanged.body.isEmpty());
        QCOMPARE(unchanged.entityTag, first.entityTag);
        QCOMPARE(listWith(*m_fixture.admin, "\"other\", " + first.entityTag).status, 304);
        QCOMPARE(listWith(*m_fixture.admin, "*").status, 304);

        // Another user's list never matches the admin's tag.
        const ApiReply theirs = listWith(*m_fixture.user, first.entityTag);
        QCOMPARE(theirs.status, 200);
        QVERIFY(theirs.entityTag != first.entityTag);

        QVERIFY(
            !m_fixture.createAsAdmin({{u"name"_s, u"etag-space"_s}, {u"template_id"_s, u"blank"_s}})
                 .isEmpty());
        const ApiReply changed = listWith(*m_fixture.admin, first.entityTag);
        QCOMPARE(changed.status, 200);
        QVERIFY(changed.entityTag != first.entityTag);
        QVERIFY(changed.body.contains("etag-space"));
        QCOMPARE(listWith(*m_fixture.admin, changed.entityTag).status, 304);

        // Refused callers get their refusal, not a 304.
        QCOMPARE(m_fixture.admin->withToken(u"wrong"_s)
                     .send("GET", u"/api/spaces"_s, {}, {{"If-None-Match", "*"}})
                     .status,
                 401);
    }

    void authentication_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("authorization"); // empty: no header at all
        const QByteArray token = m_fixture.server->token().toUtf8();
        const QList<QPair<QByteArray, QString>> routes{
            {"GET", u"/api/spaces"_s},
            {"POST", u"/api/spaces"_s},
            {"GET", u"/api/spaces/some-space"_s},
            {"PUT", u"/api/spaces/some-space"_s},
            {"DELETE", u"/api/spaces/some-space"_s},
            {"POST", u"/api/spaces/some-space/start"_s},
            {"POST", u"/api/spaces/some-space/stop"_s},
            {"POST", u"/api/spaces/some-space/restart"_s},
            {"PUT", u"/api/spaces/some-space/custom-field"_s},
            {"GET", u"/api/spaces/some-space/custom-field/api_key"_s},
        };
        const QList<QPair<const char *, QByteArray>> headers{
            {"no header", QByteArray()},
            {"other scheme", "Token " + token},
            {"basic", "Basic YWRtaW46YWRtaW4="},
            {"scheme only", "Bearer"},
            {"unknown token", "Bearer 0123456789abcdef"},
            {"token with extra character", "Bearer " + token + "0"},
            {"token without scheme", token},
        };
        for (const auto &[method, path] : routes) {
            for (const auto &[label, header] : headers) {
                QTest::addRow("%s %s, %s", method.constData(), qPrintable(path), label)
                    << method << path << header;
            }
        }
    }

    void authentication()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QByteArray, authorization);
        QList<QPair<QByteArray, QByteArray>> headers{{"Content-Type", "application/json"}};
        if (!authorization.isEmpty())
            headers.append({"Authorization", authorization});
        const QByteArray body =
            method == "GET" || method == "DELETE" ? QByteArray() : QByteArray("{}");
        SPACES_COMPARE_ERROR(m_fixture.admin->withToken({}).send(method, path, body, headers), 401,
                             u"Authentication token is not valid"_s);
    }

    void createAnswersWithALowercaseUuid()
    {
        const ApiReply reply =
            m_fixture.admin->post(u"/api/spaces"_s, spaceRequest(u"first-space"_s));
        SPACES_COMPARE_STATUS(reply, 201);
        QCOMPARE(reply.json.size(), 2);
        QCOMPARE(reply.json.value(u"status"_s), QJsonValue(true));
        const QString id = reply.json.value(u"space_id"_s).toString();
        QVERIFY2(isLowercaseUuid(id), qPrintable(id));
        QCOMPARE(m_fixture.admin->get(u"/api/spaces/"_s + id).json.value(u"name"_s).toString(),
                 u"first-space"_s);
    }

    void createByTemplateNameAndId()
    {
        const ApiReply templates = m_fixture.admin->get(u"/api/templates"_s);
        SPACES_COMPARE_STATUS(templates, 200);
        QString webId;
        const QJsonArray list = templates.json.value(u"templates"_s).toArray();
        for (const QJsonValue &entry : list) {
            if (entry[u"name"_s].toString() == u"web"_s)
                webId = entry[u"template_id"_s].toString();
        }
        QVERIFY(isLowercaseUuid(webId));

        const QString byId = m_fixture.createAsAdmin(spaceRequest(u"by-template-id"_s, webId));
        QVERIFY(!byId.isEmpty());
        const ApiReply first = m_fixture.admin->get(u"/api/spaces/"_s + byId);
        QCOMPARE(first.json.value(u"template_id"_s).toString(), webId);
        QCOMPARE(first.json.value(u"template_name"_s).toString(), u"web"_s);

        const QString byName =
            m_fixture.createAsAdmin(spaceRequest(u"by-template-name"_s, u"web"_s));
        QVERIFY(!byName.isEmpty());
        const ApiReply second = m_fixture.admin->get(u"/api/spaces/"_s + byName);
        QCOMPARE(second.json.value(u"template_id"_s).toString(), webId);
        QCOMPARE(second.json.value(u"template_name"_s).toString(), u"web"_s);
    }

    void createRejectsInvalidNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("one character") << u"a"_s;
        QTest::newRow("65 characters") << (u"a"_s + QString(64, u'b'));
        QTest::newRow("double hyphen") << u"my--space"_s;
        QTest::newRow("leading digit") << u"1space"_s;
        QTest::newRow("leading hyphen") << u"-space"_s;
        QTest::newRow("underscore") << u"my_space"_s;
        QTest::newRow("non-ASCII letter") << u"sp\u00e4ce"_s;
        QTest::newRow("blank inside") << u"my space"_s;
        QTest::newRow("trailing newline") << u"space\n"_s;
        QTest::newRow("empty") << QString();
    }

    void createRejectsInvalidNames()
    {
        QFETCH(QString, name);
        const int before = m_fixture.admin->get(u"/api/spaces"_s).json.value(u"count"_s).toInt();
        SPACES_COMPARE_ERROR(m_fixture.admin->post(u"/api/spaces"_s, spaceRequest(name)), 400,
                             InvalidName);
        QCOMPARE(m_fixture.admin->get(u"/api/spaces"_s).json.value(u"count"_s).toInt(), before);
    }

    void createAcceptsNamesAtTheLimits()
    {
        const QString longest = u"a"_s + QString(62, u'b') + u"9"_s;
        QCOMPARE(longest.size(), 64);
        QVERIFY(!m_fixture.createAsAdmin(spaceRequest(longest)).isEmpty());
        QCOMPARE(m_fixture.admin->get(u"/api/spaces/"_s + longest).json.value(u"name"_s).toString(),
                 longest);
        QVERIFY(!m_fixture.createAsAdmin(spaceRequest(u"ab"_s)).isEmpty());
        QVERIFY(!m_fixture.createAsAdmin(spaceRequest(u"A-b-C-1"_s)).isEmpty());
    }

    void duplicateNames()
    {
        QVERIFY(!m_fixture.createAsAdmin(spaceRequest(u"twice"_s)).isEmpty());
        SPACES_COMPARE_ERROR(
            m_fixture.admin->post(u"/api/spaces"_s, spaceRequest(u"twice"_s, u"web"_s)), 400,
            NameUsed);
        // Names are unique per owner: another user may use it.
        SPACES_COMPARE_STATUS(m_fixture.user->post(u"/api/spaces"_s, spaceRequest(u"twice"_s)),
                              201);
        SPACES_COMPARE_ERROR(m_fixture.user->post(u"/api/spaces"_s, spaceRequest(u"twice"_s)), 400,
                             NameUsed);
    }

    void description_data()
    {
        QTest::addColumn<QString>("description");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("empty") << QString() << true;
        QTest::newRow("1024 bytes") << QString(1024, u'x') << true;
        QTest::newRow("1025 bytes") << QString(1025, u'x') << false;
        QTest::newRow("512 two-byte characters") << QString(512, QChar(0x00e9)) << true;
        QTest::newRow("513 two-byte characters (1026 bytes)")
            << QString(513, QChar(0x00e9)) << false;
        QTest::newRow("1023 bytes and a two-byte character")
            << (QString(1023, u'x') + QChar(0x00e9)) << false;
    }

    void description()
    {
        QFETCH(QString, description);
        QFETCH(bool, accepted);
        static int counter = 0;
        const QString name = u"described-%1"_s.arg(++counter);
        const ApiReply reply = m_fixture.admin->post(
            u"/api/spaces"_s, spaceRequest(name, u"blank"_s, {{u"description"_s, description}}));
        if (!accepted) {
            SPACES_COMPARE_ERROR(reply, 400, u"description too long"_s);
            SPACES_COMPARE_ERROR(m_fixture.admin->get(u"/api/spaces/"_s + name), 404, NotFound);
            return;
        }
        SPACES_COMPARE_STATUS(reply, 201);
        QCOMPARE(
            m_fixture.admin->get(u"/api/spaces/"_s + name).json.value(u"description"_s).toString(),
            description);
    }

    void shells_data()
    {
        QTest::addColumn<QString>("shell");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("bash") << u"bash"_s << true;
        QTest::newRow("zsh") << u"zsh"_s << true;
        QTest::newRow("fish") << u"fish"_s << true;
        QTest::newRow("sh") << u"sh"_s << true;
        QTest::newRow("csh") << u"csh"_s << false;
        QTest::newRow("upper case") << u"BASH"_s << false;
        QTest::newRow("path") << u"/bin/bash"_s << false;
        QTest::newRow("with blank") << u"bash "_s << false;
    }

    void shells()
    {
        QFETCH(QString, shell);
        QFETCH(bool, accepted);
        const QString name =
            u"shell-"_s + QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'-');
        const ApiReply reply = m_fixture.admin->post(
            u"/api/spaces"_s, spaceRequest(name, u"blank"_s, {{u"shell"_s, shell}}));
        if (!accepted) {
            SPACES_COMPARE_ERROR(reply, 400, u"invalid shell given for space"_s);
            return;
        }
        SPACES_COMPARE_STATUS(reply, 201);
        QCOMPARE(m_fixture.admin->get(u"/api/spaces/"_s + name).json.value(u"shell"_s).toString(),
                 shell);
    }

    void emptyShellMeansThePreferredShell()
    {
        const QString preferred = m_fixture.admin->get(u"/api/users/whoami"_s)
                                      .json.value(u"preferred_shell"_s)
                                      .toString();
        QCOMPARE(preferred, u"bash"_s);
        QVERIFY(!m_fixture
                     .createAsAdmin(
                         spaceRequest(u"empty-shell"_s, u"blank"_s, {{u"shell"_s, QString()}}))
                     .isEmpty());
        QCOMPARE(
            m_fixture.admin->get(u"/api/spaces/empty-shell"_s).json.value(u"shell"_s).toString(),
            preferred);
        QVERIFY(!m_fixture.createAsAdmin(spaceRequest(u"no-shell"_s)).isEmpty());
        QCOMPARE(m_fixture.admin->get(u"/api/spaces/no-shell"_s).json.value(u"shell"_s).toString(),
                 preferred);
    }

    void unknownTemplate()
    {
        SPACES_COMPARE_ERROR(
            m_fixture.admin->post(u"/api/spaces"_s, spaceRequest(u"no-template"_s, u"nope"_s)), 400,
            u"template 'nope' not found"_s);
        const QString randomId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        SPACES_COMPARE_ERROR(
            m_fixture.admin->post(u"/api/spaces"_s, spaceRequest(u"no-template"_s, randomId)), 400,
            u"template '%1' not found"_s.arg(randomId));
        SPACES_COMPARE_ERROR(m_fixture.admin->get(u"/api/spaces/no-template"_s), 404, NotFound);
    }

    void customFieldsOnCreate()
    {
        const QJsonObject undefinedField{
            {u"custom_fields"_s, QJsonArray{fieldValue(u"api_key"_s, u"k"_s)}}};
        SPACES_COMPARE_ERROR(
            m_fixture.admin->post(u"/api/spaces"_s,
                                  spaceRequest(u"fields-blank"_s, u"blank"_s, undefinedField)),
            400, u"custom field 'api_key' not defined in template"_s);
        const QJsonObject portOnService{
            {u"custom_fields"_s,
             QJsonArray{fieldValue(u"environment"_s, u"dev"_s), fieldValue(u"port"_s, u"80"_s)}}};
        SPACES_COMPARE_ERROR(
            m_fixture.admin->post(u"/api/spaces"_s,
                                  spaceRequest(u"fields-service"_s, u"service"_s, portOnService)),
            400, u"custom field 'port' not defined in template"_s);
        SPACES_COMPARE_ERROR(m_fixture.admin->get(u"/api/spaces/fields-service"_s), 404, NotFound);

        const QJsonObject good{
            {u"custom_fields"_s, QJsonArray{fieldValue(u"environment"_s, u"dev"_s),
                                            fieldValue(u"api_key"_s, u"k1"_s)}}};
        QVERIFY(!m_fixture.createAsAdmin(spaceRequest(u"fields-service"_s, u"service"_s, good))
                     .isEmpty());
        QCOMPARE(m_fixture.admin->get(u"/api/spaces/fields-service/custom-field/api_key"_s)
                     .json.value(u"value"_s)
                     .toString(),
                 u"k1"_s);
    }

    void createRejectsWrongTypes_data()
    {
        QTest::addColumn<QJsonObject>("request");
        QTest::addColumn<QString>("sentence");
        const QJsonObject base = spaceRequest(u"typed"_s, u"service"_s);
        const auto with = [&base](const QString &key, const QJsonValue &value) {
            QJsonObject result = base;
            result.insert(key, value);
            return result;
        };
        QJsonObject withoutName = base;
        withoutName.remove(u"name"_s);
        QJsonObject withoutTemplate = base;
        withoutTemplate.remove(u"template_id"_s);
        QTest::newRow("name is a number")
            << with(u"name"_s, 5) << u"field 'name' must be a string"_s;
        QTest::newRow("name is an object")
            << with(u"name"_s, QJsonObject()) << u"field 'name' must be a string"_s;
        QTest::newRow("name missing") << withoutName << u"field 'name' is required"_s;
        QTest::newRow("name null")
            << with(u"name"_s, QJsonValue::Null) << u"field 'name' is required"_s;
        QTest::newRow("template missing")
            << withoutTemplate << u"field 'template_id' is required"_s;
        QTest::newRow("template is a number")
            << with(u"template_id"_s, 3) << u"field 'template_id' must be a string"_s;
        QTest::newRow("description is a bool")
            << with(u"description"_s, true) << u"field 'description' must be a string"_s;
        QTest::newRow("shell is a list")
            << with(u"shell"_s, QJsonArray{u"bash"_s}) << u"field 'shell' must be a string"_s;
        QTest::newRow("custom_fields is a string")
            << with(u"custom_fields"_s, u"environment=dev"_s)
            << u"field 'custom_fields' must be a list of objects"_s;
        QTest::newRow("custom_fields is an object")
            << with(u"custom_fields"_s, QJsonObject{{u"environment"_s, u"dev"_s}})
            << u"field 'custom_fields' must be a list of objects"_s;
        QTest::newRow("custom_fields holds a string")
            << with(u"custom_fields"_s, QJsonArray{u"environment"_s})
            << u"field 'custom_fields' must be a list of objects"_s;
        QTest::newRow("custom field without name")
            << with(u"custom_fields"_s, QJsonArray{QJsonObject{{u"value"_s, u"x"_s}}})
            << u"field 'name' is required"_s;
        QTest::newRow("custom field value is a number")
            << with(u"custom_fields"_s,
                    QJsonArray{QJsonObject{{u"name"_s, u"interval"_s}, {u"value"_s, 5}}})
            << u"field 'value' must be a string"_s;
    }

    void createRejectsWrongTypes()
    {
        QFETCH(QJsonObject, request);
        QFETCH(QString, sentence);
        SPACES_COMPARE_ERROR(m_fixture.admin->post(u"/api/spaces"_s, request), 400, sentence);
        SPACES_COMPARE_ERROR(m_fixture.admin->get(u"/api/spaces/typed"_s), 404, NotFound);
    }

    void createRejectsBadBodies_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("contentType"); // empty: no header
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("sentence");
        const QString notJson = u"request body must be JSON (Content-Type: application/json)"_s;
        const QByteArray good = "{\"name\":\"raw-body\",\"template_id\":\"blank\"}";
        QTest::newRow("truncated JSON")
            << QByteArray("{\"name\":") << QByteArray("application/json") << 400
            << u"request body is not valid JSON: unterminated object at byte 8"_s;
        QTest::newRow("not JSON at all")
            << QByteArray("name=raw-body") << QByteArray("application/json") << 400
            << u"request body is not valid JSON: illegal value at byte 1"_s;
        QTest::newRow("array") << QByteArray("[{\"name\":\"raw-body\"}]")
                               << QByteArray("application/json") << 400
                               << u"request body must be a JSON object"_s;
        QTest::newRow("number") << QByteArray("42") << QByteArray("application/json") << 400
                                << u"request body is not valid JSON: illegal value at byte 1"_s;
        QTest::newRow("empty body") << QByteArray() << QByteArray("application/json") << 400
                                    << u"field 'name' is required"_s;
        QTest::newRow("text/plain") << good << QByteArray("text/plain") << 415 << notJson;
        QTest::newRow("form") << good << QByteArray("application/x-www-form-urlencoded") << 415
                              << notJson;
        QTest::newRow("no content type") << good << QByteArray() << 415 << notJson;
        QTest::newRow("json with charset")
            << good << QByteArray("application/json; charset=utf-8") << 201 << QString();
    }

    void createRejectsBadBodies()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, contentType);
        QFETCH(int, status);
        QFETCH(QString, sentence);
        QList<QPair<QByteArray, QByteArray>> headers;
        if (!contentType.isEmpty())
            headers.append({"Content-Type", contentType});
        const ApiReply reply = m_fixture.admin->send("POST", u"/api/spaces"_s, body, headers);
        if (status == 201) {
            SPACES_COMPARE_STATUS(reply, 201);
            return;
        }
        SPACES_COMPARE_ERROR(reply, status, sentence);
        SPACES_COMPARE_ERROR(m_fixture.admin->get(u"/api/spaces/raw-body"_s), 404, NotFound);
    }

    void bodyLimit()
    {
        const QByteArray head =
            "{\"name\":\"large-body\",\"template_id\":\"blank\",\"description\":\"";
        const QByteArray tail = "\"}";
        const qsizetype limit = 8 * 1024 * 1024;
        const auto body = [&](qsizetype size) -> QByteArray {
            return head + QByteArray(size - head.size() - tail.size(), 'x') + tail;
        };
        const QList<QPair<QByteArray, QByteArray>> json{{"Content-Type", "application/json"}};
        // Exactly at the limit the body is read (and the description refused); one byte more is
        // 413.
        SPACES_COMPARE_ERROR(m_fixture.admin->send("POST", u"/api/spaces"_s, body(limit), json),
                             400, u"description too long"_s);
        SPACES_COMPARE_ERROR(m_fixture.admin->send("POST", u"/api/spaces"_s, body(limit + 1), json),
                             413, u"request body too large: the limit is 8 MiB"_s);
        SPACES_COMPARE_STATUS(m_fixture.admin->get(u"/api/ping"_s), 200);
    }
};

QTEST_GUILESS_MAIN(ApiSpacesTest)
#include "tst_api_spaces.moc"
