// The models against the KnotSimulator: the list shows only the caller's spaces although
// Knot's stream carries everyone's events; templates and forwards follow their events; a
// started space shows Starting until its agent connects; inactive templates are not offered;
// a stream that Knot closes after a while reconnects without the connection ever leaving Live;
// a description change keeps the space's custom fields.
#include "CallbackProbe.h"
#include "EventStream.h"
#include "KnotPayloads.h"
#include "KnotSimulator.h"
#include "LiveUpdates.h"
#include "PortForwardModel.h"
#include "SpaceListModel.h"
#include "SpacesClient.h"
#include "TemplateModel.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>
#include <memory>

using namespace spaces;
using namespace spaces::test;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using Connection = LiveUpdates::Connection;

class ModelsKnotTest final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<KnotSimulator> m_knot;
    std::unique_ptr<SpacesClient> m_client;
    std::unique_ptr<EventStream> m_stream;
    std::unique_ptr<SpaceListModel> m_spaces;
    std::unique_ptr<TemplateModel> m_templates;
    std::unique_ptr<PortForwardModel> m_forwards;
    std::unique_ptr<LiveUpdates> m_live;
    std::unique_ptr<QAbstractItemModelTester> m_tester;

    void connectModels()
    {
        ConnectionSettings settings;
        settings.baseUrl = m_knot->url();
        settings.token = KnotSimulator::Token;
        settings.requestTimeout = 10s;
        m_client = std::make_unique<SpacesClient>(settings);
        m_stream = std::make_unique<EventStream>(settings, m_client->network());
        m_stream->setBackoffLimits(100ms, 400ms);
        m_spaces = std::make_unique<SpaceListModel>(*m_client);
        m_tester = std::make_unique<QAbstractItemModelTester>(
            m_spaces.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        m_templates = std::make_unique<TemplateModel>(*m_client);
        m_forwards = std::make_unique<PortForwardModel>(*m_client);
        m_live = std::make_unique<LiveUpdates>(*m_spaces, *m_stream);
        m_live->followTemplates(m_templates.get());
        m_live->followPortForwards(m_forwards.get());
        m_live->start();
        m_templates->refresh();
        QTRY_VERIFY(m_spaces->hasLoaded());
        QTRY_COMPARE(m_live->connection(), Connection::Live);
    }

    QString statusText(const QString &id) const
    {
        const int row = m_spaces->rowOf(id);
        return row < 0 ? QString()
                       : m_spaces->index(row, SpaceListModel::StatusColumn).data().toString();
    }

    QStringList templateNames() const
    {
        QStringList names;
        for (int row = 0; row < m_templates->rowCount(); ++row)
            names.append(m_templates->index(row).data().toString());
        return names;
    }

private Q_SLOTS:
    void init()
    {
        m_knot = std::make_unique<KnotSimulator>();
        QVERIFY(m_knot->listen());
    }

    void cleanup()
    {
        m_live.reset();
        m_forwards.reset();
        m_templates.reset();
        m_tester.reset();
        m_spaces.reset();
        m_stream.reset();
        m_client.reset();
        m_knot.reset();
    }

    void otherUsersSpacesStayOut()
    {
        const QString mine = m_knot->addSpace(u"mine"_s, false);
        connectModels();
        QCOMPARE(m_spaces->rowCount(), 1);

        // Knot tells everyone about everyone's spaces; a fetch by id would even succeed.
        const QString theirs = m_knot->addOtherUsersSpace(u"theirs"_s);
        m_knot->sendEvent(u"space:changed"_s, {{u"id"_s, mine}, {u"user_id"_s, knot::UserId}});
        // The caller's own event is fetched (and nothing of the other's), so once it is in...
        QTRY_VERIFY(m_knot->server().count("GET", "/api/spaces/" + mine.toUtf8()) >= 1);
        QCOMPARE(m_knot->server().count("GET", "/api/spaces/" + theirs.toUtf8()), 0);
        QCOMPARE(m_spaces->rowCount(), 1);
        QCOMPARE(m_spaces->rowOf(theirs), -1);

        // ...and an event that does not say whose it is gets fetched but not listed.
        m_knot->sendEvent(u"space:changed"_s, {{u"id"_s, theirs}});
        QTRY_COMPARE(m_knot->server().count("GET", "/api/spaces/" + theirs.toUtf8()), 1);
        QCOMPARE(m_spaces->rowOf(theirs), -1);
    }

    void startingUntilTheAgentConnects()
    {
        m_knot->setAgentDelay(800);
        const QString id = m_knot->addSpace(u"slow"_s, false);
        connectModels();
        m_spaces->start(id);
        QTRY_VERIFY(m_knot->space(id).value(u"is_deployed"_s).toBool());
        // Deployed, agent not there yet: still Starting, and stoppable.
        QTRY_VERIFY(m_spaces->space(id)->isDeployed);
        QCOMPARE(statusText(id), u"Starting"_s);
        const QModelIndex row = m_spaces->index(m_spaces->rowOf(id), 0);
        QVERIFY(row.data(SpaceListModel::AwaitingAgentRole).toBool());
        QTRY_COMPARE_WITH_TIMEOUT(statusText(id), u"Running"_s, 5000);
        QVERIFY(!m_spaces->index(m_spaces->rowOf(id), 0)
                     .data(SpaceListModel::AwaitingAgentRole)
                     .toBool());
    }

    void templatesFollowTheirEvents()
    {
        connectModels();
        QTRY_COMPARE(templateNames(), QStringList{KnotSimulator::TemplateName});
        // An inactive template is still known by id, for the spaces made from it.
        QTRY_VERIFY(m_templates->templateById(u"4d3c2b1a-0f9e-4d8c-8b7a-5f4e3d2c1b0a"_s));
        QVERIFY(!m_templates->templateByName(KnotSimulator::InactiveTemplateName));

        m_knot->setTemplateActive(KnotSimulator::InactiveTemplateName, true);
        QTRY_COMPARE(templateNames().size(), 2);
        m_knot->setTemplateActive(KnotSimulator::TemplateName, false);
        QTRY_COMPARE(templateNames(), QStringList{KnotSimulator::InactiveTemplateName});
    }

    void forwardsFollowTheirEvents()
    {
        const QString id = m_knot->addSpace(u"fwd"_s, true);
        connectModels();
        m_forwards->setSpace(id);
        QTRY_COMPARE(m_knot->server().count("GET", "/space-io/" + id.toUtf8() + "/port/list"), 1);
        QCOMPARE(m_forwards->rowCount(), 0);
        // Another client adds a forward: the table shows it without being asked.
        CallbackProbe<bool> forwarded;
        SpacesClient elsewhere(m_client->settings());
        elsewhere.forwardPort(id, {8181, u"fwd"_s, 80, false, false}, nullptr,
                              forwarded.callback());
        SPACES_WAIT_OK(forwarded);
        QTRY_COMPARE(m_forwards->rowCount(), 1);
        // Another space's forwards change nothing here.
        const int lists = m_knot->server().count("GET", "/space-io/" + id.toUtf8() + "/port/list");
        m_knot->sendEvent(u"port-forward:changed"_s,
                          {{u"id"_s, knot::OtherSpaceId}, {u"user_id"_s, knot::UserId}});
        m_knot->sendEvent(u"space:changed"_s, {{u"id"_s, id}, {u"user_id"_s, knot::UserId}});
        QTRY_VERIFY(m_knot->server().count("GET", "/api/spaces/" + id.toUtf8()) >= 1);
        QCOMPARE(m_knot->server().count("GET", "/space-io/" + id.toUtf8() + "/port/list"), lists);
    }

    void aStreamClosedByKnotReconnectsQuietly()
    {
        m_knot->setStreamLifetime(300);
        const QString id = m_knot->addSpace(u"quiet"_s, false);
        connectModels();
        QSignalSpy connection(m_live.get(), &LiveUpdates::connectionChanged);
        QSignalSpy reloaded(m_spaces.get(), &SpaceListModel::refreshed);
        // Several drops and reconnects: the list reloads after each, the indicator never moves.
        QTRY_VERIFY_WITH_TIMEOUT(reloaded.size() >= 3, 10000);
        QCOMPARE(connection.size(), 0);
        QCOMPARE(m_live->connection(), Connection::Live);
        // Events still arrive on the new streams.
        m_knot->sendEvent(u"space:deleted"_s, {{u"id"_s, id}, {u"user_id"_s, knot::UserId}});
        QTRY_COMPARE(m_spaces->rowOf(id), -1);
    }

    void aStreamThatStaysDownIsReported()
    {
        connectModels();
        m_live->setReconnectGrace(200ms);
        m_live->setPollInterval(100ms);
        QSignalSpy connection(m_live.get(), &LiveUpdates::connectionChanged);
        // Gone for good: no new connections, and none of the open ones to reuse.
        m_knot->server().stopListening();
        m_knot->server().closeAll();
        QTRY_VERIFY(connection.size() >= 1);
        QVERIFY(m_live->connection() != Connection::Live);
    }

    void descriptionChangeKeepsTheCustomFields()
    {
        const QString id = m_knot->addSpace(u"described"_s, true);
        connectModels();
        QSignalSpy succeeded(m_spaces.get(), &SpaceListModel::operationSucceeded);
        m_spaces->setDescription(id, u"Now with words"_s);
        QTRY_COMPARE(succeeded.size(), 1);
        QCOMPARE(m_knot->space(id).value(u"description"_s).toString(), u"Now with words"_s);
        QCOMPARE(m_knot->space(id).value(u"custom_fields"_s).toArray().size(), 2);
        QCOMPARE(m_spaces->space(id)->fieldValue(u"environment"_s), u"prod"_s);
    }
};

QTEST_GUILESS_MAIN(ModelsKnotTest)
#include "tst_models_knot.moc"
