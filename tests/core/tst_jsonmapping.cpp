// JSON <-> domain types: round trips, Knot-shaped payloads (with the many fields we do not
// model), missing fields, wrong types, and the run-command result shapes of Knot and spacesd.

#include "CommandResult.h"
#include "CustomFieldDefinition.h"
#include "CustomFieldValue.h"
#include "JsonFields.h"
#include "PortForward.h"
#include "Script.h"
#include "ScriptResult.h"
#include "Space.h"
#include "SpaceTemplate.h"
#include "User.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <limits>

using namespace Qt::StringLiterals;
using namespace spaces;

Q_DECLARE_METATYPE(spaces::Space)
Q_DECLARE_METATYPE(spaces::SpaceTemplate)
Q_DECLARE_METATYPE(spaces::PortForward)
Q_DECLARE_METATYPE(spaces::Script)
Q_DECLARE_METATYPE(spaces::ScriptResult)
Q_DECLARE_METATYPE(spaces::CommandResult)
Q_DECLARE_METATYPE(spaces::User)
Q_DECLARE_METATYPE(spaces::CustomFieldDefinition)
Q_DECLARE_METATYPE(spaces::CustomFieldValue)

// Readable values in failure messages (found by QTest through argument-dependent lookup).
namespace spaces {

namespace {
char *jsonString(const QJsonObject &object)
{
    return qstrdup(QJsonDocument(object).toJson(QJsonDocument::Compact).constData());
}
} // namespace

char *toString(const Space &value)
{
    return jsonString(value.toJson());
}
char *toString(const SpaceTemplate &value)
{
    return jsonString(value.toJson());
}
char *toString(const CustomFieldDefinition &value)
{
    return jsonString(value.toJson());
}
char *toString(const CustomFieldValue &value)
{
    return jsonString(value.toJson());
}
char *toString(const PortForward &value)
{
    return jsonString(value.toJson());
}
char *toString(const Script &value)
{
    return jsonString(value.toJson(true));
}
char *toString(const ScriptResult &value)
{
    return jsonString(value.toJson());
}
char *toString(const CommandResult &value)
{
    return jsonString(value.toJson());
}
char *toString(const User &value)
{
    return jsonString(value.toJson());
}

char *toString(Space::State state)
{
    switch (state) {
    case Space::State::Stopped:
        return qstrdup("Stopped");
    case Space::State::Pending:
        return qstrdup("Pending");
    case Space::State::Running:
        return qstrdup("Running");
    case Space::State::Deleting:
        return qstrdup("Deleting");
    }
    return qstrdup("?");
}

} // namespace spaces

namespace {

// Test payloads are literals: a malformed one is a bug in the test, so stop there.
QJsonObject parse(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        qFatal("malformed test payload: %s (%s)", qPrintable(error.errorString()),
               json.constData());
    return document.object();
}

// The object with only the given keys: what a payload looks like without the fields we ignore.
QJsonObject only(const QJsonObject &object, const QStringList &keys)
{
    QJsonObject result;
    for (const QString &key : keys) {
        if (object.contains(key))
            result.insert(key, object.value(key));
    }
    return result;
}

QDateTime utc(int year, int month, int day, int hour, int minute, int second, int ms = 0)
{
    return QDateTime(QDate(year, month, day), QTime(hour, minute, second, ms), Qt::UTC);
}

// A SpaceInfo item of GET /api/spaces, every property of the OpenAPI schema filled in.
const QByteArray KnotSpaceInfo = R"({
    "space_id": "0b7e4d7c-3f8a-4b8e-9c1d-2a6f5e4d3c21",
    "name": "backend-api",
    "description": "Go API with Postgres",
    "note": "migrating the schema",
    "template_name": "go-postgres",
    "template_id": "5f0c8a52-7a1e-4d0b-b6a3-7e0f9c2d1b44",
    "zone": "eu-west",
    "username": "alice",
    "user_id": "8d3c2b1a-9f8e-4d7c-a6b5-4c3d2e1f0a9b",
    "platform": "docker",
    "shares": ["2c1b0a9f-8e7d-4c6b-a5f4-3e2d1c0b9a8f"],
    "depends_on": ["7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d"],
    "has_code_server": true,
    "has_ssh": true,
    "has_http_vnc": false,
    "has_terminal": true,
    "has_vscode_tunnel": false,
    "vscode_tunnel_name": "",
    "is_deployed": true,
    "is_pending": false,
    "is_deleting": false,
    "tcp_ports": {"22": "ssh", "5432": "postgres"},
    "http_ports": {"8080": "api", "3000": "web"},
    "update_available": true,
    "is_remote": false,
    "has_state": true,
    "started_at": "2025-02-20T23:54:10.123456789Z",
    "icon_url": "https://icons.example.com/go.svg",
    "healthy": true,
    "health_known": true,
    "stack": "shop",
    "stack_prefix": "shop",
    "pool_id": "",
    "pool_name": "",
    "resource_usage": {"cpu_percent": 3.75, "memory_used_bytes": 268435456,
                       "memory_limit_bytes": 2147483648, "disk_used_bytes": 1073741824,
                       "disk_limit_bytes": 10737418240},
    "alt_names": [{"name": "api", "port": 8080}, {"name": "web", "port": 3000}],
    "custom_fields": [{"name": "db_password", "value": "s3cr\"et"}, {"name": "region", "value": ""}],
    "template_has_ssh": true,
    "template_has_terminal": true,
    "template_has_code_server": true,
    "template_has_vscode_tunnel": false
})";

// GET /api/spaces/{id}: a SpaceDefinition, never started, a start under way.
const QByteArray KnotSpaceDefinition = R"({
    "space_id": "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
    "user_id": "8d3c2b1a-9f8e-4d7c-a6b5-4c3d2e1f0a9b",
    "template_id": "9e8d7c6b-5a4f-4e3d-2c1b-0a9f8e7d6c5b",
    "shares": [],
    "depends_on": [],
    "name": "frontend",
    "description": "Node 20 with\nthe shop front end",
    "note": "",
    "template_name": "node-20",
    "username": "alice",
    "platform": "podman",
    "shell": "zsh",
    "zone": "us-east",
    "stack": "",
    "stack_prefix": "",
    "pool_id": "",
    "pool_name": "",
    "is_deployed": false,
    "is_pending": true,
    "is_deleting": false,
    "has_ever_started": false,
    "alt_names": [],
    "update_available": false,
    "volume_data": [{"id": "123e4567-e89b-12d3-a456-426614174000", "Namespace": "default"}],
    "started_at": "0001-01-01T00:00:00Z",
    "created_at": "2025-01-05T08:30:00+01:00",
    "created_at_formatted": "5 / Jan / 2025 8:30:00am",
    "icon_url": "",
    "custom_fields": [{"name": "node_version", "value": "20.11"}],
    "startup_script_id": "",
    "has_code_server": false,
    "has_ssh": false,
    "has_terminal": true,
    "has_http_vnc": false,
    "has_state": false,
    "tcp_ports": {},
    "http_ports": {},
    "has_vscode_tunnel": false,
    "vscode_tunnel_name": "",
    "is_remote": false,
    "node_id": "",
    "node_hostname": "node-1",
    "healthy": true,
    "health_known": false,
    "resource_usage": {"cpu_percent": 0, "memory_used_bytes": 0, "memory_limit_bytes": 0,
                       "disk_used_bytes": 0, "disk_limit_bytes": 0}
})";

const QStringList SpaceKeys{
    u"space_id"_s,    u"user_id"_s,       u"username"_s,   u"name"_s,       u"description"_s,
    u"template_id"_s, u"template_name"_s, u"shell"_s,      u"zone"_s,       u"is_deployed"_s,
    u"is_pending"_s,  u"is_deleting"_s,   u"started_at"_s, u"created_at"_s, u"custom_fields"_s,
    u"platform"_s,    u"has_state"_s,
};

// A TemplateInfo of GET /api/templates.
const QByteArray KnotTemplateInfo = R"({
    "template_id": "5f0c8a52-7a1e-4d0b-b6a3-7e0f9c2d1b44",
    "name": "go-postgres",
    "description": "Go 1.22 and Postgres 16",
    "usage": 3,
    "deployed": 1,
    "groups": ["00000000-0000-0000-0000-000000000000"],
    "platform": "docker",
    "is_managed": false,
    "active": true,
    "allow_node_migration": false,
    "compute_units": 2,
    "storage_units": 1,
    "schedule_enabled": false,
    "auto_start": true,
    "schedule": [],
    "max_uptime": 0,
    "max_uptime_unit": "disabled",
    "zones": ["eu-west", "us-east"],
    "icon_url": "https://icons.example.com/go.svg",
    "ports": [{"name": "api", "port": 8080, "protocol": "http"},
              {"name": "db", "port": 5432, "protocol": "tcp"}],
    "custom_fields": [{"name": "db_password", "description": "Password of the database"},
                      {"name": "region", "description": ""}]
})";

// A UserResponse of GET /api/users/whoami.
const QByteArray KnotUserResponse = R"({
    "user_id": "8d3c2b1a-9f8e-4d7c-a6b5-4c3d2e1f0a9b",
    "username": "alice",
    "email": "alice@example.com",
    "service_password": "password",
    "roles": ["00000000-0000-0000-0000-000000000002"],
    "groups": [],
    "active": true,
    "current": true,
    "last_login_at": "2025-02-20T09:00:00Z",
    "created_at": "2024-06-01T12:00:00Z",
    "updated_at": "2025-02-19T17:45:00Z",
    "github_username": "alice-gh",
    "ssh_public_key": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI alice@laptop",
    "ssh_private_key": "",
    "preferred_shell": "zsh",
    "timezone": "Europe/Paris",
    "max_spaces": 0,
    "compute_units": 10,
    "storage_units": 20,
    "max_tunnels": 2,
    "totp_secret": "",
    "number_spaces": 4,
    "number_spaces_deployed": 2,
    "number_spaces_deployed_in_zone": 1,
    "used_compute_units": 4,
    "used_storage_units": 6,
    "used_tunnels": 0
})";

// A ScriptInfo of GET /api/scripts and a ScriptDetails of GET /api/scripts/{id}.
const QByteArray KnotScriptInfo = R"({
    "id": "3a4b5c6d-7e8f-4a9b-8c7d-6e5f4a3b2c1d",
    "user_id": "",
    "name": "backup-db",
    "description": "Dump the database to /backups",
    "groups": ["00000000-0000-0000-0000-000000000000"],
    "zones": [],
    "active": true,
    "script_type": "tool",
    "is_managed": true
})";

const QByteArray KnotScriptDetails = R"({
    "id": "4b5c6d7e-8f9a-4b0c-9d8e-7f6a5b4c3d2e",
    "user_id": "8d3c2b1a-9f8e-4d7c-a6b5-4c3d2e1f0a9b",
    "name": "deploy.sh",
    "description": "",
    "content": "#!/bin/sh\nset -e\necho \"deploying $1\"\n",
    "groups": [],
    "zones": ["eu-west"],
    "active": true,
    "script_type": "script",
    "mcp_input_schema_toml": "[input]\nname = \"string\"\n",
    "mcp_keywords": ["deploy", "release"],
    "is_managed": false
})";

Space fullSpace()
{
    Space space;
    space.id = u"0b7e4d7c-3f8a-4b8e-9c1d-2a6f5e4d3c21"_s;
    space.userId = u"8d3c2b1a-9f8e-4d7c-a6b5-4c3d2e1f0a9b"_s;
    space.username = u"alice"_s;
    space.name = u"backend-api"_s;
    space.description = u"Go API with Postgres"_s;
    space.templateId = u"5f0c8a52-7a1e-4d0b-b6a3-7e0f9c2d1b44"_s;
    space.templateName = u"go-postgres"_s;
    space.zone = u"eu-west"_s;
    space.platform = u"docker"_s;
    space.isDeployed = true;
    space.hasState = true;
    space.startedAt = utc(2025, 2, 20, 23, 54, 10, 123);
    space.customFields = {{u"db_password"_s, u"s3cr\"et"_s}, {u"region"_s, QString()}};
    return space;
}

} // namespace

class TestJsonMapping final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // JsonFields, the tolerant readers everything else uses.
    void jsonInteger_data();
    void jsonInteger();
    void jsonStringAndBoolean();
    void jsonStringList();
    void jsonContainers();

    // Space
    void spaceFromKnotSpaceInfo();
    void spaceFromKnotSpaceDefinition();
    void spaceFromList();
    void spaceId_data();
    void spaceId();
    void spaceWrongTypes_data();
    void spaceWrongTypes();
    void spaceTimes_data();
    void spaceTimes();
    void spaceState_data();
    void spaceState();
    void spaceFieldValue();
    void spaceToJson();
    void spaceRoundTrip_data();
    void spaceRoundTrip();

    // SpaceTemplate and custom fields
    void templateFromKnotTemplateInfo();
    void templateLocal();
    void templateEnvironment_data();
    void templateEnvironment();
    void templateWrongTypes();
    void templateRoundTrip_data();
    void templateRoundTrip();
    void customFields_data();
    void customFields();
    void customFieldRoundTrip();

    // PortForward
    void portForwardFromKnot();
    void portForwardWrongTypes_data();
    void portForwardWrongTypes();
    void portForwardRoundTrip_data();
    void portForwardRoundTrip();

    // Script and ScriptResult
    void scriptFromKnot();
    void scriptFields_data();
    void scriptFields();
    void scriptToJsonContent();
    void scriptRoundTrip_data();
    void scriptRoundTrip();
    void scriptResultFromJson_data();
    void scriptResultFromJson();
    void scriptResultSucceeded_data();
    void scriptResultSucceeded();
    void scriptResultRoundTrip_data();
    void scriptResultRoundTrip();

    // CommandResult
    void commandResultFromJson_data();
    void commandResultFromJson();
    void commandResultToJson_data();
    void commandResultToJson();
    void commandResultRoundTrip_data();
    void commandResultRoundTrip();

    // User
    void userFromKnot();
    void userFromJson_data();
    void userFromJson();
    void userRoundTrip_data();
    void userRoundTrip();
};

// ---------------------------------------------------------------------------------------------
// JsonFields

void TestJsonMapping::jsonInteger_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<qint64>("expected");

    // The fallback is -7 so that a default is told apart from a parsed 0.
    QTest::newRow("integer") << QByteArray(R"({"v":8080})") << qint64(8080);
    QTest::newRow("zero") << QByteArray(R"({"v":0})") << qint64(0);
    QTest::newRow("negative") << QByteArray(R"({"v":-1})") << qint64(-1);
    QTest::newRow("negative zero") << QByteArray(R"({"v":-0.0})") << qint64(0);
    QTest::newRow("whole number with a fraction part")
        << QByteArray(R"({"v":8080.0})") << qint64(8080);
    QTest::newRow("exponent") << QByteArray(R"({"v":1e3})") << qint64(1000);
    QTest::newRow("2^53 + 1, exact")
        << QByteArray(R"({"v":9007199254740993})") << qint64(9007199254740993);
    QTest::newRow("qint64 max") << QByteArray(R"({"v":9223372036854775807})")
                                << std::numeric_limits<qint64>::max();
    QTest::newRow("qint64 min") << QByteArray(R"({"v":-9223372036854775808})")
                                << std::numeric_limits<qint64>::min();
    QTest::newRow("fraction") << QByteArray(R"({"v":8080.5})") << qint64(-7);
    QTest::newRow("small fraction") << QByteArray(R"({"v":0.001})") << qint64(-7);
    QTest::newRow("above qint64") << QByteArray(R"({"v":12345678901234567890})") << qint64(-7);
    QTest::newRow("huge") << QByteArray(R"({"v":1e300})") << qint64(-7);
    QTest::newRow("huge negative") << QByteArray(R"({"v":-1e300})") << qint64(-7);
    QTest::newRow("numeric string") << QByteArray(R"({"v":"8080"})") << qint64(-7);
    QTest::newRow("boolean") << QByteArray(R"({"v":true})") << qint64(-7);
    QTest::newRow("null") << QByteArray(R"({"v":null})") << qint64(-7);
    QTest::newRow("array") << QByteArray(R"({"v":[8080]})") << qint64(-7);
    QTest::newRow("object") << QByteArray(R"({"v":{"port":8080}})") << qint64(-7);
    QTest::newRow("missing") << QByteArray(R"({"w":8080})") << qint64(-7);
}

void TestJsonMapping::jsonInteger()
{
    QFETCH(QByteArray, json);
    QFETCH(qint64, expected);
    QCOMPARE(json::integer(parse(json), QLatin1StringView("v"), -7), expected);
}

void TestJsonMapping::jsonStringAndBoolean()
{
    const QJsonObject object = parse(R"({"s":"text","e":"","n":5,"z":null,"t":true,"f":false,
                                         "ts":"true","one":1,"arr":["x"]})");
    const QString fallback = u"fallback"_s;
    QCOMPARE(json::string(object, QLatin1StringView("s"), fallback), u"text"_s);
    QCOMPARE(json::string(object, QLatin1StringView("e"), fallback), QString());
    QCOMPARE(json::string(object, QLatin1StringView("n"), fallback), fallback);
    QCOMPARE(json::string(object, QLatin1StringView("z"), fallback), fallback);
    QCOMPARE(json::string(object, QLatin1StringView("t"), fallback), fallback);
    QCOMPARE(json::string(object, QLatin1StringView("arr"), fallback), fallback);
    QCOMPARE(json::string(object, QLatin1StringView("missing"), fallback), fallback);
    QCOMPARE(json::string(object, QLatin1StringView("missing")), QString());

    QCOMPARE(json::boolean(object, QLatin1StringView("t")), true);
    QCOMPARE(json::boolean(object, QLatin1StringView("f"), true), false);
    for (const char *key : {"ts", "one", "z", "s", "arr", "missing"}) {
        QCOMPARE(json::boolean(object, QLatin1StringView(key)), false);
        QCOMPARE(json::boolean(object, QLatin1StringView(key), true), true);
    }
}

void TestJsonMapping::jsonStringList()
{
    const QJsonObject object =
        parse(R"({"ok":["a","b"],"mixed":["a",1,null,"b",["c"],{"d":"e"},true,""],
                  "empty":[],"str":"a","obj":{"a":"b"}})");
    QCOMPARE(json::stringList(object, QLatin1StringView("ok")), (QStringList{u"a"_s, u"b"_s}));
    QCOMPARE(json::stringList(object, QLatin1StringView("mixed")),
             (QStringList{u"a"_s, u"b"_s, QString()}));
    QCOMPARE(json::stringList(object, QLatin1StringView("empty")), QStringList());
    QCOMPARE(json::stringList(object, QLatin1StringView("str")), QStringList());
    QCOMPARE(json::stringList(object, QLatin1StringView("obj")), QStringList());
    QCOMPARE(json::stringList(object, QLatin1StringView("missing")), QStringList());

    const QStringList strings{u"-la"_s, u"/tmp/a b"_s, QString(), u"日本"_s};
    const QJsonArray array = json::toArray(strings);
    QCOMPARE(array.size(), 4);
    QCOMPARE(array.at(1).toString(), u"/tmp/a b"_s);
    QCOMPARE(json::stringList(QJsonObject{{u"args"_s, array}}, QLatin1StringView("args")), strings);
    QCOMPARE(json::toArray({}), QJsonArray());
}

void TestJsonMapping::jsonContainers()
{
    const QJsonObject object = parse(R"({"arr":[1,"x"],"obj":{"k":"v"},"str":"s","nul":null})");
    QCOMPARE(json::array(object, QLatin1StringView("arr")), (QJsonArray{1, u"x"_s}));
    QCOMPARE(json::array(object, QLatin1StringView("obj")), QJsonArray());
    QCOMPARE(json::array(object, QLatin1StringView("str")), QJsonArray());
    QCOMPARE(json::array(object, QLatin1StringView("nul")), QJsonArray());
    QCOMPARE(json::array(object, QLatin1StringView("missing")), QJsonArray());
    QCOMPARE(json::object(object, QLatin1StringView("obj")), (QJsonObject{{u"k"_s, u"v"_s}}));
    QCOMPARE(json::object(object, QLatin1StringView("arr")), QJsonObject());
    QCOMPARE(json::object(object, QLatin1StringView("str")), QJsonObject());
    QCOMPARE(json::object(object, QLatin1StringView("nul")), QJsonObject());
    QCOMPARE(json::object(object, QLatin1StringView("missing")), QJsonObject());
}

// ---------------------------------------------------------------------------------------------
// Space

void TestJsonMapping::spaceFromKnotSpaceInfo()
{
    const QJsonObject payload = parse(KnotSpaceInfo);
    const Space space = Space::fromJson(payload);

    QCOMPARE(space.id, u"0b7e4d7c-3f8a-4b8e-9c1d-2a6f5e4d3c21"_s);
    QCOMPARE(space.userId, u"8d3c2b1a-9f8e-4d7c-a6b5-4c3d2e1f0a9b"_s);
    QCOMPARE(space.username, u"alice"_s);
    QCOMPARE(space.name, u"backend-api"_s);
    QCOMPARE(space.description, u"Go API with Postgres"_s);
    QCOMPARE(space.templateId, u"5f0c8a52-7a1e-4d0b-b6a3-7e0f9c2d1b44"_s);
    QCOMPARE(space.templateName, u"go-postgres"_s);
    QCOMPARE(space.shell, QString()); // SpaceInfo has no shell
    QCOMPARE(space.zone, u"eu-west"_s);
    QCOMPARE(space.isDeployed, true);
    QCOMPARE(space.isPending, false);
    QCOMPARE(space.isDeleting, false);
    QCOMPARE(space.state(), Space::State::Running);
    // Go writes nanoseconds; we keep milliseconds.
    QCOMPARE(space.startedAt, utc(2025, 2, 20, 23, 54, 10, 123));
    QVERIFY(!space.createdAt.isValid());
    QCOMPARE(space.customFields.size(), 2);
    QCOMPARE(space.customFields.at(0), (CustomFieldValue{u"db_password"_s, u"s3cr\"et"_s}));
    QCOMPARE(space.customFields.at(1), (CustomFieldValue{u"region"_s, QString()}));
    QCOMPARE(space, fullSpace());

    // The fields we do not model change nothing.
    QCOMPARE(Space::fromJson(only(payload, SpaceKeys)), space);
}

void TestJsonMapping::spaceFromKnotSpaceDefinition()
{
    const QJsonObject payload = parse(KnotSpaceDefinition);
    const Space space = Space::fromJson(payload);

    QCOMPARE(space.id, u"1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"_s);
    QCOMPARE(space.userId, u"8d3c2b1a-9f8e-4d7c-a6b5-4c3d2e1f0a9b"_s);
    QCOMPARE(space.username, u"alice"_s);
    QCOMPARE(space.name, u"frontend"_s);
    QCOMPARE(space.description, u"Node 20 with\nthe shop front end"_s);
    QCOMPARE(space.templateId, u"9e8d7c6b-5a4f-4e3d-2c1b-0a9f8e7d6c5b"_s);
    QCOMPARE(space.templateName, u"node-20"_s);
    QCOMPARE(space.shell, u"zsh"_s);
    QCOMPARE(space.zone, u"us-east"_s);
    QCOMPARE(space.isDeployed, false);
    QCOMPARE(space.isPending, true);
    QCOMPARE(space.isDeleting, false);
    QCOMPARE(space.state(), Space::State::Pending);
    QVERIFY(!space.startedAt.isValid()); // Go's zero time: never started
    QCOMPARE(space.createdAt, utc(2025, 1, 5, 7, 30, 0));
    QCOMPARE(space.customFields, (CustomFieldValues{{u"node_version"_s, u"20.11"_s}}));
    QCOMPARE(space.platform, u"podman"_s);
    QCOMPARE(space.hasState, std::optional<bool>(false));
    QVERIFY(!space.isReady());

    QCOMPARE(Space::fromJson(only(payload, SpaceKeys)), space);
}

void TestJsonMapping::spaceFromList()
{
    // GET /api/spaces wraps SpaceInfo items in {"count","spaces"}.
    const QJsonObject list =
        parse("{\"count\":2,\"spaces\":[" + KnotSpaceInfo + "," + KnotSpaceDefinition + "]}");
    QCOMPARE(json::integer(list, QLatin1StringView("count")), qint64(2));
    const QJsonArray items = json::array(list, QLatin1StringView("spaces"));
    QCOMPARE(items.size(), 2);
    QCOMPARE(Space::fromJson(items.at(0).toObject()).name, u"backend-api"_s);
    QCOMPARE(Space::fromJson(items.at(1).toObject()).name, u"frontend"_s);
}

void TestJsonMapping::spaceId_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("id");

    QTest::newRow("space_id") << QByteArray(R"({"space_id":"a"})") << u"a"_s;
    QTest::newRow("id") << QByteArray(R"({"id":"b"})") << u"b"_s;
    QTest::newRow("space_id wins") << QByteArray(R"({"id":"b","space_id":"a"})") << u"a"_s;
    QTest::newRow("space_id of a wrong type: id")
        << QByteArray(R"({"space_id":5,"id":"b"})") << u"b"_s;
    QTest::newRow("neither") << QByteArray(R"({"name":"x"})") << QString();
    QTest::newRow("both of a wrong type") << QByteArray(R"({"space_id":5,"id":null})") << QString();
}

void TestJsonMapping::spaceId()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, id);
    QCOMPARE(Space::fromJson(parse(json)).id, id);
}

void TestJsonMapping::spaceWrongTypes_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<Space>("expected");

    const Space empty;
    QTest::newRow("empty object") << QByteArray("{}") << empty;
    QTest::newRow("is_deployed yes") << QByteArray(R"({"is_deployed":"yes"})") << empty;
    QTest::newRow("is_deployed 1") << QByteArray(R"({"is_deployed":1})") << empty;
    QTest::newRow("is_deployed null") << QByteArray(R"({"is_deployed":null})") << empty;
    QTest::newRow("is_pending string") << QByteArray(R"({"is_pending":"true"})") << empty;
    QTest::newRow("is_deleting array") << QByteArray(R"({"is_deleting":[true]})") << empty;
    QTest::newRow("name number") << QByteArray(R"({"name":42})") << empty;
    QTest::newRow("name null") << QByteArray(R"({"name":null})") << empty;
    QTest::newRow("description bool") << QByteArray(R"({"description":false})") << empty;
    QTest::newRow("user_id object") << QByteArray(R"({"user_id":{"id":"x"}})") << empty;
    QTest::newRow("shell array") << QByteArray(R"({"shell":["bash"]})") << empty;
    QTest::newRow("started_at epoch number") << QByteArray(R"({"started_at":1740095650})") << empty;
    QTest::newRow("started_at garbage") << QByteArray(R"({"started_at":"yesterday"})") << empty;
    QTest::newRow("created_at impossible date")
        << QByteArray(R"({"created_at":"2025-13-45T99:00:00Z"})") << empty;
    QTest::newRow("custom_fields object")
        << QByteArray(R"({"custom_fields":{"name":"a","value":"b"}})") << empty;
    QTest::newRow("custom_fields string") << QByteArray(R"({"custom_fields":"a=b"})") << empty;
    QTest::newRow("custom_fields of non-objects")
        << QByteArray(R"({"custom_fields":[1,"a=b",null,[],true]})") << empty;

    Space mixed;
    mixed.name = u"web"_s;
    mixed.isPending = true;
    mixed.customFields = {{u"a"_s, QString()}, {QString(), u"v"_s}, {u"c"_s, u"d"_s}};
    QTest::newRow("good and bad fields together")
        << QByteArray(R"({"name":"web","is_deployed":"yes","is_pending":true,"zone":7,
                          "custom_fields":[{"name":"a","value":5},"x",{"value":"v"},
                                           {"name":"c","value":"d","extra":1}]})")
        << mixed;
}

void TestJsonMapping::spaceWrongTypes()
{
    QFETCH(QByteArray, json);
    QFETCH(Space, expected);
    QCOMPARE(Space::fromJson(parse(json)), expected);
}

void TestJsonMapping::spaceTimes_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QDateTime>("expected");

    QTest::newRow("Go zero time") << u"0001-01-01T00:00:00Z"_s << QDateTime();
    QTest::newRow("Go zero time with nanoseconds")
        << u"0001-01-01T00:00:00.000000000Z"_s << QDateTime();
    QTest::newRow("empty") << QString() << QDateTime();
    QTest::newRow("garbage") << u"not a time"_s << QDateTime();
    QTest::newRow("seconds") << u"2025-02-20T23:54:10Z"_s << utc(2025, 2, 20, 23, 54, 10);
    QTest::newRow("milliseconds") << u"2025-02-20T23:54:10.123Z"_s
                                  << utc(2025, 2, 20, 23, 54, 10, 123);
    QTest::newRow("microseconds") << u"2025-02-20T23:54:10.123456Z"_s
                                  << utc(2025, 2, 20, 23, 54, 10, 123);
    QTest::newRow("nanoseconds") << u"2025-02-20T23:54:10.123456789Z"_s
                                 << utc(2025, 2, 20, 23, 54, 10, 123);
    QTest::newRow("positive offset")
        << u"2025-02-21T00:54:10+01:00"_s << utc(2025, 2, 20, 23, 54, 10);
    QTest::newRow("negative offset with fraction")
        << u"2025-02-20T18:54:10.5-05:00"_s << utc(2025, 2, 20, 23, 54, 10, 500);
    QTest::newRow("year 2") << u"0002-01-01T00:00:00Z"_s << utc(2, 1, 1, 0, 0, 0);
}

void TestJsonMapping::spaceTimes()
{
    QFETCH(QString, text);
    QFETCH(QDateTime, expected);
    const Space space =
        Space::fromJson(QJsonObject{{u"started_at"_s, text}, {u"created_at"_s, text}});
    QCOMPARE(space.startedAt.isValid(), expected.isValid());
    QCOMPARE(space.createdAt.isValid(), expected.isValid());
    if (expected.isValid()) {
        QCOMPARE(space.startedAt, expected);
        QCOMPARE(space.createdAt, expected);
        QCOMPARE(space.startedAt.toMSecsSinceEpoch(), expected.toMSecsSinceEpoch());
    }
}

void TestJsonMapping::spaceState_data()
{
    QTest::addColumn<bool>("deployed");
    QTest::addColumn<bool>("pending");
    QTest::addColumn<bool>("deleting");
    QTest::addColumn<Space::State>("state");

    // deleting > pending > running > stopped
    QTest::newRow("none") << false << false << false << Space::State::Stopped;
    QTest::newRow("deployed") << true << false << false << Space::State::Running;
    QTest::newRow("pending") << false << true << false << Space::State::Pending;
    QTest::newRow("deployed, pending") << true << true << false << Space::State::Pending;
    QTest::newRow("deleting") << false << false << true << Space::State::Deleting;
    QTest::newRow("deployed, deleting") << true << false << true << Space::State::Deleting;
    QTest::newRow("pending, deleting") << false << true << true << Space::State::Deleting;
    QTest::newRow("all three") << true << true << true << Space::State::Deleting;
}

void TestJsonMapping::spaceState()
{
    QFETCH(bool, deployed);
    QFETCH(bool, pending);
    QFETCH(bool, deleting);
    QFETCH(Space::State, state);

    Space space;
    space.isDeployed = deployed;
    space.isPending = pending;
    space.isDeleting = deleting;
    QCOMPARE(space.state(), state);

    // The same from the wire.
    const Space parsed = Space::fromJson(QJsonObject{
        {u"is_deployed"_s, deployed}, {u"is_pending"_s, pending}, {u"is_deleting"_s, deleting}});
    QCOMPARE(parsed.state(), state);
}

void TestJsonMapping::spaceFieldValue()
{
    const Space space = fullSpace();
    QCOMPARE(space.fieldValue(u"db_password"_s), u"s3cr\"et"_s);
    QCOMPARE(space.fieldValue(u"region"_s), QString());
    QCOMPARE(space.fieldValue(u"missing"_s), QString());
    QCOMPARE(space.fieldValue(u"DB_PASSWORD"_s), QString()); // names are case-sensitive
    QCOMPARE(Space().fieldValue(u"db_password"_s), QString());

    Space duplicate;
    duplicate.customFields = {{u"a"_s, u"first"_s}, {u"a"_s, u"second"_s}};
    QCOMPARE(duplicate.fieldValue(u"a"_s), u"first"_s);
}

void TestJsonMapping::spaceToJson()
{
    const QJsonObject json = fullSpace().toJson();
    QCOMPARE(json.value(u"space_id"_s).toString(), u"0b7e4d7c-3f8a-4b8e-9c1d-2a6f5e4d3c21"_s);
    QVERIFY(!json.contains(u"id"_s));
    QCOMPARE(json.value(u"user_id"_s).toString(), u"8d3c2b1a-9f8e-4d7c-a6b5-4c3d2e1f0a9b"_s);
    QCOMPARE(json.value(u"name"_s).toString(), u"backend-api"_s);
    QCOMPARE(json.value(u"template_name"_s).toString(), u"go-postgres"_s);
    QCOMPARE(json.value(u"is_deployed"_s), QJsonValue(true));
    QCOMPARE(json.value(u"is_pending"_s), QJsonValue(false));
    QCOMPARE(json.value(u"is_deleting"_s), QJsonValue(false));
    QCOMPARE(json.value(u"started_at"_s).toString(), u"2025-02-20T23:54:10.123Z"_s);
    QCOMPARE(json.value(u"created_at"_s), QJsonValue(QString())); // invalid: empty, not absent
    const QJsonArray fields = json.value(u"custom_fields"_s).toArray();
    QCOMPARE(fields.size(), 2);
    QCOMPARE(fields.at(0).toObject(),
             (QJsonObject{{u"name"_s, u"db_password"_s}, {u"value"_s, u"s3cr\"et"_s}}));

    // A local time is written in UTC.
    Space local;
    local.createdAt = QDateTime(QDate(2025, 1, 5), QTime(8, 30), Qt::OffsetFromUTC, 3600);
    QCOMPARE(local.toJson().value(u"created_at"_s).toString(), u"2025-01-05T07:30:00.000Z"_s);
    QCOMPARE(Space().toJson().value(u"custom_fields"_s), QJsonValue(QJsonArray()));
}

void TestJsonMapping::spaceRoundTrip_data()
{
    QTest::addColumn<Space>("space");

    QTest::newRow("default") << Space();
    QTest::newRow("full, running") << fullSpace();

    Space pending = fullSpace();
    pending.isDeployed = false;
    pending.isPending = true;
    pending.startedAt = QDateTime();
    pending.createdAt = utc(2024, 12, 31, 23, 59, 59, 999);
    pending.shell = u"fish"_s;
    QTest::newRow("pending, never started") << pending;

    Space deleting = fullSpace();
    deleting.isDeleting = true;
    deleting.customFields.clear();
    QTest::newRow("deleting, no fields") << deleting;

    Space unicode;
    unicode.id = u"id-only-by-id"_s;
    unicode.name = u"notes"_s;
    unicode.description = u"« été » 日本\n\t\"quoted\" \\ 🚀"_s;
    unicode.customFields = {{u"motto"_s, u"ｆｕｌｌ ｗｉｄｔｈ"_s}, {u"empty"_s, QString()}};
    unicode.createdAt = QDateTime(QDate(2025, 6, 1), QTime(12, 0, 0, 7), Qt::OffsetFromUTC, -18000);
    QTest::newRow("unicode, offset time") << unicode;
}

void TestJsonMapping::spaceRoundTrip()
{
    QFETCH(Space, space);
    const QJsonObject json = space.toJson();
    QCOMPARE(Space::fromJson(json), space);
    // And through the bytes on the wire.
    const QByteArray bytes = QJsonDocument(json).toJson(QJsonDocument::Compact);
    QCOMPARE(Space::fromJson(parse(bytes)), space);
}

// ---------------------------------------------------------------------------------------------
// SpaceTemplate and custom fields

void TestJsonMapping::templateFromKnotTemplateInfo()
{
    const QJsonObject payload = parse(KnotTemplateInfo);
    const SpaceTemplate result = SpaceTemplate::fromJson(payload);

    QCOMPARE(result.id, u"5f0c8a52-7a1e-4d0b-b6a3-7e0f9c2d1b44"_s);
    QCOMPARE(result.name, u"go-postgres"_s);
    QCOMPARE(result.description, u"Go 1.22 and Postgres 16"_s);
    QCOMPARE(result.shell, QString());
    QCOMPARE(result.startupCommand, QString());
    QVERIFY(result.environment.isEmpty());
    QCOMPARE(result.customFields,
             (CustomFieldDefinitions{{u"db_password"_s, u"Password of the database"_s},
                                     {u"region"_s, QString()}}));
    QVERIFY(result.definesField(u"db_password"_s));
    QVERIFY(result.definesField(u"region"_s));
    QVERIFY(!result.definesField(u"DB_PASSWORD"_s));
    QVERIFY(!result.definesField(u"Password of the database"_s));
    QVERIFY(!result.definesField(QString()));

    const QStringList known{u"template_id"_s,   u"name"_s,     u"description"_s,
                            u"custom_fields"_s, u"shell"_s,    u"startup_command"_s,
                            u"environment"_s,   u"platform"_s, u"active"_s};
    QCOMPARE(SpaceTemplate::fromJson(only(payload, known)), result);

    // GET /api/templates wraps them in {"count","templates"}.
    const QJsonObject list = parse("{\"count\":1,\"templates\":[" + KnotTemplateInfo + "]}");
    const QJsonArray items = json::array(list, QLatin1StringView("templates"));
    QCOMPARE(items.size(), 1);
    QCOMPARE(SpaceTemplate::fromJson(items.first().toObject()), result);
}

void TestJsonMapping::templateLocal()
{
    const SpaceTemplate result = SpaceTemplate::fromJson(parse(R"({
        "id": "local-python",
        "name": "python",
        "description": "Python 3 with a web server",
        "platform": "local",
        "active": true,
        "shell": "bash",
        "startup_command": "python3 -m http.server \"$PORT\"",
        "environment": {"PORT": "8000", "PYTHONUNBUFFERED": "1"},
        "custom_fields": [{"name": "PORT", "description": "Port to serve on"}]
    })"));
    QCOMPARE(result.id, u"local-python"_s); // "id" when there is no "template_id"
    QCOMPARE(result.name, u"python"_s);
    QCOMPARE(result.shell, u"bash"_s);
    QCOMPARE(result.startupCommand, u"python3 -m http.server \"$PORT\""_s);
    QCOMPARE(result.environment,
             (QMap<QString, QString>{{u"PORT"_s, u"8000"_s}, {u"PYTHONUNBUFFERED"_s, u"1"_s}}));
    QCOMPARE(result.customFields, (CustomFieldDefinitions{{u"PORT"_s, u"Port to serve on"_s}}));
    QVERIFY(result.definesField(u"PORT"_s));
    // Served with a platform of Knot's: an unknown one reads as "manual".
    QCOMPARE(result.toJson().value(u"platform"_s).toString(), u"manual"_s);
    QVERIFY(result.active);

    QCOMPARE(SpaceTemplate::fromJson(parse(R"({"template_id":"a","id":"b"})")).id, u"a"_s);
}

void TestJsonMapping::templateEnvironment_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QStringList>("expected"); // key=value, in key order

    QTest::newRow("strings") << QByteArray(R"({"A":"x","B":"with space","C":"日本"})")
                             << QStringList{u"A=x"_s, u"B=with space"_s, u"C=日本"_s};
    QTest::newRow("empty string") << QByteArray(R"({"EMPTY":""})") << QStringList{u"EMPTY="_s};
    QTest::newRow("integer") << QByteArray(R"({"PORT":8080})") << QStringList{u"PORT=8080"_s};
    QTest::newRow("negative integer") << QByteArray(R"({"N":-1})") << QStringList{u"N=-1"_s};
    QTest::newRow("large integer")
        << QByteArray(R"({"N":12345678901234})") << QStringList{u"N=12345678901234"_s};
    QTest::newRow("fraction") << QByteArray(R"({"RATIO":1.5})") << QStringList{u"RATIO=1.5"_s};
    QTest::newRow("short fraction") << QByteArray(R"({"R":0.1})") << QStringList{u"R=0.1"_s};
    QTest::newRow("true") << QByteArray(R"({"DEBUG":true})") << QStringList{u"DEBUG=true"_s};
    QTest::newRow("false") << QByteArray(R"({"DEBUG":false})") << QStringList{u"DEBUG=false"_s};
    QTest::newRow("null dropped") << QByteArray(R"({"A":null,"B":"b"})") << QStringList{u"B=b"_s};
    QTest::newRow("array dropped") << QByteArray(R"({"A":["x"],"B":"b"})") << QStringList{u"B=b"_s};
    QTest::newRow("object dropped")
        << QByteArray(R"({"A":{"x":"y"},"B":"b"})") << QStringList{u"B=b"_s};
    QTest::newRow("everything at once")
        << QByteArray(R"({"S":"s","I":3,"F":2.25,"T":true,"N":null,"L":[1],"O":{}})")
        << QStringList{u"F=2.25"_s, u"I=3"_s, u"S=s"_s, u"T=true"_s};
}

void TestJsonMapping::templateEnvironment()
{
    QFETCH(QByteArray, json);
    QFETCH(QStringList, expected);
    const SpaceTemplate result =
        SpaceTemplate::fromJson(QJsonObject{{u"environment"_s, parse(json)}});
    QStringList actual;
    for (auto it = result.environment.cbegin(); it != result.environment.cend(); ++it)
        actual.append(it.key() + u'=' + it.value());
    QCOMPARE(actual, expected);
}

void TestJsonMapping::templateWrongTypes()
{
    QCOMPARE(SpaceTemplate::fromJson(QJsonObject()), SpaceTemplate());
    const SpaceTemplate result = SpaceTemplate::fromJson(parse(R"({
        "template_id": 12, "name": ["go"], "description": null, "shell": true,
        "startup_command": {"cmd": "x"}, "environment": ["A=b"],
        "custom_fields": {"name": "a"}
    })"));
    QCOMPARE(result, SpaceTemplate());
    QCOMPARE(SpaceTemplate::fromJson(parse(R"({"environment":"A=b"})")), SpaceTemplate());
    QCOMPARE(SpaceTemplate::fromJson(parse(R"({"custom_fields":[1,null,"a",{"name":"ok"}]})"))
                 .customFields,
             (CustomFieldDefinitions{{u"ok"_s, QString()}}));
}

void TestJsonMapping::templateRoundTrip_data()
{
    QTest::addColumn<SpaceTemplate>("value");

    QTest::newRow("default") << SpaceTemplate();

    SpaceTemplate local;
    local.id = u"5f0c8a52-7a1e-4d0b-b6a3-7e0f9c2d1b44"_s;
    local.name = u"node-20"_s;
    local.description = u"Node 20, « npm » included\n"_s;
    local.shell = u"zsh"_s;
    local.startupCommand = u"npm run dev -- --port \"$PORT\""_s;
    local.environment = {{u"PORT"_s, u"3000"_s}, {u"EMPTY"_s, QString()}, {u"UTF"_s, u"日本"_s}};
    local.customFields = {{u"PORT"_s, u"Port"_s}, {u"api_key"_s, QString()}};
    QTest::newRow("local template") << local;
}

void TestJsonMapping::templateRoundTrip()
{
    QFETCH(SpaceTemplate, value);
    QCOMPARE(SpaceTemplate::fromJson(value.toJson()), value);
    const QByteArray bytes = QJsonDocument(value.toJson()).toJson(QJsonDocument::Compact);
    QCOMPARE(SpaceTemplate::fromJson(parse(bytes)), value);
}

void TestJsonMapping::customFields_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<CustomFieldDefinition>("definition");
    QTest::addColumn<CustomFieldValue>("value");

    QTest::newRow("both shapes")
        << QByteArray(R"({"name":"db_password","description":"The password","value":"s3cret"})")
        << CustomFieldDefinition{u"db_password"_s, u"The password"_s}
        << CustomFieldValue{u"db_password"_s, u"s3cret"_s};
    QTest::newRow("extra fields")
        << QByteArray(R"({"name":"region","value":"eu","maxLength":64,"required":true,"x":{}})")
        << CustomFieldDefinition{u"region"_s, QString()} << CustomFieldValue{u"region"_s, u"eu"_s};
    QTest::newRow("empty") << QByteArray("{}") << CustomFieldDefinition() << CustomFieldValue();
    QTest::newRow("wrong types") << QByteArray(R"({"name":1,"description":["d"],"value":true})")
                                 << CustomFieldDefinition() << CustomFieldValue();
    QTest::newRow("numeric value is not converted")
        << QByteArray(R"({"name":"port","value":8080})")
        << CustomFieldDefinition{u"port"_s, QString()} << CustomFieldValue{u"port"_s, QString()};
}

void TestJsonMapping::customFields()
{
    QFETCH(QByteArray, json);
    QFETCH(CustomFieldDefinition, definition);
    QFETCH(CustomFieldValue, value);
    QCOMPARE(CustomFieldDefinition::fromJson(parse(json)), definition);
    QCOMPARE(CustomFieldValue::fromJson(parse(json)), value);
}

void TestJsonMapping::customFieldRoundTrip()
{
    const CustomFieldDefinition definition{u"api_key"_s, u"Key « x »\n\"quoted\""_s};
    QCOMPARE(definition.toJson(),
             (QJsonObject{{u"name"_s, u"api_key"_s}, {u"description"_s, definition.description}}));
    QCOMPARE(CustomFieldDefinition::fromJson(definition.toJson()), definition);
    QCOMPARE(CustomFieldDefinition::fromJson(CustomFieldDefinition().toJson()),
             CustomFieldDefinition());

    const CustomFieldValue value{u"api_key"_s, u"日本 🚀\n"_s};
    QCOMPARE(value.toJson(), (QJsonObject{{u"name"_s, u"api_key"_s}, {u"value"_s, value.value}}));
    QCOMPARE(CustomFieldValue::fromJson(value.toJson()), value);
    QCOMPARE(CustomFieldValue::fromJson(CustomFieldValue().toJson()), CustomFieldValue());
}

// ---------------------------------------------------------------------------------------------
// PortForward

void TestJsonMapping::portForwardFromKnot()
{
    // GET /space-io/{id}/port/list, PortForwardInfo items with latency_ms we do not model.
    const QJsonObject list = parse(R"({"success":true,"forwards":[
        {"local_port":8080,"space":"backend-api","remote_port":3000,"persistent":true,
         "mode":"relay","latency_ms":200},
        {"local_port":5432,"space":"7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d","remote_port":5432,
         "persistent":false,"mode":"direct","latency_ms":0}
    ]})");
    QCOMPARE(json::boolean(list, QLatin1StringView("success")), true);
    const QJsonArray items = json::array(list, QLatin1StringView("forwards"));
    QCOMPARE(items.size(), 2);

    const PortForward first = PortForward::fromJson(items.at(0).toObject());
    QCOMPARE(first.localPort, 8080);
    QCOMPARE(first.space, u"backend-api"_s);
    QCOMPARE(first.remotePort, 3000);
    QCOMPARE(first.persistent, true);
    QCOMPARE(first.mode, u"relay"_s);

    const PortForward second = PortForward::fromJson(items.at(1).toObject());
    QCOMPARE(second, (PortForward{5432, u"7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d"_s, 5432, false,
                                  u"direct"_s}));

    const QStringList known{u"local_port"_s, u"space"_s, u"remote_port"_s, u"persistent"_s,
                            u"mode"_s};
    QCOMPARE(PortForward::fromJson(only(items.at(0).toObject(), known)), first);
}

void TestJsonMapping::portForwardWrongTypes_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<PortForward>("expected");

    // Defaults: ports 0 (which validation rejects), not persistent, mode "direct".
    QTest::newRow("empty object") << QByteArray("{}") << PortForward();
    QTest::newRow("mode missing") << QByteArray(
                                         R"({"local_port":8080,"space":"db","remote_port":5432})")
                                  << PortForward{8080, u"db"_s, 5432, false, u"direct"_s};
    QTest::newRow("local_port as a string")
        << QByteArray(R"({"local_port":"8080"})") << PortForward();
    QTest::newRow("remote_port as a string")
        << QByteArray(R"({"remote_port":"3000"})") << PortForward();
    QTest::newRow("fractional local_port")
        << QByteArray(R"({"local_port":8080.5})") << PortForward();
    QTest::newRow("fractional remote_port")
        << QByteArray(R"({"remote_port":0.5})") << PortForward();
    QTest::newRow("whole number written as a fraction")
        << QByteArray(R"({"local_port":8080.0,"remote_port":3e3})")
        << PortForward{8080, QString(), 3000, false, u"direct"_s};
    QTest::newRow("port beyond int wraps to nothing")
        << QByteArray(R"({"local_port":4294975376,"remote_port":-4294964296})") << PortForward();
    QTest::newRow("huge port") << QByteArray(R"({"local_port":1e300})") << PortForward();
    QTest::newRow("negative port kept for validation")
        << QByteArray(R"({"local_port":-1,"remote_port":65536})")
        << PortForward{-1, QString(), 65536, false, u"direct"_s};
    QTest::newRow("port null") << QByteArray(R"({"local_port":null})") << PortForward();
    QTest::newRow("port bool") << QByteArray(R"({"local_port":true})") << PortForward();
    QTest::newRow("persistent as a string")
        << QByteArray(R"({"persistent":"true"})") << PortForward();
    QTest::newRow("persistent as 1") << QByteArray(R"({"persistent":1})") << PortForward();
    QTest::newRow("space as a number") << QByteArray(R"({"space":42})") << PortForward();
    QTest::newRow("mode as a number") << QByteArray(R"({"mode":1})") << PortForward();
}

void TestJsonMapping::portForwardWrongTypes()
{
    QFETCH(QByteArray, json);
    QFETCH(PortForward, expected);
    QCOMPARE(PortForward::fromJson(parse(json)), expected);
}

void TestJsonMapping::portForwardRoundTrip_data()
{
    QTest::addColumn<PortForward>("forward");

    QTest::newRow("default") << PortForward();
    QTest::newRow("relay, persistent")
        << PortForward{8080, u"backend-api"_s, 3000, true, u"relay"_s};
    QTest::newRow("extremes") << PortForward{1, u"日本-space"_s, 65535, false, u"direct"_s};
}

void TestJsonMapping::portForwardRoundTrip()
{
    QFETCH(PortForward, forward);
    const QJsonObject json = forward.toJson();
    QCOMPARE(json.keys(), (QStringList{u"local_port"_s, u"mode"_s, u"persistent"_s,
                                       u"remote_port"_s, u"space"_s}));
    QCOMPARE(json.value(u"local_port"_s), QJsonValue(forward.localPort));
    QCOMPARE(json.value(u"remote_port"_s), QJsonValue(forward.remotePort));
    QCOMPARE(PortForward::fromJson(json), forward);
    QCOMPARE(PortForward::fromJson(parse(QJsonDocument(json).toJson())), forward);
}

// ---------------------------------------------------------------------------------------------
// Script and ScriptResult

void TestJsonMapping::scriptFromKnot()
{
    const QJsonObject info = parse(KnotScriptInfo);
    const Script global = Script::fromJson(info);
    QCOMPARE(global.id, u"3a4b5c6d-7e8f-4a9b-8c7d-6e5f4a3b2c1d"_s);
    QCOMPARE(global.userId, QString()); // a global script
    QCOMPARE(global.name, u"backup-db"_s);
    QCOMPARE(global.description, u"Dump the database to /backups"_s);
    QCOMPARE(global.content, QString()); // lists carry no content
    QCOMPARE(global.scriptType, u"tool"_s);
    const QStringList known{u"id"_s,          u"user_id"_s, u"name"_s,
                            u"description"_s, u"content"_s, u"script_type"_s};
    QCOMPARE(Script::fromJson(only(info, known)), global);

    const QJsonObject details = parse(KnotScriptDetails);
    const Script own = Script::fromJson(details);
    QCOMPARE(own.id, u"4b5c6d7e-8f9a-4b0c-9d8e-7f6a5b4c3d2e"_s);
    QCOMPARE(own.userId, u"8d3c2b1a-9f8e-4d7c-a6b5-4c3d2e1f0a9b"_s);
    QCOMPARE(own.name, u"deploy.sh"_s);
    QCOMPARE(own.description, QString());
    QCOMPARE(own.content, u"#!/bin/sh\nset -e\necho \"deploying $1\"\n"_s);
    QCOMPARE(own.scriptType, u"script"_s);
    QCOMPARE(Script::fromJson(only(details, known)), own);

    // GET /api/scripts wraps them in {"count","scripts"}.
    const QJsonObject list =
        parse("{\"count\":2,\"scripts\":[" + KnotScriptInfo + "," + KnotScriptDetails + "]}");
    const QJsonArray items = json::array(list, QLatin1StringView("scripts"));
    QCOMPARE(items.size(), 2);
    QCOMPARE(Script::fromJson(items.at(0).toObject()), global);
    QCOMPARE(Script::fromJson(items.at(1).toObject()), own);
}

void TestJsonMapping::scriptFields_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<Script>("expected");

    QTest::newRow("empty object") << QByteArray("{}") << Script();
    Script byScriptId;
    byScriptId.id = u"s-1"_s;
    QTest::newRow("script_id when there is no id")
        << QByteArray(R"({"script_id":"s-1"})") << byScriptId;
    QTest::newRow("id wins over script_id")
        << QByteArray(R"({"id":"s-1","script_id":"other"})") << byScriptId;
    Script lib;
    lib.scriptType = u"lib"_s;
    QTest::newRow("script_type lib") << QByteArray(R"({"script_type":"lib"})") << lib;
    QTest::newRow("script_type of a wrong type") << QByteArray(R"({"script_type":2})") << Script();
    QTest::newRow("wrong types everywhere")
        << QByteArray(R"({"id":1,"user_id":null,"name":["x"],"description":{},"content":false})")
        << Script();
}

void TestJsonMapping::scriptFields()
{
    QFETCH(QByteArray, json);
    QFETCH(Script, expected);
    QCOMPARE(Script::fromJson(parse(json)), expected);
}

void TestJsonMapping::scriptToJsonContent()
{
    Script script = Script::fromJson(parse(KnotScriptDetails));

    const QJsonObject listed = script.toJson(false);
    QVERIFY(!listed.contains(u"content"_s));
    QCOMPARE(listed.keys(), script.toJson().keys()); // false is the default
    QCOMPARE(listed.value(u"id"_s).toString(), script.id);
    QCOMPARE(listed.value(u"user_id"_s).toString(), script.userId);
    QCOMPARE(listed.value(u"name"_s).toString(), u"deploy.sh"_s);
    QCOMPARE(listed.value(u"script_type"_s).toString(), u"script"_s);

    const QJsonObject detailed = script.toJson(true);
    QVERIFY(detailed.contains(u"content"_s));
    QCOMPARE(detailed.value(u"content"_s).toString(),
             u"#!/bin/sh\nset -e\necho \"deploying $1\"\n"_s);
    QCOMPARE(detailed.size(), listed.size() + 1);

    // Even an empty content is sent when asked for.
    script.content.clear();
    QCOMPARE(script.toJson(true).value(u"content"_s), QJsonValue(QString()));
    QVERIFY(!script.toJson(false).contains(u"content"_s));
}

void TestJsonMapping::scriptRoundTrip_data()
{
    QTest::addColumn<Script>("script");

    QTest::newRow("default") << Script();
    QTest::newRow("global tool") << Script::fromJson(parse(KnotScriptInfo));
    QTest::newRow("own script with content") << Script::fromJson(parse(KnotScriptDetails));
    Script unicode;
    unicode.id = u"u-1"_s;
    unicode.name = u"greet"_s;
    unicode.description = u"Dit « bonjour » 日本"_s;
    unicode.content = u"#!/usr/bin/env python3\nprint(\"🚀\\n\")\n"_s;
    unicode.scriptType = u"lib"_s;
    QTest::newRow("unicode") << unicode;
}

void TestJsonMapping::scriptRoundTrip()
{
    QFETCH(Script, script);
    QCOMPARE(Script::fromJson(script.toJson(true)), script);

    // Without content, everything but the content survives.
    Script withoutContent = script;
    withoutContent.content.clear();
    QCOMPARE(Script::fromJson(script.toJson(false)), withoutContent);
}

void TestJsonMapping::scriptResultFromJson_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<ScriptResult>("expected");

    QTest::newRow("success") << QByteArray(R"({"output":"backup done\n","error":"","exit_code":0})")
                             << ScriptResult{u"backup done\n"_s, QString(), 0};
    QTest::newRow("failure")
        << QByteArray(R"({"output":"partial\n","error":"exit status 3","exit_code":3})")
        << ScriptResult{u"partial\n"_s, u"exit status 3"_s, 3};
    QTest::newRow("error without exit code")
        << QByteArray(R"({"output":"","error":"script not found"})")
        << ScriptResult{QString(), u"script not found"_s, 0};
    QTest::newRow("negative exit code")
        << QByteArray(R"({"exit_code":-1})") << ScriptResult{QString(), QString(), -1};
    QTest::newRow("255") << QByteArray(R"({"exit_code":255})")
                         << ScriptResult{QString(), QString(), 255};
    QTest::newRow("extra fields")
        << QByteArray(R"({"output":"x","exit_code":1,"duration_ms":12,"stream":false})")
        << ScriptResult{u"x"_s, QString(), 1};
    QTest::newRow("empty object") << QByteArray("{}") << ScriptResult();
    QTest::newRow("exit code as a string") << QByteArray(R"({"exit_code":"1"})") << ScriptResult();
    QTest::newRow("fractional exit code") << QByteArray(R"({"exit_code":1.5})") << ScriptResult();
    QTest::newRow("exit code beyond int")
        << QByteArray(R"({"exit_code":4294967297})") << ScriptResult();
    QTest::newRow("output of a wrong type")
        << QByteArray(R"({"output":["a"],"error":1})") << ScriptResult();
}

void TestJsonMapping::scriptResultFromJson()
{
    QFETCH(QByteArray, json);
    QFETCH(ScriptResult, expected);
    QCOMPARE(ScriptResult::fromJson(parse(json)), expected);
}

void TestJsonMapping::scriptResultSucceeded_data()
{
    QTest::addColumn<ScriptResult>("result");
    QTest::addColumn<bool>("succeeded");

    QTest::newRow("exit 0, no error") << ScriptResult{u"out"_s, QString(), 0} << true;
    QTest::newRow("default") << ScriptResult() << true;
    QTest::newRow("exit 0 with an error") << ScriptResult{QString(), u"timeout"_s, 0} << false;
    QTest::newRow("exit 1") << ScriptResult{u"out"_s, QString(), 1} << false;
    QTest::newRow("exit -1") << ScriptResult{QString(), QString(), -1} << false;
}

void TestJsonMapping::scriptResultSucceeded()
{
    QFETCH(ScriptResult, result);
    QFETCH(bool, succeeded);
    QCOMPARE(result.succeeded(), succeeded);
}

void TestJsonMapping::scriptResultRoundTrip_data()
{
    QTest::addColumn<ScriptResult>("result");

    QTest::newRow("default") << ScriptResult();
    QTest::newRow("failure") << ScriptResult{u"line 1\nline 2\n"_s, u"exit status 2"_s, 2};
    QTest::newRow("unicode") << ScriptResult{u"日本 🚀\t\"q\"\n"_s, QString(), 0};
}

void TestJsonMapping::scriptResultRoundTrip()
{
    QFETCH(ScriptResult, result);
    const QJsonObject json = result.toJson();
    QCOMPARE(json.keys(), (QStringList{u"error"_s, u"exit_code"_s, u"output"_s}));
    QCOMPARE(json.value(u"exit_code"_s), QJsonValue(result.exitCode));
    QCOMPARE(ScriptResult::fromJson(json), result);
}

// ---------------------------------------------------------------------------------------------
// CommandResult

void TestJsonMapping::commandResultFromJson_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<bool>("success");
    QTest::addColumn<QString>("output");
    QTest::addColumn<QString>("error");
    QTest::addColumn<bool>("hasExitCode");
    QTest::addColumn<int>("exitCode");

    // Knot: success carries the output; failure drops it and says "exit status N".
    QTest::newRow("Knot success") << QByteArray(R"({"success":true,"output":"total 0\n"})") << true
                                  << u"total 0\n"_s << QString() << true << 0;
    QTest::newRow("Knot success, empty error")
        << QByteArray(R"({"success":true,"output":"ok","error":""})") << true << u"ok"_s
        << QString() << true << 0;
    QTest::newRow("Knot failure without output")
        << QByteArray(R"({"success":false,"error":"exit status 2"})") << false << QString()
        << u"exit status 2"_s << true << 2;
    QTest::newRow("Knot failure, exit status 255")
        << QByteArray(R"({"success":false,"output":"","error":"exit status 255"})") << false
        << QString() << u"exit status 255"_s << true << 255;
    QTest::newRow("Knot failure, negative status")
        << QByteArray(R"({"success":false,"error":"exit status -1"})") << false << QString()
        << u"exit status -1"_s << true << -1;
    // Knot's timeout and other errors have no exit status.
    QTest::newRow("timeout") << QByteArray(R"({"success":false,"error":"Command timed out"})")
                             << false << QString() << u"Command timed out"_s << false << 0;
    QTest::newRow("killed by a signal")
        << QByteArray(R"({"success":false,"error":"signal: killed"})") << false << QString()
        << u"signal: killed"_s << false << 0;
    QTest::newRow("exit status inside a longer sentence")
        << QByteArray(R"({"success":false,"error":"command failed: exit status 2"})") << false
        << QString() << u"command failed: exit status 2"_s << false << 0;
    QTest::newRow("exit status followed by a newline")
        << QByteArray(R"({"success":false,"error":"exit status 2\n"})") << false << QString()
        << u"exit status 2\n"_s << false << 0;
    QTest::newRow("exit status followed by more text")
        << QByteArray(R"({"success":false,"error":"exit status 2\nstderr: boom"})") << false
        << QString() << u"exit status 2\nstderr: boom"_s << false << 0;
    QTest::newRow("exit status beyond int")
        << QByteArray(R"({"success":false,"error":"exit status 99999999999"})") << false
        << QString() << u"exit status 99999999999"_s << false << 0;

    // spacesd keeps the output and adds exit_code.
    QTest::newRow("spacesd failure with output")
        << QByteArray(R"({"success":false,"output":"ls: cannot access '/nope': No such file\n",)"
                      R"("error":"exit status 2","exit_code":2})")
        << false << u"ls: cannot access '/nope': No such file\n"_s << u"exit status 2"_s << true
        << 2;
    QTest::newRow("spacesd success with exit_code 0")
        << QByteArray(R"({"success":true,"output":"hi\n","exit_code":0})") << true << u"hi\n"_s
        << QString() << true << 0;
    QTest::newRow("exit_code wins over the sentence")
        << QByteArray(R"({"success":false,"error":"exit status 2","exit_code":3})") << false
        << QString() << u"exit status 2"_s << true << 3;
    QTest::newRow("exit_code with another sentence")
        << QByteArray(R"({"success":false,"output":"x","error":"boom","exit_code":7})") << false
        << u"x"_s << u"boom"_s << true << 7;

    // A bad exit_code is ignored; the sentence still counts.
    QTest::newRow("exit_code as a string, sentence")
        << QByteArray(R"({"success":false,"error":"exit status 2","exit_code":"2"})") << false
        << QString() << u"exit status 2"_s << true << 2;
    QTest::newRow("fractional exit_code, no sentence")
        << QByteArray(R"({"success":false,"error":"boom","exit_code":2.5})") << false << QString()
        << u"boom"_s << false << 0;
    QTest::newRow("exit_code beyond int")
        << QByteArray(R"({"success":false,"exit_code":4294967298})") << false << QString()
        << QString() << false << 0;
    QTest::newRow("exit_code null on success") << QByteArray(R"({"success":true,"exit_code":null})")
                                               << true << QString() << QString() << true << 0;

    // Missing and wrong types.
    QTest::newRow("empty object") << QByteArray("{}") << false << QString() << QString() << false
                                  << 0;
    QTest::newRow("success as a string") << QByteArray(R"({"success":"true","output":"x"})")
                                         << false << u"x"_s << QString() << false << 0;
    QTest::newRow("output and error of wrong types")
        << QByteArray(R"({"success":false,"output":["a"],"error":2})") << false << QString()
        << QString() << false << 0;
}

void TestJsonMapping::commandResultFromJson()
{
    QFETCH(QByteArray, json);
    QFETCH(bool, success);
    QFETCH(QString, output);
    QFETCH(QString, error);
    QFETCH(bool, hasExitCode);
    QFETCH(int, exitCode);

    const CommandResult result = CommandResult::fromJson(parse(json));
    QCOMPARE(result.success, success);
    QCOMPARE(result.output, output);
    QCOMPARE(result.error, error);
    QCOMPARE(result.exitCode.has_value(), hasExitCode);
    if (hasExitCode)
        QCOMPARE(*result.exitCode, exitCode);
}

void TestJsonMapping::commandResultToJson_data()
{
    QTest::addColumn<CommandResult>("result");
    QTest::addColumn<QByteArray>("json");

    QTest::newRow("success") << CommandResult{true, u"hi\n"_s, QString(), 0}
                             << QByteArray(R"({"exit_code":0,"output":"hi\n","success":true})");
    QTest::newRow("failure with output")
        << CommandResult{false, u"ls: x\n"_s, u"exit status 2"_s, 2}
        << QByteArray(
               R"({"error":"exit status 2","exit_code":2,"output":"ls: x\n","success":false})");
    QTest::newRow("timeout") << CommandResult{false, QString(), u"Command timed out"_s,
                                              std::nullopt}
                             << QByteArray(
                                    R"({"error":"Command timed out","output":"","success":false})");
    QTest::newRow("default") << CommandResult() << QByteArray(R"({"output":"","success":false})");
}

void TestJsonMapping::commandResultToJson()
{
    QFETCH(CommandResult, result);
    QFETCH(QByteArray, json);
    QCOMPARE(QJsonDocument(result.toJson()).toJson(QJsonDocument::Compact), json);
}

void TestJsonMapping::commandResultRoundTrip_data()
{
    QTest::addColumn<CommandResult>("result");

    QTest::newRow("success") << CommandResult{true, u"total 0\n"_s, QString(), 0};
    QTest::newRow("Knot failure") << CommandResult{false, QString(), u"exit status 2"_s, 2};
    QTest::newRow("spacesd failure") << CommandResult{false, u"partial"_s, u"exit status 1"_s, 1};
    QTest::newRow("exit code and another sentence") << CommandResult{false, u"x"_s, u"boom"_s, 7};
    QTest::newRow("timeout") << CommandResult{false, QString(), u"Command timed out"_s,
                                              std::nullopt};
    QTest::newRow("signal") << CommandResult{false, u"x"_s, u"signal: killed"_s, std::nullopt};
    QTest::newRow("default") << CommandResult();
    QTest::newRow("unicode output") << CommandResult{true, u"日本 🚀\n\t\"q\""_s, QString(), 0};
}

void TestJsonMapping::commandResultRoundTrip()
{
    QFETCH(CommandResult, result);
    QCOMPARE(CommandResult::fromJson(result.toJson()), result);
}

// ---------------------------------------------------------------------------------------------
// User

void TestJsonMapping::userFromKnot()
{
    // Knot's UserResponse has no permissions object: both default to false.
    const QJsonObject payload = parse(KnotUserResponse);
    const User user = User::fromJson(payload);
    QCOMPARE(user.id, u"8d3c2b1a-9f8e-4d7c-a6b5-4c3d2e1f0a9b"_s);
    QCOMPARE(user.username, u"alice"_s);
    QCOMPARE(user.preferredShell, u"zsh"_s);
    QCOMPARE(user.canUseSpaces, false);
    QCOMPARE(user.canManageSpaces, false);
    QCOMPARE(User::fromJson(only(payload, {u"user_id"_s, u"username"_s, u"preferred_shell"_s})),
             user);
}

void TestJsonMapping::userFromJson_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<User>("expected");

    QTest::newRow("empty object") << QByteArray("{}") << User();
    QTest::newRow("preferred_shell missing: bash")
        << QByteArray(R"({"user_id":"u1","username":"bob"})")
        << User{u"u1"_s, u"bob"_s, u"bash"_s, false, false};
    QTest::newRow("preferred_shell of a wrong type: bash")
        << QByteArray(R"({"preferred_shell":5})") << User();
    QTest::newRow("preferred_shell fish") << QByteArray(R"({"preferred_shell":"fish"})")
                                          << User{QString(), QString(), u"fish"_s, false, false};
    QTest::newRow("permissions from spacesd")
        << QByteArray(R"({"user_id":"u1","username":"bob","preferred_shell":"sh",)"
                      R"("permissions":{"use_spaces":true,"manage_spaces":false,"other":true}})")
        << User{u"u1"_s, u"bob"_s, u"sh"_s, true, false};
    QTest::newRow("both permissions")
        << QByteArray(R"({"permissions":{"use_spaces":true,"manage_spaces":true}})")
        << User{QString(), QString(), u"bash"_s, true, true};
    QTest::newRow("permissions as Knot's id list")
        << QByteArray(R"({"permissions":[1,2,3]})") << User();
    QTest::newRow("permission flags of a wrong type")
        << QByteArray(R"({"permissions":{"use_spaces":"true","manage_spaces":1}})") << User();
    QTest::newRow("flags at the top level are not permissions")
        << QByteArray(R"({"use_spaces":true,"manage_spaces":true})") << User();
    QTest::newRow("ids of wrong types") << QByteArray(R"({"user_id":7,"username":null})") << User();
}

void TestJsonMapping::userFromJson()
{
    QFETCH(QByteArray, json);
    QFETCH(User, expected);
    QCOMPARE(User::fromJson(parse(json)), expected);
}

void TestJsonMapping::userRoundTrip_data()
{
    QTest::addColumn<User>("user");

    QTest::newRow("default") << User();
    QTest::newRow("user") << User{u"u1"_s, u"alice"_s, u"zsh"_s, true, false};
    QTest::newRow("manager") << User{u"u2"_s, u"root"_s, u"fish"_s, true, true};
    QTest::newRow("manage only") << User{u"u3"_s, u"ops"_s, u"sh"_s, false, true};
    QTest::newRow("unicode name") << User{u"u4"_s, u"élodie"_s, u"bash"_s, false, false};
}

void TestJsonMapping::userRoundTrip()
{
    QFETCH(User, user);
    const QJsonObject json = user.toJson();
    QCOMPARE(json.value(u"user_id"_s).toString(), user.id);
    QCOMPARE(json.value(u"preferred_shell"_s).toString(), user.preferredShell);
    QCOMPARE(json.value(u"permissions"_s).toObject(),
             (QJsonObject{{u"use_spaces"_s, user.canUseSpaces},
                          {u"manage_spaces"_s, user.canManageSpaces}}));
    QCOMPARE(User::fromJson(json), user);
}

QTEST_APPLESS_MAIN(TestJsonMapping)

#include "tst_jsonmapping.moc"
