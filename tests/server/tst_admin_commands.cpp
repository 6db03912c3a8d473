// The spacesd subcommands (user add, template add, script add), usage errors, --help and
// --version, against the data directory of a real spacesd.
#include "ApiCall.h"
#include "ServerInfo.h"
#include "ServerTestHelpers.h"
#include "SpacesdProcess.h"
#include "TestFiles.h"

#include <QFile>
#include <QJsonArray>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace spaces;
using namespace spaces::test;
using namespace Qt::StringLiterals;

namespace {

// A spacesd serving a given data directory, started without touching its server.json
// (SpacesdProcess removes it first, which is not what a restart does). Stopped on
// destruction, so it never outlives the test.
} // namespace

class AdminCommandsTest final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void userAdd()
    {
        SpacesdProcess server;
        // Before any server ran: the database is created, the token works once one serves.
        QByteArray out;
        QByteArray err;
        QCOMPARE(server.runAdminCommand({u"user"_s, u"add"_s, u"early"_s}, &out, &err), 0);
        QCOMPARE(err, QByteArray());
        const QString earlyToken = QString::fromUtf8(out).trimmed();
        QVERIFY2(QRegularExpression(u"\\A[0-9a-f]{64}\\z"_s).match(earlyToken).hasMatch(),
                 out.constData());
        QCOMPARE(out, earlyToken.toUtf8() + '\n');

        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        const ApiCall admin(server.url(), server.token());
        const auto permissions = [&admin](const QString &token) -> QString {
            const ApiReply reply = admin.withToken(token).get(u"/api/users/whoami"_s);
            return reply.json.value(u"username"_s).toString() + u' ' +
                   QString::number(reply.json.value(u"permissions"_s)[u"use_spaces"_s].toBool()) +
                   u' ' +
                   QString::number(reply.json.value(u"permissions"_s)[u"manage_spaces"_s].toBool());
        };
        QCOMPARE(permissions(earlyToken), u"early 1 0"_s);
        // While the server runs.
        const QString plain = addUser(server, u"plain"_s, {}, &error);
        const QString manager = addUser(server, u"boss"_s, {u"--manage"_s}, &error);
        const QString outsider = addUser(server, u"outsider"_s, {u"--no-access"_s}, &error);
        QVERIFY2(!plain.isEmpty() && !manager.isEmpty() && !outsider.isEmpty(), qPrintable(error));
        QCOMPARE(permissions(plain), u"plain 1 0"_s);
        QCOMPARE(permissions(manager), u"boss 1 1"_s);
        QCOMPARE(permissions(outsider), u"outsider 0 0"_s);

        for (const QString &name : {u"plain"_s, u"admin"_s}) {
            QCOMPARE(server.runAdminCommand({u"user"_s, u"add"_s, name}, &out, &err), 1);
            QCOMPARE(QString::fromUtf8(err), u"spacesd: user '%1' already exists\n"_s.arg(name));
            QCOMPARE(out, QByteArray());
        }
        QCOMPARE(server.runAdminCommand({u"user"_s, u"add"_s, QString()}, &out, &err), 1);
        QCOMPARE(QString::fromUtf8(err), u"spacesd: the user name must not be empty\n"_s);
        QCOMPARE(out, QByteArray());
        // The failed attempts changed nothing.
        QCOMPARE(permissions(plain), u"plain 1 0"_s);
        QCOMPARE(server.terminate(), 0);
    }

    void templateAdd()
    {
        SpacesdProcess server;
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        const ApiCall api(server.url(), server.token());
        QTemporaryDir files;
        QVERIFY(files.isValid());

        const QString good = writeTestFile(
            files, u"good.json"_s,
            "{\"name\": \"from-file\", \"description\": \"added by a test\",\n"
            " \"custom_fields\": [{\"name\": \"flavour\", \"description\": \"which one\"}]}");
        QByteArray out;
        QByteArray err;
        QCOMPARE(server.runAdminCommand({u"template"_s, u"add"_s, good}, &out, &err), 0);
        QCOMPARE(err, QByteArray());
        const QString id = QString::fromUtf8(out).trimmed();
        QVERIFY2(isLowercaseUuid(id), out.constData());
        QJsonObject listed;
        const QJsonArray templates =
            api.get(u"/api/templates"_s).json.value(u"templates"_s).toArray();
        for (const QJsonValue &entry : templates) {
            if (entry[u"template_id"_s].toString() == id)
                listed = entry.toObject();
        }
        QCOMPARE(listed.value(u"name"_s).toString(), u"from-file"_s);
        QCOMPARE(listed.value(u"description"_s).toString(), u"added by a test"_s);
        const QJsonObject flavour{
            {u"custom_fields"_s,
             QJsonArray{QJsonObject{{u"name"_s, u"flavour"_s}, {u"value"_s, u"mint"_s}}}}};
        SPACES_COMPARE_STATUS(
            api.post(u"/api/spaces"_s, spaceRequest(u"filed"_s, u"from-file"_s, flavour)), 201);
        QCOMPARE(
            api.get(u"/api/spaces/filed/custom-field/flavour"_s).json.value(u"value"_s).toString(),
            u"mint"_s);

        struct Bad
        {
            QString file;
            QString sentence;
        };
        const QString missing = files.filePath(u"missing.json"_s);
        const QList<Bad> bad{
            {writeTestFile(files, u"truncated.json"_s, "{\"name\":"),
             u"%1 is not a JSON object: unterminated object"_s},
            {writeTestFile(files, u"list.json"_s, "[{\"name\":\"x\"}]"),
             u"%1 is not a JSON object"_s},
            {writeTestFile(files, u"badname.json"_s, "{\"name\":\"9lives\"}"),
             u"%1: invalid template name"_s},
            {writeTestFile(files, u"badfield.json"_s,
                           "{\"name\":\"ok\",\"custom_fields\":[{\"name\":\"a b\"}]}"),
             u"%1: invalid custom field name 'a b'"_s},
            {writeTestFile(files, u"taken.json"_s, "{\"name\":\"from-file\"}"),
             u"template name 'from-file' already used"_s},
            {missing, u"cannot read %1: No such file or directory"_s},
        };
        for (const Bad &entry : bad) {
            QVERIFY(!entry.file.isEmpty());
            QCOMPARE(server.runAdminCommand({u"template"_s, u"add"_s, entry.file}, &out, &err), 1);
            const QString expected =
                entry.sentence.contains(u"%1"_s) ? entry.sentence.arg(entry.file) : entry.sentence;
            QCOMPARE(QString::fromUtf8(err), u"spacesd: "_s + expected + u'\n');
            QCOMPARE(out, QByteArray());
        }
        QCOMPARE(api.get(u"/api/templates"_s).json.value(u"count"_s).toInt(), 4);
        QCOMPARE(server.terminate(), 0);
    }

    void scriptAdd()
    {
        SpacesdProcess server;
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        const ApiCall api(server.url(), server.token());
        QTemporaryDir files;
        QVERIFY(files.isValid());
        const QString file = writeTestFile(files, u"greet.sh"_s, "echo \"greetings $1\"\n");
        QByteArray out;
        QByteArray err;
        QCOMPARE(server.runAdminCommand(
                     {u"script"_s, u"add"_s, u"greet"_s, file, u"--description"_s, u"says hi"_s},
                     &out, &err),
                 0);
        QCOMPARE(err, QByteArray());
        const QString id = QString::fromUtf8(out).trimmed();
        QVERIFY2(isLowercaseUuid(id), out.constData());

        // A global script: listed without user_id, for every user.
        const ApiReply listed = api.withToken(addUser(server, u"reader"_s)).get(u"/api/scripts"_s);
        SPACES_COMPARE_STATUS(listed, 200);
        QCOMPARE(listed.json.value(u"count"_s).toInt(), 1);
        const QJsonObject script = listed.json.value(u"scripts"_s).toArray().first().toObject();
        QCOMPARE(script.value(u"id"_s).toString(), id);
        QCOMPARE(script.value(u"name"_s).toString(), u"greet"_s);
        QCOMPARE(script.value(u"description"_s).toString(), u"says hi"_s);
        QCOMPARE(script.value(u"user_id"_s).toString(), QString());

        // Its content is what runs.
        SPACES_COMPARE_STATUS(api.post(u"/api/spaces"_s, spaceRequest(u"runner"_s)), 201);
        SPACES_COMPARE_STATUS(api.post(u"/api/spaces/runner/start"_s), 200);
        const ApiReply ran =
            api.post(u"/api/spaces/runner/execute-script"_s,
                     {{u"script_name"_s, u"greet"_s}, {u"arguments"_s, QJsonArray{u"all"_s}}});
        SPACES_COMPARE_STATUS(ran, 200);
        QCOMPARE(ran.json.value(u"output"_s).toString(), u"greetings all\n"_s);
        QCOMPARE(ran.json.value(u"exit_code"_s).toInt(), 0);

        QCOMPARE(server.runAdminCommand({u"script"_s, u"add"_s, u"greet"_s, file}, &out, &err), 1);
        QCOMPARE(QString::fromUtf8(err), u"spacesd: script name 'greet' already used\n"_s);
        QCOMPARE(server.runAdminCommand({u"script"_s, u"add"_s, u"9greet"_s, file}, &out, &err), 1);
        QCOMPARE(QString::fromUtf8(err), u"spacesd: invalid script name\n"_s);
        const QString missing = files.filePath(u"missing.sh"_s);
        QCOMPARE(server.runAdminCommand({u"script"_s, u"add"_s, u"other"_s, missing}, &out, &err),
                 1);
        QCOMPARE(QString::fromUtf8(err),
                 u"spacesd: cannot read %1: No such file or directory\n"_s.arg(missing));
        QCOMPARE(out, QByteArray());
        QCOMPARE(api.get(u"/api/scripts"_s).json.value(u"count"_s).toInt(), 1);
        SPACES_COMPARE_STATUS(api.post(u"/api/spaces/runner/stop"_s), 200);
        QCOMPARE(server.terminate(), 0);
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("sentence");
        const QString userUsage = u"usage: spacesd user add NAME [--manage|--no-access]"_s;
        QTest::newRow("unknown command") << QStringList{u"frobnicate"_s} << u"unknown command"_s;
        QTest::newRow("serve with extra words")
            << QStringList{u"serve"_s, u"now"_s} << u"unknown command"_s;
        QTest::newRow("user alone") << QStringList{u"user"_s} << userUsage;
        QTest::newRow("user add without name") << QStringList{u"user"_s, u"add"_s} << userUsage;
        QTest::newRow("user remove") << QStringList{u"user"_s, u"remove"_s, u"x"_s} << userUsage;
        QTest::newRow("user add two names")
            << QStringList{u"user"_s, u"add"_s, u"x"_s, u"y"_s} << userUsage;
        QTest::newRow("manage and no-access")
            << QStringList{u"user"_s, u"add"_s, u"x"_s, u"--manage"_s, u"--no-access"_s}
            << u"--manage and --no-access exclude each other"_s;
        QTest::newRow("template without file")
            << QStringList{u"template"_s, u"add"_s} << u"usage: spacesd template add FILE.json"_s;
        QTest::newRow("script without file")
            << QStringList{u"script"_s, u"add"_s, u"x"_s}
            << u"usage: spacesd script add NAME FILE [--description TEXT]"_s;
        QTest::newRow("bad listen") << QStringList{u"--listen"_s, u"nowhere"_s}
                                    << u"--listen takes [HOST:]PORT, e.g. 8080 or 127.0.0.1:8080"_s;
        QTest::newRow("listen port too big")
            << QStringList{u"--listen"_s, u"127.0.0.1:70000"_s}
            << u"--listen takes [HOST:]PORT, e.g. 8080 or 127.0.0.1:8080"_s;
        QTest::newRow("negative grace") << QStringList{u"--stop-grace-ms"_s, u"-1"_s}
                                        << u"--stop-grace-ms takes a number of milliseconds"_s;
        QTest::newRow("unknown option")
            << QStringList{u"--no-such-option"_s} << u"Unknown option 'no-such-option'."_s;
        QTest::newRow("flag with a value")
            << QStringList{u"--manage=yes"_s} << u"Unexpected value after '--manage'."_s;
    }

    void usageErrors()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, sentence);
        SpacesdProcess server; // for its data directory; never started
        QByteArray out;
        QByteArray err;
        QCOMPARE(server.runAdminCommand(arguments, &out, &err), 2);
        QCOMPARE(QString::fromUtf8(err), u"spacesd: %1\nTry 'spacesd --help'.\n"_s.arg(sentence));
        QCOMPARE(out, QByteArray());
        // Nothing was served or written.
        QVERIFY(!QFile::exists(ServerInfo::fileIn(server.dataDirectory())));
    }

    void helpAndVersion()
    {
        SpacesdProcess server;
        QByteArray out;
        QCOMPARE(server.runAdminCommand({u"--help"_s}, &out), 0);
        QVERIFY2(out.contains("user add NAME"), out.constData());
        QCOMPARE(server.runAdminCommand({u"--version"_s}, &out), 0);
        QVERIFY2(out.startsWith("spacesd "), out.constData());
    }
};

QTEST_GUILESS_MAIN(AdminCommandsTest)
#include "tst_admin_commands.moc"
