// SpacesClient and EventStream end to end against a real spacesd on a random loopback port:
// every method once, through create, start, run, forward, stop and delete, with the event
// stream seeing the changes.
#include "ApiCall.h"
#include "CallbackProbe.h"
#include "EventStream.h"
#include "FreePort.h"
#include "SpacesClient.h"
#include "SpacesdProcess.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <memory>

using namespace spaces;
using namespace spaces::test;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using Kind = ApiError::Kind;

namespace {

bool isLowercaseUuid(const QString &text)
{
    static const QRegularExpression pattern(QRegularExpression::anchoredPattern(
        u"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"_s));
    return pattern.match(text).hasMatch();
}

// Whether a signal spy caught `signal(spaceId, ...)` for the space.
bool sawSpace(const QSignalSpy &spy, const QString &spaceId)
{
    for (const QList<QVariant> &arguments : spy) {
        if (arguments.value(0).toString() == spaceId)
            return true;
    }
    return false;
}

} // namespace

class ClientIntegrationTest final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<SpacesdProcess> m_server;
    std::unique_ptr<SpacesClient> m_client;
    std::unique_ptr<QObject> m_context;

    QObject *context() const { return m_context.get(); }

    // The space as the server reports it now (empty id when the call failed).
    Space fetch(const QString &idOrName) const
    {
        CallbackProbe<Space> probe;
        m_client->getSpace(idOrName, context(), probe.callback());
        return probe.wait() && probe.ok() ? probe.value() : Space();
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_server = std::make_unique<SpacesdProcess>();
        QString error;
        QVERIFY2(m_server->start(&error), qPrintable(error));
        m_context = std::make_unique<QObject>();
        m_client = std::make_unique<SpacesClient>(
            ConnectionSettings{m_server->url(), m_server->token(), 30s});
    }

    void cleanupTestCase()
    {
        m_client.reset();
        m_context.reset();
        if (m_server)
            QCOMPARE(m_server->terminate(), 0);
        m_server.reset();
    }

    void everyMethodEndToEnd()
    {
        // ---- who, what, which templates and scripts
        CallbackProbe<QString> ping;
        m_client->ping(context(), ping.callback());
        SPACES_WAIT_OK(ping);

        CallbackProbe<User> me;
        m_client->whoami(context(), me.callback());
        SPACES_WAIT_OK(me);
        QVERIFY(isLowercaseUuid(me.value().id));
        QVERIFY(!me.value().username.isEmpty());

        CallbackProbe<SpaceTemplateList> templates;
        m_client->listTemplates(context(), templates.callback());
        SPACES_WAIT_OK(templates);
        QString serviceTemplate;
        QString blankTemplate;
        for (const SpaceTemplate &candidate : templates.value()) {
            if (candidate.name == u"service"_s)
                serviceTemplate = candidate.id;
            if (candidate.name == u"blank"_s)
                blankTemplate = candidate.id;
        }
        QVERIFY(!serviceTemplate.isEmpty());
        QVERIFY(!blankTemplate.isEmpty());

        const ApiCall api(m_server->url(), m_server->token());
        QCOMPARE(api.post(u"/api/scripts"_s, {{u"name"_s, u"greet"_s},
                                              {u"content"_s, u"echo \"hello $1\""_s},
                                              {u"user_id"_s, u"current"_s}})
                     .status,
                 201);
        CallbackProbe<ScriptList> scripts;
        m_client->listScripts(context(), scripts.callback());
        SPACES_WAIT_OK(scripts);
        QVERIFY(std::any_of(scripts.value().begin(), scripts.value().end(),
                            [](const Script &script) { return script.name == u"greet"_s; }));

        // ---- the event stream, on the client's own network manager
        EventStream events(m_client->settings(), m_client->network());
        QSignalSpy changed(&events, &EventStream::spaceChanged);
        QSignalSpy deleted(&events, &EventStream::spaceDeleted);
        QSignalSpy errors(&events, &EventStream::connectionError);
        events.start();
        QTRY_COMPARE_WITH_TIMEOUT(events.state(), EventStream::State::Live, 10000);

        // ---- create, read, list, update
        CreateSpaceRequest create;
        create.name = u"svc"_s;
        create.templateId = serviceTemplate;
        create.description = u"A service"_s;
        create.customFields = {{u"environment"_s, u"testing"_s}};
        CallbackProbe<QString> created;
        m_client->createSpace(create, context(), created.callback());
        SPACES_WAIT_OK(created);
        const QString id = created.value();
        QVERIFY(isLowercaseUuid(id));
        QTRY_VERIFY_WITH_TIMEOUT(sawSpace(changed, id), 10000);

        Space space = fetch(u"svc"_s);
        QCOMPARE(space.id, id);
        QCOMPARE(space.description, u"A service"_s);
        QCOMPARE(space.state(), Space::State::Stopped);
        QCOMPARE(space.fieldValue(u"environment"_s), u"testing"_s);

        CallbackProbe<SpaceList> list;
        m_client->listSpaces(context(), list.callback());
        SPACES_WAIT_OK(list);
        QCOMPARE(list.value().size(), 1);
        QCOMPARE(list.value().first().id, id);

        SpaceChange change;
        change.description = u"A service, described again"_s;
        CallbackProbe<bool> updated;
        m_client->updateSpace(space.id, change, context(), updated.callback());
        SPACES_WAIT_OK(updated);
        QCOMPARE(fetch(id).description, u"A service, described again"_s);
        QCOMPARE(fetch(id).fieldValue(u"environment"_s), u"testing"_s);

        // ---- custom fields
        CallbackProbe<bool> setField;
        m_client->setCustomField(u"svc"_s, u"interval"_s, u"1"_s, context(), setField.callback());
        SPACES_WAIT_OK(setField);
        CallbackProbe<QString> getField;
        m_client->getCustomField(u"svc"_s, u"interval"_s, context(), getField.callback());
        SPACES_WAIT_OK(getField);
        QCOMPARE(getField.value(), u"1"_s);
        CallbackProbe<bool> badField;
        m_client->setCustomField(u"svc"_s, u"nonsense"_s, u"1"_s, context(), badField.callback());
        SPACES_WAIT_ERROR(badField, Kind::BadRequest);
        QCOMPARE(badField.error().message, u"custom field 'nonsense' not defined in template"_s);

        // ---- start: the stream sees it
        CallbackProbe<CommandResult> notRunning;
        m_client->runCommand(u"svc"_s, {u"true"_s, {}, 5, {}}, context(), notRunning.callback());
        SPACES_WAIT_ERROR(notRunning, Kind::NotRunning);
        changed.clear();
        CallbackProbe<bool> started;
        m_client->startSpace(u"svc"_s, context(), started.callback());
        SPACES_WAIT_OK(started);
        QTRY_VERIFY_WITH_TIMEOUT(sawSpace(changed, id), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(fetch(id).state(), Space::State::Running, 20000);
        CallbackProbe<bool> startedAgain;
        m_client->startSpace(id, context(), startedAgain.callback());
        SPACES_WAIT_ERROR(startedAgain, Kind::Conflict);
        QCOMPARE(startedAgain.error().status, 423);

        // ---- run a command, run scripts
        CallbackProbe<CommandResult> echo;
        m_client->runCommand(u"svc"_s, {u"echo"_s, {u"hello"_s, u"two words"_s}, 10, {}}, context(),
                             echo.callback());
        SPACES_WAIT_OK(echo);
        QVERIFY(echo.value().success);
        QCOMPARE(echo.value().output, u"hello two words\n"_s);
        QCOMPARE(echo.value().exitCode, std::optional<int>(0));
        CallbackProbe<CommandResult> failing;
        m_client->runCommand(u"svc"_s, {u"exit"_s, {u"3"_s}, 10, {}}, context(),
                             failing.callback());
        SPACES_WAIT_OK(failing);
        QVERIFY(!failing.value().success);
        QCOMPARE(failing.value().exitCode, std::optional<int>(3));

        CallbackProbe<ScriptResult> byName;
        m_client->executeScript(u"svc"_s, {u"greet"_s, {}, {}, {u"world"_s}}, context(),
                                byName.callback());
        SPACES_WAIT_OK(byName);
        QCOMPARE(byName.value().output, u"hello world\n"_s);
        QVERIFY(byName.value().succeeded());
        CallbackProbe<ScriptResult> inlined;
        m_client->executeScript(id, {{}, {}, u"echo \"$#:$1\"; exit 5"_s, {u"a b"_s}}, context(),
                                inlined.callback());
        SPACES_WAIT_OK(inlined);
        QCOMPARE(inlined.value().output, u"1:a b\n"_s);
        QCOMPARE(inlined.value().exitCode, 5);

        // ---- port forwards, by name (resolved to the id for /space-io)
        CallbackProbe<QString> target;
        m_client->createSpace({u"target"_s, blankTemplate, {}, {}, {}}, context(),
                              target.callback());
        SPACES_WAIT_OK(target);
        CallbackProbe<bool> targetStarted;
        m_client->startSpace(u"target"_s, context(), targetStarted.callback());
        SPACES_WAIT_OK(targetStarted);
        QTRY_COMPARE_WITH_TIMEOUT(fetch(u"target"_s).state(), Space::State::Running, 20000);
        const quint16 localPort = spaces::test::freeTcpPort();
        const quint16 remotePort = spaces::test::freeTcpPort();
        QVERIFY(localPort != 0 && remotePort != 0);
        PortForwardRequest forwardRequest;
        forwardRequest.localPort = localPort;
        forwardRequest.targetSpace = u"target"_s;
        forwardRequest.remotePort = remotePort;
        CallbackProbe<bool> forwarded;
        m_client->forwardPort(u"svc"_s, forwardRequest, context(), forwarded.callback());
        SPACES_WAIT_OK(forwarded);
        CallbackProbe<PortForwardList> forwards;
        m_client->listPortForwards(u"svc"_s, context(), forwards.callback());
        SPACES_WAIT_OK(forwards);
        QCOMPARE(forwards.value().size(), 1);
        QCOMPARE(forwards.value().first().localPort, int(localPort));
        QCOMPARE(forwards.value().first().remotePort, int(remotePort));
        QCOMPARE(forwards.value().first().space, u"target"_s);
        CallbackProbe<bool> unforwarded;
        m_client->stopPortForward(u"svc"_s, localPort, context(), unforwarded.callback());
        SPACES_WAIT_OK(unforwarded);
        CallbackProbe<bool> unforwardedAgain;
        m_client->stopPortForward(id, localPort, context(), unforwardedAgain.callback());
        SPACES_WAIT_ERROR(unforwardedAgain, Kind::NotFound);
        QCOMPARE(unforwardedAgain.error().message, u"Port forward not found"_s);

        // ---- restart, stop, delete: the stream sees the deletion
        CallbackProbe<bool> restarted;
        m_client->restartSpace(u"svc"_s, context(), restarted.callback());
        SPACES_WAIT_OK(restarted);
        QTRY_COMPARE_WITH_TIMEOUT(fetch(id).state(), Space::State::Running, 20000);
        CallbackProbe<bool> refused;
        m_client->deleteSpace(u"svc"_s, context(), refused.callback());
        SPACES_WAIT_ERROR(refused, Kind::Conflict);
        QCOMPARE(refused.error().message, u"space cannot be deleted"_s);
        for (const QString &name : {u"svc"_s, u"target"_s}) {
            CallbackProbe<bool> stopped;
            m_client->stopSpace(name, context(), stopped.callback());
            SPACES_WAIT_OK(stopped);
            QTRY_COMPARE_WITH_TIMEOUT(fetch(name).state(), Space::State::Stopped, 20000);
            CallbackProbe<bool> removed;
            m_client->deleteSpace(name, context(), removed.callback());
            SPACES_WAIT_OK(removed);
        }
        QTRY_VERIFY_WITH_TIMEOUT(sawSpace(deleted, id), 10000);
        CallbackProbe<Space> gone;
        m_client->getSpace(id, context(), gone.callback());
        SPACES_WAIT_ERROR(gone, Kind::NotFound);
        QCOMPARE(gone.error().message, u"space not found"_s);
        QCOMPARE(errors.size(), 0);
        events.stop();
    }

    // The list asked for with the tag of the one held: unchanged, nothing comes back; a change
    // brings the list and a new tag.
    void listOnlyWhenChanged()
    {
        CallbackProbe<SpacesClient::SpaceListRevision> first;
        m_client->listSpacesIfChanged({}, context(), first.callback());
        SPACES_WAIT_OK(first);
        QVERIFY(first.value().spaces.has_value());
        QVERIFY(!first.value().entityTag.isEmpty());

        CallbackProbe<SpacesClient::SpaceListRevision> again;
        m_client->listSpacesIfChanged(first.value().entityTag, context(), again.callback());
        SPACES_WAIT_OK(again);
        QVERIFY(!again.value().spaces.has_value());
        QCOMPARE(again.value().entityTag, first.value().entityTag);

        CreateSpaceRequest request;
        request.name = u"tagged"_s;
        request.templateId = u"blank"_s;
        CallbackProbe<QString> created;
        m_client->createSpace(request, context(), created.callback());
        SPACES_WAIT_OK(created);
        CallbackProbe<SpacesClient::SpaceListRevision> changed;
        m_client->listSpacesIfChanged(first.value().entityTag, context(), changed.callback());
        SPACES_WAIT_OK(changed);
        QVERIFY(changed.value().spaces.has_value());
        QCOMPARE(changed.value().spaces->size(), first.value().spaces->size() + 1);
        QVERIFY(changed.value().entityTag != first.value().entityTag);
    }

    void badTokenIsUnauthorized()
    {
        SpacesClient stranger(ConnectionSettings{m_server->url(), u"not-a-token"_s, 30s});
        CallbackProbe<SpaceList> list;
        stranger.listSpaces(context(), list.callback());
        SPACES_WAIT_ERROR(list, Kind::Unauthorized);
        QCOMPARE(list.error().message, u"Authentication token is not valid"_s);

        EventStream events(stranger.settings(), stranger.network());
        QSignalSpy errors(&events, &EventStream::connectionError);
        events.start();
        QTRY_VERIFY_WITH_TIMEOUT(!errors.isEmpty(), 10000);
        QCOMPARE(errors.first().at(0).toString(), u"Authentication token is not valid"_s);
        events.stop();
    }

    void reconnectsWhenTheServerRestarts()
    {
        EventStream events(m_client->settings(), m_client->network());
        events.setBackoffLimits(50ms, 200ms);
        QSignalSpy reload(&events, &EventStream::reloadNeeded);
        QSignalSpy errors(&events, &EventStream::connectionError);
        events.start();
        QTRY_COMPARE_WITH_TIMEOUT(events.state(), EventStream::State::Live, 10000);
        // SIGKILL: the stream breaks; the same data directory and port come back.
        const QUrl url = m_server->url();
        m_server->kill();
        QTRY_VERIFY_WITH_TIMEOUT(!errors.isEmpty(), 10000);
        QString error;
        QVERIFY2(m_server->start(&error, {u"--listen"_s, u"127.0.0.1:%1"_s.arg(url.port())}),
                 qPrintable(error));
        QCOMPARE(m_server->url(), url);
        QTRY_COMPARE_WITH_TIMEOUT(reload.size(), 1, 15000);
        QCOMPARE(events.state(), EventStream::State::Live);
        events.stop();
    }
};

QTEST_GUILESS_MAIN(ClientIntegrationTest)
#include "tst_client_integration.moc"
