// SpacesLibrary, the blocking facade with the seed's functions, against a real spacesd:
// every function's success and each failure the seed and API.md name, with the server's
// sentence in the error.
#include "ServerTestHelpers.h"
#include "SpaceTestKit.h"
#include "SpacesLibrary.h"

#include <QTcpServer>
#include <QTest>

using namespace spaces;
using namespace spaces::test;
using namespace Qt::StringLiterals;

namespace {

constexpr int StartTimeoutMs = 20000;

// "kind N, status S: message" for failure messages.
QByteArray describe(const ApiError &error)
{
    return u"kind %1, status %2: %3"_s.arg(int(error.kind()))
        .arg(error.status)
        .arg(error.message)
        .toUtf8();
}

} // namespace

// The error of an Expected that must have failed with this kind and contain this text.
#define EXPECT_FAILURE(expression, expectedKind, text)                                             \
    do {                                                                                           \
        const auto failed_ = (expression);                                                         \
        QVERIFY2(!failed_.hasValue(), "the call succeeded but should have failed");                \
        QVERIFY2(failed_.error().kind() == (expectedKind), describe(failed_.error()).constData()); \
        QVERIFY2(failed_.error().message.contains(text), describe(failed_.error()).constData());   \
    } while (false)

#define EXPECT_VALUE(expression, expected)                                                         \
    do {                                                                                           \
        const auto succeeded_ = (expression);                                                      \
        QVERIFY2(succeeded_.hasValue(), describe(succeeded_.error()).constData());                 \
        QCOMPARE(*succeeded_, expected);                                                           \
    } while (false)

class SpacesLibraryTest final : public QObject
{
    Q_OBJECT

private:
    bool isRunning(const QString &name) const
    {
        const Expected<bool> running = m_library->is_running(name);
        return running.hasValue() && running.value();
    }
    // Creates (from blank) and starts a space, waiting until it runs.
    bool startedSpace(const QString &name)
    {
        const Expected<QString> id = m_library->create(name, u"blank"_s);
        if (!id || !m_library->start(name))
            return false;
        QDeadlineTimer deadline(StartTimeoutMs);
        while (!isRunning(name) && !deadline.hasExpired())
            QTest::qWait(20);
        return isRunning(name);
    }
    bool addScript(const QString &name, const QString &content)
    {
        return m_server->api()
                   .post(u"/api/scripts"_s, {{u"name"_s, name},
                                             {u"content"_s, content},
                                             {u"description"_s, u"test script"_s}})
                   .status == 201;
    }

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<SpacesLibrary> m_library;

private Q_SLOTS:
    void initTestCase()
    {
        m_server = std::make_unique<TestServer>();
        QString error;
        QVERIFY2(m_server->start(&error), qPrintable(error));
        ConnectionSettings settings;
        settings.baseUrl = m_server->process.url();
        settings.token = m_server->process.token();
        m_library = std::make_unique<SpacesLibrary>(settings);
        QVERIFY(startedSpace(u"dev"_s));
        QVERIFY(startedSpace(u"other"_s));
        QVERIFY(m_library->create(u"idle"_s, u"blank"_s, u"never started"_s).hasValue());
        QVERIFY(addScript(u"greet"_s, u"#!/bin/sh\necho \"hello $1 and $2\"\n"_s));
        QVERIFY(addScript(u"failing"_s, u"#!/bin/sh\necho \"about to fail\"\nexit 3\n"_s));
    }

    void cleanupTestCase()
    {
        m_library.reset();
        m_server.reset();
    }

    // ---- list, create, delete ---------------------------------------------------------

    void listHasTheSeedFields()
    {
        const Expected<SpaceSummaryList> spaces = m_library->list();
        QVERIFY2(spaces.hasValue(), describe(spaces.error()).constData());
        const auto find = [&spaces](const QString &name) {
            for (const SpaceSummary &space : *spaces) {
                if (space.name == name)
                    return space;
            }
            return SpaceSummary();
        };
        QVERIFY(isLowercaseUuid(find(u"dev"_s).id));
        QVERIFY(find(u"dev"_s).isRunning);
        QCOMPARE(find(u"idle"_s).isRunning, false);
        QCOMPARE(find(u"idle"_s).description, u"never started"_s);
        const QJsonObject json = find(u"idle"_s).toJson();
        QCOMPARE(json.keys(), (QStringList{u"description"_s, u"id"_s, u"is_running"_s, u"name"_s}));
    }

    void createReturnsTheIdAndKeepsWhatWasGiven()
    {
        const Expected<QString> id =
            m_library->create(u"made"_s, u"service"_s, u"A made space"_s, u"sh"_s);
        QVERIFY2(id.hasValue(), describe(id.error()).constData());
        QVERIFY(isLowercaseUuid(*id));
        const Expected<Space> made = m_library->space(u"made"_s);
        QVERIFY(made.hasValue());
        QCOMPARE(made->id, *id);
        QCOMPARE(made->description, u"A made space"_s);
        QCOMPARE(made->shell, u"sh"_s);
        QCOMPARE(made->templateName, u"service"_s);
        // The seed's defaults: no description, bash.
        QVERIFY(m_library->create(u"defaults"_s, u"blank"_s).hasValue());
        QCOMPARE(m_library->space(u"defaults"_s)->shell, u"bash"_s);
        EXPECT_VALUE(m_library->get_description(u"defaults"_s), QString());
        EXPECT_VALUE(m_library->delete_(u"made"_s), true);
        EXPECT_VALUE(m_library->delete_(u"defaults"_s), true);
    }

    void createFailures()
    {
        EXPECT_FAILURE(m_library->create(u"x-space"_s, u"no-such-template"_s),
                       ApiError::Kind::NotFound, u"template 'no-such-template' not found"_s);
        EXPECT_FAILURE(m_library->create(u"x-space"_s, u"no-such-template"_s),
                       ApiError::Kind::NotFound,
                       u"service"_s); // names what there is
        EXPECT_FAILURE(m_library->create(u"dev"_s, u"blank"_s), ApiError::Kind::BadRequest,
                       u"failed to save space: space name already used"_s);
        EXPECT_FAILURE(m_library->create(u"9bad"_s, u"blank"_s), ApiError::Kind::BadRequest,
                       u"invalid name given for space"_s);
        EXPECT_FAILURE(m_library->create(u"good-name"_s, u"blank"_s, QString(), u"tcsh"_s),
                       ApiError::Kind::BadRequest, u"invalid shell given for space"_s);
        EXPECT_FAILURE(m_library->create(u"good-name"_s, u"blank"_s, QString(1025, u'x')),
                       ApiError::Kind::BadRequest, u"description too long"_s);
    }

    void deleteFailures()
    {
        EXPECT_FAILURE(m_library->delete_(u"dev"_s), ApiError::Kind::Conflict,
                       u"space cannot be deleted"_s);
        EXPECT_FAILURE(m_library->delete_(u"ghost"_s), ApiError::Kind::NotFound,
                       u"space not found"_s);
    }

    // ---- start, stop, restart, is_running ---------------------------------------------

    void startStopRestart()
    {
        QVERIFY(m_library->create(u"cycle"_s, u"blank"_s).hasValue());
        EXPECT_VALUE(m_library->is_running(u"cycle"_s), false);
        EXPECT_FAILURE(m_library->stop(u"cycle"_s), ApiError::Kind::Conflict,
                       u"space cannot be stopped"_s);
        EXPECT_FAILURE(m_library->restart(u"cycle"_s), ApiError::Kind::Conflict,
                       u"space cannot be restarted"_s);
        EXPECT_VALUE(m_library->start(u"cycle"_s), true);
        QTRY_VERIFY_WITH_TIMEOUT(isRunning(u"cycle"_s), StartTimeoutMs);
        EXPECT_FAILURE(m_library->start(u"cycle"_s), ApiError::Kind::Conflict,
                       u"space cannot be started"_s);
        EXPECT_VALUE(m_library->restart(u"cycle"_s), true);
        QTRY_VERIFY_WITH_TIMEOUT(isRunning(u"cycle"_s), StartTimeoutMs);
        EXPECT_VALUE(m_library->stop(u"cycle"_s), true);
        QTRY_VERIFY_WITH_TIMEOUT(!isRunning(u"cycle"_s), StartTimeoutMs);
        EXPECT_VALUE(m_library->is_running(u"cycle"_s), false);
        EXPECT_VALUE(m_library->delete_(u"cycle"_s), true);
        EXPECT_FAILURE(m_library->is_running(u"cycle"_s), ApiError::Kind::NotFound,
                       u"space not found"_s);
    }

    void unknownSpaceIsNotFoundEverywhere()
    {
        const QString ghost = u"ghost"_s;
        EXPECT_FAILURE(m_library->start(ghost), ApiError::Kind::NotFound, u"space not found"_s);
        EXPECT_FAILURE(m_library->stop(ghost), ApiError::Kind::NotFound, u"space not found"_s);
        EXPECT_FAILURE(m_library->restart(ghost), ApiError::Kind::NotFound, u"space not found"_s);
        EXPECT_FAILURE(m_library->is_running(ghost), ApiError::Kind::NotFound,
                       u"space not found"_s);
        EXPECT_FAILURE(m_library->get_field(ghost, u"api_key"_s), ApiError::Kind::NotFound,
                       u"not found"_s);
        EXPECT_FAILURE(m_library->set_field(ghost, u"api_key"_s, u"x"_s), ApiError::Kind::NotFound,
                       u"not found"_s);
        EXPECT_FAILURE(m_library->get_description(ghost), ApiError::Kind::NotFound,
                       u"space not found"_s);
        EXPECT_FAILURE(m_library->set_description(ghost, u"x"_s), ApiError::Kind::NotFound,
                       u"space not found"_s);
        EXPECT_FAILURE(m_library->run(ghost, u"true"_s), ApiError::Kind::NotFound, u"not found"_s);
        EXPECT_FAILURE(m_library->run_script(ghost, u"greet"_s), ApiError::Kind::NotFound,
                       u"not found"_s);
        EXPECT_FAILURE(m_library->port_forward(ghost, 20001, u"dev"_s, 20002),
                       ApiError::Kind::NotFound, u"not found"_s);
        EXPECT_FAILURE(m_library->port_list(ghost), ApiError::Kind::NotFound, u"not found"_s);
        EXPECT_FAILURE(m_library->port_stop(ghost, 20001), ApiError::Kind::NotFound,
                       u"not found"_s);
    }

    // ---- fields and description -------------------------------------------------------

    void customFields()
    {
        QVERIFY(m_library->create(u"fields"_s, u"service"_s).hasValue());
        EXPECT_VALUE(m_library->get_field(u"fields"_s, u"api_key"_s), QString());
        EXPECT_VALUE(m_library->set_field(u"fields"_s, u"api_key"_s, u"sk-1234 \"quoted\" $HOME"_s),
                     true);
        EXPECT_VALUE(m_library->get_field(u"fields"_s, u"api_key"_s),
                     u"sk-1234 \"quoted\" $HOME"_s);
        EXPECT_VALUE(m_library->set_field(u"fields"_s, u"api_key"_s, QString()), true);
        EXPECT_VALUE(m_library->get_field(u"fields"_s, u"api_key"_s), QString());
        EXPECT_FAILURE(m_library->set_field(u"fields"_s, u"undefined_field"_s, u"x"_s),
                       ApiError::Kind::BadRequest,
                       u"custom field 'undefined_field' not defined in template"_s);
        EXPECT_FAILURE(m_library->get_field(u"fields"_s, u"undefined_field"_s),
                       ApiError::Kind::NotFound, u""_s);
        EXPECT_VALUE(m_library->delete_(u"fields"_s), true);
    }

    void description()
    {
        EXPECT_VALUE(m_library->get_description(u"idle"_s), u"never started"_s);
        EXPECT_VALUE(m_library->set_description(u"idle"_s, u"Updated: ünïcode & \"quotes\""_s),
                     true);
        EXPECT_VALUE(m_library->get_description(u"idle"_s), u"Updated: ünïcode & \"quotes\""_s);
        // Nothing else changed with the write-back.
        QCOMPARE(m_library->space(u"idle"_s)->templateName, u"blank"_s);
        EXPECT_FAILURE(m_library->set_description(u"idle"_s, QString(1025, u'x')),
                       ApiError::Kind::BadRequest, u"description too long"_s);
        EXPECT_VALUE(m_library->set_description(u"idle"_s, u"never started"_s), true);
    }

    // ---- run and run_script -----------------------------------------------------------

    void runReturnsTheOutput()
    {
        EXPECT_VALUE(m_library->run(u"dev"_s, u"echo"_s, {u"hello"_s}), u"hello\n"_s);
        // Arguments reach the program unchanged: spaces, quotes, $HOME, dashes.
        EXPECT_VALUE(m_library->run(
                         u"dev"_s, u"printf"_s,
                         {u"%s|"_s, u"a b"_s, u"it's"_s, u"\"q\""_s, u"$HOME"_s, u"-x"_s, u"*"_s}),
                     u"a b|it's|\"q\"|$HOME|-x|*|"_s);
        EXPECT_VALUE(m_library->run(u"dev"_s, u"pwd"_s, {}, 30, u"/tmp"_s), u"/tmp\n"_s);
    }

    void runFailures()
    {
        EXPECT_FAILURE(m_library->run(u"dev"_s, u"sh"_s, {u"-c"_s, u"echo partial; exit 3"_s}),
                       ApiError::Kind::None, u"exit status 3"_s);
        EXPECT_FAILURE(m_library->run(u"dev"_s, u"sh"_s, {u"-c"_s, u"echo partial; exit 3"_s}),
                       ApiError::Kind::None, u"partial"_s);
        QElapsedTimer timer;
        timer.start();
        const Expected<QString> slow =
            m_library->run(u"dev"_s, u"sh"_s, {u"-c"_s, u"echo before; sleep 20"_s}, 1);
        QVERIFY(timer.elapsed() < 15000);
        QVERIFY(!slow.hasValue());
        QCOMPARE(slow.error().kind(), ApiError::Kind::Timeout);
        QVERIFY2(slow.error().message.contains(u"Command timed out"_s),
                 qPrintable(slow.error().message));
        QVERIFY2(slow.error().message.contains(u"before"_s), qPrintable(slow.error().message));
        EXPECT_FAILURE(m_library->run(u"idle"_s, u"true"_s), ApiError::Kind::NotRunning,
                       u"Space is not running"_s);
    }

    void runScript()
    {
        EXPECT_VALUE(m_library->run_script(u"dev"_s, u"greet"_s, {u"one"_s, u"two words"_s}),
                     u"hello one and two words\n"_s);
        // The seed's *args.
        EXPECT_VALUE(m_library->run_script(u"dev"_s, u"greet"_s, u"a"_s, u"-b"_s),
                     u"hello a and -b\n"_s);
        EXPECT_VALUE(m_library->run_script(u"dev"_s, u"greet"_s), u"hello  and \n"_s);
        EXPECT_FAILURE(m_library->run_script(u"dev"_s, u"failing"_s), ApiError::Kind::None,
                       u"exit status 3"_s);
        EXPECT_FAILURE(m_library->run_script(u"dev"_s, u"failing"_s), ApiError::Kind::None,
                       u"about to fail"_s);
        EXPECT_FAILURE(m_library->run_script(u"dev"_s, u"no-such-script"_s),
                       ApiError::Kind::NotFound, u"script not found"_s);
        EXPECT_FAILURE(m_library->run_script(u"idle"_s, u"greet"_s), ApiError::Kind::NotRunning,
                       u"Space is not running"_s);
    }

    // ---- port forwards ----------------------------------------------------------------

    void portForwardListStop()
    {
        EchoServer echo;
        QVERIFY(echo.isListening());
        const quint16 localPort = freeTcpPort();
        QVERIFY(localPort != 0);
        EXPECT_VALUE(m_library->port_forward(u"dev"_s, localPort, u"other"_s, echo.port()), true);
        QString problem;
        const QByteArray payload = patternPayload(1024, localPort);
        QCOMPARE(exchangeOverTcp(localPort, payload, &problem, 10000), payload);

        const Expected<PortForwardList> forwards = m_library->port_list(u"dev"_s);
        QVERIFY2(forwards.hasValue(), describe(forwards.error()).constData());
        QCOMPARE(forwards->size(), 1);
        QCOMPARE(forwards->first().localPort, int(localPort));
        QCOMPARE(forwards->first().space, u"other"_s);
        QCOMPARE(forwards->first().remotePort, int(echo.port()));
        EXPECT_VALUE(m_library->port_list(u"other"_s), PortForwardList());

        // The port is taken: by a forward, and by someone else's listener.
        EXPECT_FAILURE(
            m_library->port_forward(u"other"_s, localPort, u"dev"_s, echo.port()),
            ApiError::Kind::Conflict,
            u"local port %1 is already in use by a forward of space 'dev'"_s.arg(localPort));
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
        const Expected<bool> taken =
            m_library->port_forward(u"dev"_s, squatter.serverPort(), u"other"_s, echo.port());
        QVERIFY(!taken.hasValue());
        QCOMPARE(taken.error().kind(), ApiError::Kind::Conflict);
        QVERIFY(!taken.error().message.isEmpty());

        EXPECT_VALUE(m_library->port_stop(u"dev"_s, localPort), true);
        EXPECT_VALUE(m_library->port_list(u"dev"_s), PortForwardList());
        EXPECT_FAILURE(m_library->port_stop(u"dev"_s, localPort), ApiError::Kind::NotFound,
                       u"Port forward not found"_s);
    }

    void portForwardFailures()
    {
        const quint16 localPort = freeTcpPort();
        EXPECT_FAILURE(m_library->port_forward(u"idle"_s, localPort, u"dev"_s, 9),
                       ApiError::Kind::NotRunning, u"space 'idle' is not running"_s);
        EXPECT_FAILURE(m_library->port_forward(u"dev"_s, localPort, u"idle"_s, 9),
                       ApiError::Kind::NotRunning, u"target space 'idle' is not running"_s);
        EXPECT_FAILURE(m_library->port_forward(u"dev"_s, localPort, u"ghost"_s, 9),
                       ApiError::Kind::NotFound, u"Target space not found"_s);
        EXPECT_FAILURE(m_library->port_forward(u"dev"_s, 0, u"other"_s, 9),
                       ApiError::Kind::BadRequest, u"Invalid local port"_s);
        EXPECT_FAILURE(m_library->port_forward(u"dev"_s, localPort, u"other"_s, 65536),
                       ApiError::Kind::BadRequest, u"Invalid remote port"_s);
        EXPECT_FAILURE(m_library->port_stop(u"dev"_s, 70000), ApiError::Kind::BadRequest,
                       u"Invalid local port"_s);
    }

    // ---- discovery and connection problems --------------------------------------------

    void templatesAndScripts()
    {
        const Expected<SpaceTemplateList> templates = m_library->templates();
        QVERIFY(templates.hasValue());
        QStringList names;
        for (const SpaceTemplate &spaceTemplate : *templates) {
            names.append(spaceTemplate.name);
            if (spaceTemplate.name == u"service"_s) {
                QVERIFY(spaceTemplate.definesField(u"environment"_s));
                QVERIFY(spaceTemplate.definesField(u"api_key"_s));
            }
        }
        QVERIFY(names.contains(u"blank"_s) && names.contains(u"service"_s) &&
                names.contains(u"web"_s));
        const Expected<ScriptList> scripts = m_library->scripts();
        QVERIFY(scripts.hasValue());
        QStringList scriptNames;
        for (const Script &script : *scripts)
            scriptNames.append(script.name);
        QVERIFY(scriptNames.contains(u"greet"_s));
        QVERIFY(m_library->ping().hasValue());
    }

    void badTokenAndNoServer()
    {
        ConnectionSettings wrongToken;
        wrongToken.baseUrl = m_server->process.url();
        wrongToken.token = u"not-a-token"_s;
        EXPECT_FAILURE(SpacesLibrary(wrongToken).list(), ApiError::Kind::Unauthorized,
                       u"Authentication token is not valid"_s);
        ConnectionSettings nobody;
        nobody.baseUrl = QUrl(u"http://127.0.0.1:%1"_s.arg(freeTcpPort()));
        nobody.token = u"x"_s;
        const Expected<SpaceSummaryList> unreachable = SpacesLibrary(nobody).list();
        QVERIFY(!unreachable.hasValue());
        QCOMPARE(unreachable.error().kind(), ApiError::Kind::Network);
        QVERIFY(!unreachable.error().message.isEmpty());
    }
};

QTEST_GUILESS_MAIN(SpacesLibraryTest)
#include "tst_spaces_library.moc"
