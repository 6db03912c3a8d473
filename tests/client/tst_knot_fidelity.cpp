// SpacesClient against the KnotSimulator, for each Knot fact a client can get wrong: an update
// keeps every field (Knot's PUT replaces the space), calls into a started space wait for its
// agent, global scripts are found, port/stop keeps Knot's sentence, plain-text errors read
// as sentences, and the event stream carries other users' events and other types.
#include "CallbackProbe.h"
#include "EventStream.h"
#include "KnotPayloads.h"
#include "KnotSimulator.h"
#include "SpacesClient.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>
#include <memory>

using namespace spaces;
using namespace spaces::test;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using Kind = ApiError::Kind;

class KnotFidelityTest final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<KnotSimulator> m_knot;
    std::unique_ptr<SpacesClient> m_client;
    std::unique_ptr<QObject> m_context;

    ConnectionSettings settings(std::chrono::milliseconds readyTimeout = 10s) const
    {
        ConnectionSettings result;
        result.baseUrl = m_knot->url();
        result.token = KnotSimulator::Token;
        result.requestTimeout = 10s;
        result.readyTimeout = readyTimeout;
        return result;
    }
    void makeClient(std::chrono::milliseconds readyTimeout = 10s)
    {
        m_client = std::make_unique<SpacesClient>(settings(readyTimeout));
    }
    QObject *context() const { return m_context.get(); }

    // Starts a space and waits until it is deployed (not necessarily ready).
    bool startAndWaitDeployed(const QString &id)
    {
        CallbackProbe<bool> started;
        m_client->startSpace(id, context(), started.callback());
        if (!started.wait() || !started.ok())
            return false;
        return QTest::qWaitFor([&] { return m_knot->space(id).value(u"is_deployed"_s).toBool(); },
                               5000);
    }

private Q_SLOTS:
    void init()
    {
        m_knot = std::make_unique<KnotSimulator>();
        QVERIFY(m_knot->listen());
        m_context = std::make_unique<QObject>();
        makeClient();
    }

    void cleanup()
    {
        m_client.reset();
        m_context.reset();
        m_knot.reset();
    }

    // ---- PUT replaces the whole space ----------------------------------------------------

    void descriptionUpdateKeepsEveryField_data()
    {
        QTest::addColumn<bool>("running");
        QTest::newRow("stopped") << false;
        // Without its node a started Docker space would answer 423.
        QTest::newRow("running on a node") << true;
    }

    void descriptionUpdateKeepsEveryField()
    {
        QFETCH(bool, running);
        const QString id = m_knot->addSpace(u"shop-web"_s, running);
        const QJsonObject before = m_knot->space(id);

        CallbackProbe<bool> updated;
        SpaceChange change;
        change.description = u"Checkout front end"_s;
        m_client->updateSpace(u"shop-web"_s, change, context(), updated.callback());
        SPACES_WAIT_OK(updated);

        const QJsonObject after = m_knot->space(id);
        QCOMPARE(after.value(u"description"_s).toString(), u"Checkout front end"_s);
        for (const QString &field :
             {u"name"_s, u"shell"_s, u"alt_names"_s, u"icon_url"_s, u"startup_script_id"_s,
              u"depends_on"_s, u"stack"_s, u"custom_fields"_s, u"node_id"_s, u"future_field"_s}) {
            QVERIFY2(after.value(field) == before.value(field), qPrintable(field));
        }
        // What was sent: everything the GET returned, the node under the name SpaceRequest
        // gives it, and no other change.
        const QList<RecordedRequest> puts =
            m_knot->server().requests("PUT", "/api/spaces/" + id.toUtf8());
        QCOMPARE(puts.size(), 1);
        const QJsonObject sent = puts.first().json();
        QCOMPARE(sent.value(u"selected_node_id"_s), before.value(u"node_id"_s));
        QCOMPARE(sent.value(u"future_field"_s), before.value(u"future_field"_s));
        QCOMPARE(sent.value(u"custom_fields"_s), before.value(u"custom_fields"_s));
    }

    void renameGoesByIdAndKeepsTheRest()
    {
        const QString id = m_knot->addSpace(u"old-name"_s, true);
        CallbackProbe<bool> renamed;
        SpaceChange change;
        change.name = u"new-name"_s;
        m_client->updateSpace(u"old-name"_s, change, context(), renamed.callback());
        SPACES_WAIT_OK(renamed);
        QCOMPARE(m_knot->space(id).value(u"name"_s).toString(), u"new-name"_s);
        QCOMPARE(m_knot->space(id).value(u"stack"_s).toString(), u"shop"_s);
        QCOMPARE(m_knot->server().count("PUT", "/api/spaces/" + id.toUtf8()), 1);
    }

    void updateOfAMissingSpaceSendsNoPut()
    {
        CallbackProbe<bool> updated;
        SpaceChange change;
        change.description = u"x"_s;
        m_client->updateSpace(u"nowhere"_s, change, context(), updated.callback());
        SPACES_WAIT_ERROR(updated, Kind::NotFound);
        QCOMPARE(updated.error().message, u"space not found"_s);
        for (const RecordedRequest &request : m_knot->server().requests())
            QVERIFY(request.method != "PUT");
    }

    // ---- running is not ready ------------------------------------------------------------

    void runCommandWaitsForTheAgent()
    {
        m_knot->setAgentDelay(600);
        const QString id = m_knot->addSpace(u"slow-agent"_s, false);
        QVERIFY(startAndWaitDeployed(id));
        QVERIFY(!m_knot->space(id).value(u"has_state"_s).toBool());

        CallbackProbe<CommandResult> ran;
        RunCommandRequest request;
        request.command = u"echo"_s;
        request.arguments = {u"ready"_s};
        m_client->runCommand(u"slow-agent"_s, request, context(), ran.callback());
        SPACES_WAIT_OK(ran);
        QCOMPARE(ran.value().output, u"ready\n"_s);
        // It was refused while the agent was away, then tried again.
        QVERIFY(m_knot->server().count("POST", "/api/spaces/slow-agent/run-command") >= 2);
    }

    void notReadyForTooLongIsTheServersSentence()
    {
        m_knot->setAgentDelay(60000);
        makeClient(700ms);
        const QString id = m_knot->addSpace(u"no-agent"_s, false);
        QVERIFY(startAndWaitDeployed(id));
        QElapsedTimer clock;
        clock.start();
        CallbackProbe<CommandResult> ran;
        RunCommandRequest request;
        request.command = u"true"_s;
        m_client->runCommand(id, request, context(), ran.callback());
        SPACES_WAIT_ERROR(ran, Kind::NotReady);
        QCOMPARE(ran.error().status, 503);
        QCOMPARE(ran.error().message, u"Agent session not found for space"_s);
        QVERIFY(clock.elapsed() >= 700);
    }

    void forwardsWaitForTheAgent()
    {
        m_knot->setAgentDelay(500);
        const QString id = m_knot->addSpace(u"fwd-src"_s, false);
        QVERIFY(startAndWaitDeployed(id));
        CallbackProbe<bool> forwarded;
        PortForwardRequest request;
        request.localPort = 8080;
        request.targetSpace = u"fwd-src"_s;
        request.remotePort = 80;
        m_client->forwardPort(u"fwd-src"_s, request, context(), forwarded.callback());
        SPACES_WAIT_OK(forwarded);
        CallbackProbe<PortForwardList> listed;
        m_client->listPortForwards(id, context(), listed.callback());
        SPACES_WAIT_OK(listed);
        QCOMPARE(listed.value().size(), 1);
    }

    void aCancelledWaitEndsWithTheClient()
    {
        m_knot->setAgentDelay(60000);
        const QString id = m_knot->addSpace(u"gone-client"_s, false);
        QVERIFY(startAndWaitDeployed(id));
        CallbackProbe<CommandResult> ran;
        RunCommandRequest request;
        request.command = u"true"_s;
        m_client->runCommand(id, request, nullptr, ran.callback());
        QTRY_VERIFY(m_knot->server().count("POST", "/api/spaces/" + id.toUtf8() + "/run-command") >=
                    1);
        m_client.reset();
        QVERIFY(ran.called());
        QCOMPARE(ran.error().kind(), Kind::Network);
    }

    // ---- scripts -------------------------------------------------------------------------

    void scriptsListTheGlobalOnes()
    {
        CallbackProbe<ScriptList> scripts;
        m_client->listScripts(context(), scripts.callback());
        SPACES_WAIT_OK(scripts);
        QStringList names;
        for (const Script &script : scripts.value())
            names.append(script.name);
        names.sort();
        QCOMPARE(names,
                 (QStringList{KnotSimulator::GlobalScriptName, KnotSimulator::OwnScriptName}));
        const QList<RecordedRequest> sent = m_knot->server().requests("GET", "/api/scripts");
        QCOMPARE(sent.size(), 1);
        QVERIFY(!sent.first().query.hasQueryItem(u"user_id"_s));
    }

    void runScriptFindsGlobalScriptsByName_data()
    {
        QTest::addColumn<QString>("script");
        QTest::newRow("global") << KnotSimulator::GlobalScriptName;
        QTest::newRow("own") << KnotSimulator::OwnScriptName;
    }

    void runScriptFindsGlobalScriptsByName()
    {
        QFETCH(QString, script);
        const QString id = m_knot->addSpace(u"runner"_s, true);
        CallbackProbe<ScriptResult> ran;
        ExecuteScriptRequest request;
        request.scriptName = script;
        request.arguments = {u"a"_s, u"b"_s};
        m_client->executeScript(u"runner"_s, request, context(), ran.callback());
        SPACES_WAIT_OK(ran);
        QCOMPARE(ran.value().output, script + u" ran: a b\n"_s);
        const QJsonObject sent =
            m_knot->server().requests("POST", "/api/spaces/runner/execute-script").first().json();
        QVERIFY(sent.contains(u"script_id"_s));
        QVERIFY(!sent.contains(u"script_name"_s));
        Q_UNUSED(id);
    }

    void unknownScriptIsTheServersSentence()
    {
        m_knot->addSpace(u"runner"_s, true);
        CallbackProbe<ScriptResult> ran;
        ExecuteScriptRequest request;
        request.scriptName = u"theirs"_s; // another user's: not listed, so the server decides
        m_client->executeScript(u"runner"_s, request, context(), ran.callback());
        SPACES_WAIT_ERROR(ran, Kind::NotFound);
        QCOMPARE(ran.error().message, u"script not found"_s);
    }

    // ---- port/stop -----------------------------------------------------------------------

    void stopUnknownForwardIsNotFoundWithTheSentence()
    {
        const QString id = m_knot->addSpace(u"fwd"_s, true);
        CallbackProbe<bool> stopped;
        m_client->stopPortForward(id, 9999, context(), stopped.callback());
        SPACES_WAIT_ERROR(stopped, Kind::NotFound);
        QCOMPARE(stopped.error().message, u"Port forward not found"_s);
    }

    void agentFailureIsNotNotFound()
    {
        const QString id = m_knot->addSpace(u"fwd"_s, true);
        m_knot->setAgentUnreachable(true);
        CallbackProbe<bool> stopped;
        m_client->stopPortForward(id, 9999, context(), stopped.callback());
        SPACES_WAIT_ERROR(stopped, Kind::Server);
        QCOMPARE(stopped.error().status, 500);
        QCOMPARE(stopped.error().message, u"Failed to send command to agent"_s);
    }

    // ---- templates and plain-text errors -------------------------------------------------

    void inactiveTemplatesAreListedAsInactive()
    {
        CallbackProbe<SpaceTemplateList> templates;
        m_client->listTemplates(context(), templates.callback());
        SPACES_WAIT_OK(templates);
        QCOMPARE(templates.value().size(), 2);
        for (const SpaceTemplate &entry : templates.value()) {
            QCOMPARE(entry.active, entry.name != KnotSimulator::InactiveTemplateName);
            QCOMPARE(entry.platform, u"docker"_s);
        }
    }

    void createFromAnInactiveTemplateIsRefused()
    {
        CreateSpaceRequest request;
        request.name = u"old-style"_s;
        request.templateId = u"4d3c2b1a-0f9e-4d8c-8b7a-5f4e3d2c1b0a"_s;
        CallbackProbe<QString> created;
        m_client->createSpace(request, context(), created.callback());
        SPACES_WAIT_ERROR(created, Kind::BadRequest);
        QCOMPARE(created.error().message, u"invalid template given for new space"_s);
    }

    void plainTextInvalidJsonIsASentence()
    {
        m_knot->server().once(
            "POST", "/api/spaces",
            FakeResponse::raw(400, "invalid JSON format\n", "text/plain; charset=utf-8"));
        CreateSpaceRequest request;
        request.name = u"anything"_s;
        CallbackProbe<QString> created;
        m_client->createSpace(request, context(), created.callback());
        SPACES_WAIT_ERROR(created, Kind::BadRequest);
        QCOMPARE(created.error().message, u"invalid JSON format"_s);
    }

    // ---- the event stream ----------------------------------------------------------------

    void eventsOfEveryKindAreTold()
    {
        EventStream stream(settings(), nullptr);
        QSignalSpy changed(&stream, &EventStream::spaceChanged);
        QSignalSpy templates(&stream, &EventStream::templatesChanged);
        QSignalSpy forwards(&stream, &EventStream::portForwardsChanged);
        stream.start();
        QTRY_COMPARE(stream.state(), EventStream::State::Live);

        const QString theirs = m_knot->addOtherUsersSpace(u"not-mine"_s);
        QTRY_COMPARE(changed.size(), 1);
        QCOMPARE(changed.first().at(0).toString(), theirs);
        QCOMPARE(changed.first().at(1).toString(), KnotSimulator::OtherUserId);

        m_knot->setTemplateActive(KnotSimulator::InactiveTemplateName, true);
        QTRY_COMPARE(templates.size(), 1);
        m_knot->sendEvent(u"port-forward:changed"_s,
                          {{u"id"_s, knot::SpaceId}, {u"user_id"_s, knot::UserId}});
        QTRY_COMPARE(forwards.size(), 1);
        QCOMPARE(forwards.first().at(0).toString(), knot::SpaceId);
        // Types this client has no use for change nothing.
        m_knot->sendEvent(u"users:changed"_s, {{u"id"_s, knot::UserId}});
        m_knot->sendEvent(u"space:changed"_s, {{u"id"_s, knot::SpaceId}});
        QTRY_COMPARE(changed.size(), 2);
        QCOMPARE(templates.size(), 1);
        QCOMPARE(forwards.size(), 1);
    }
};

QTEST_GUILESS_MAIN(KnotFidelityTest)
#include "tst_knot_fidelity.moc"
