// The models against a real spacesd on a random loopback port: SpaceListModel's operations
// with their in-flight state, TemplateModel, ScriptModel, ScriptRunner, and LiveUpdates
// following another client's changes, losing the server and finding it again.
#include "ApiCall.h"
#include "CallbackProbe.h"
#include "EventStream.h"
#include "FreePort.h"
#include "LiveUpdates.h"
#include "ScriptModel.h"
#include "ScriptRunner.h"
#include "SpaceListModel.h"
#include "SpacesClient.h"
#include "SpacesdProcess.h"
#include "TemplateModel.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTest>
#include <QUuid>
#include <memory>

using namespace spaces;
using namespace spaces::test;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using Connection = LiveUpdates::Connection;

namespace {

constexpr int SlowMs = 20000;

} // namespace

class ModelsIntegrationTest final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<SpacesdProcess> m_server;
    std::unique_ptr<SpacesClient> m_client; // the app's
    std::unique_ptr<SpacesClient> m_other;  // someone else's changes
    std::unique_ptr<QObject> m_context;
    QString m_blankTemplate;

    // Alive for the whole of each test function.
    std::unique_ptr<SpaceListModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;

    SpaceStatus statusOf(const QString &id) const
    {
        const int row = m_model->rowOf(id);
        return row < 0
                   ? SpaceStatus::Pending
                   : m_model->index(row, 0).data(SpaceListModel::StatusRole).value<SpaceStatus>();
    }
    QString statusText(const QString &id) const
    {
        const int row = m_model->rowOf(id);
        return row < 0 ? QString()
                       : m_model->index(row, SpaceListModel::StatusColumn).data().toString();
    }

    // Creates a space through the other client; its id, empty on failure.
    QString createElsewhere(const QString &name)
    {
        CallbackProbe<QString> created;
        m_other->createSpace({name, m_blankTemplate, u"made elsewhere"_s, {}, {}}, m_context.get(),
                             created.callback());
        return created.wait() && created.ok() ? created.value() : QString();
    }

    // Removes a space straight from the database of a stopped server.
    bool deleteFromDatabase(const QString &id) const
    {
        bool done = false;
        const QString connection = u"models-"_s + QUuid::createUuid().toString();
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, connection);
            db.setDatabaseName(QDir(m_server->dataDirectory()).filePath(u"spaces.db"_s));
            if (db.open()) {
                QSqlQuery query(db);
                query.prepare(u"DELETE FROM spaces WHERE id = ?"_s);
                query.addBindValue(id);
                done = query.exec() && query.numRowsAffected() == 1;
                db.close();
            }
        }
        QSqlDatabase::removeDatabase(connection);
        return done;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_server = std::make_unique<SpacesdProcess>();
        QString error;
        QVERIFY2(m_server->start(&error), qPrintable(error));
        m_context = std::make_unique<QObject>();
        const ConnectionSettings settings{m_server->url(), m_server->token(), 30s};
        m_client = std::make_unique<SpacesClient>(settings);
        m_other = std::make_unique<SpacesClient>(settings);
        CallbackProbe<SpaceTemplateList> templates;
        m_other->listTemplates(m_context.get(), templates.callback());
        SPACES_WAIT_OK(templates);
        for (const SpaceTemplate &candidate : templates.value()) {
            if (candidate.name == u"blank"_s)
                m_blankTemplate = candidate.id;
        }
        QVERIFY(!m_blankTemplate.isEmpty());
    }

    void init()
    {
        m_model = std::make_unique<SpaceListModel>(*m_client);
        m_tester = std::make_unique<QAbstractItemModelTester>(
            m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    }

    void cleanup()
    {
        m_tester.reset();
        m_model.reset();
    }

    void cleanupTestCase()
    {
        m_other.reset();
        m_client.reset();
        m_context.reset();
        if (m_server)
            QCOMPARE(m_server->terminate(), 0);
        m_server.reset();
    }

    void templatesAndScripts()
    {
        TemplateModel templates(*m_client);
        QAbstractItemModelTester templateTester(
            &templates, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy templatesLoaded(&templates, &TemplateModel::refreshed);
        templates.refresh();
        QVERIFY(templatesLoaded.wait(SlowMs));
        QVERIFY(templates.rowCount() > 0);
        const SpaceTemplate *blank = templates.templateByName(u"blank"_s);
        QVERIFY(blank);
        QCOMPARE(blank->id, m_blankTemplate);
        QCOMPARE(templates.templateById(m_blankTemplate), blank);
        QVERIFY(!templates.templateByName(u"no such template"_s));
        const QModelIndex first = templates.index(0);
        QCOMPARE(first.data(TemplateModel::IdRole).toString(),
                 templates.templateByName(first.data().toString())->id);
        // Again: the same list is no change at all.
        QSignalSpy removed(&templates, &QAbstractItemModel::rowsRemoved);
        QSignalSpy inserted(&templates, &QAbstractItemModel::rowsInserted);
        QSignalSpy reset(&templates, &QAbstractItemModel::modelReset);
        templates.refresh();
        QVERIFY(templatesLoaded.wait(SlowMs));
        QCOMPARE(removed.size() + inserted.size() + reset.size(), 0);

        const ApiCall api(m_server->url(), m_server->token());
        QCOMPARE(api.post(u"/api/scripts"_s, {{u"name"_s, u"greet"_s},
                                              {u"description"_s, u"Says hello"_s},
                                              {u"content"_s, u"echo \"hello $1\""_s},
                                              {u"user_id"_s, u"current"_s}})
                     .status,
                 201);
        ScriptModel scripts(*m_client);
        QAbstractItemModelTester scriptTester(
            &scripts, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy scriptsLoaded(&scripts, &ScriptModel::refreshed);
        scripts.refresh();
        QVERIFY(scriptsLoaded.wait(SlowMs));
        QVERIFY(scripts.names().contains(u"greet"_s));
        QVERIFY(scripts.scriptByName(u"greet"_s));
        QCOMPARE(scripts.scriptByName(u"greet"_s)->description, u"Says hello"_s);
    }

    void refreshLoadsAndOperationsShowProgress()
    {
        const QString id = createElsewhere(u"alpha"_s);
        QVERIFY(!id.isEmpty());
        QSignalSpy refreshed(m_model.get(), &SpaceListModel::refreshed);
        QSignalSpy loading(m_model.get(), &SpaceListModel::loadingChanged);
        m_model->refresh();
        m_model->refresh(); // coalesced into one more list after this one
        QVERIFY(m_model->isLoading());
        QTRY_COMPARE_WITH_TIMEOUT(refreshed.size(), 2, SlowMs);
        QVERIFY(!m_model->isLoading());
        QVERIFY(m_model->hasLoaded());
        QCOMPARE(loading.first().at(0).toBool(), true);
        QCOMPARE(loading.last().at(0).toBool(), false);
        QVERIFY(m_model->rowOf(id) >= 0);
        QCOMPARE(statusOf(id), SpaceStatus::Stopped);
        QCOMPARE(m_model->space(id)->description, u"made elsewhere"_s);

        QSignalSpy succeeded(m_model.get(), &SpaceListModel::operationSucceeded);
        QSignalSpy failed(m_model.get(), &SpaceListModel::operationFailed);

        // ---- start: Starting while in flight, then Running
        m_model->start(id);
        QCOMPARE(m_model->operation(id), SpaceOperation::Starting);
        QCOMPARE(statusOf(id), SpaceStatus::Starting);
        QCOMPARE(statusText(id), u"Starting"_s);
        QTRY_COMPARE_WITH_TIMEOUT(succeeded.size(), 1, SlowMs);
        QCOMPARE(succeeded.first().at(0).toString(), u"Start"_s);
        QCOMPARE(succeeded.first().at(1).toString(), u"alpha"_s);
        QCOMPARE(m_model->operation(id), SpaceOperation::None);
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(id), SpaceStatus::Running, SlowMs);
        QCOMPARE(statusText(id), u"Running"_s);

        // ---- the server refuses: its own sentence, the operation cleared
        m_model->start(id);
        QCOMPARE(m_model->operation(id), SpaceOperation::Starting);
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, SlowMs);
        QCOMPARE(failed.first().at(0).toString(), u"Start"_s);
        QCOMPARE(failed.first().at(1).toString(), u"alpha"_s);
        const auto error = failed.first().at(2).value<ApiError>();
        QCOMPARE(error.status, 423);
        QCOMPARE(error.message, u"space cannot be started"_s);
        QCOMPARE(m_model->operation(id), SpaceOperation::None);
        QCOMPARE(statusOf(id), SpaceStatus::Running);

        // ---- stop
        m_model->stop(id);
        QCOMPARE(statusOf(id), SpaceStatus::Stopping);
        QTRY_COMPARE_WITH_TIMEOUT(succeeded.size(), 2, SlowMs);
        QCOMPARE(succeeded.last().at(0).toString(), u"Stop"_s);
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(id), SpaceStatus::Stopped, SlowMs);

        // ---- a new description
        m_model->setDescription(id, u"described here"_s);
        QCOMPARE(m_model->operation(id), SpaceOperation::Saving);
        QTRY_COMPARE_WITH_TIMEOUT(succeeded.size(), 3, SlowMs);
        QCOMPARE(m_model->space(id)->description, u"described here"_s);
        QCOMPARE(m_model->operation(id), SpaceOperation::None);

        // ---- remove: Deleting, then the row is gone
        m_model->remove(id);
        QCOMPARE(statusOf(id), SpaceStatus::Deleting);
        QTRY_COMPARE_WITH_TIMEOUT(succeeded.size(), 4, SlowMs);
        QCOMPARE(succeeded.last().at(0).toString(), u"Delete"_s);
        QCOMPARE(m_model->rowOf(id), -1);
        CallbackProbe<Space> gone;
        m_other->getSpace(id, m_context.get(), gone.callback());
        SPACES_WAIT_ERROR(gone, ApiError::Kind::NotFound);

        // ---- create: the row is there when spaceCreated comes
        QSignalSpy created(m_model.get(), &SpaceListModel::spaceCreated);
        m_model->create({u"beta"_s, m_blankTemplate, u"made here"_s, {}, {}});
        QVERIFY(created.wait(SlowMs));
        const QString betaId = created.first().at(0).toString();
        QVERIFY(m_model->rowOf(betaId) >= 0);
        QCOMPARE(m_model->space(betaId)->name, u"beta"_s);
        QCOMPARE(succeeded.last().at(0).toString(), u"Create"_s);
        // A second one of the same name: the server says no.
        m_model->create({u"beta"_s, m_blankTemplate, {}, {}, {}});
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 2, SlowMs);
        QCOMPARE(failed.last().at(0).toString(), u"Create"_s);
        QVERIFY(!failed.last().at(2).value<ApiError>().message.isEmpty());

        m_model->remove(betaId);
        QTRY_COMPARE_WITH_TIMEOUT(m_model->rowOf(betaId), -1, SlowMs);
    }

    void scriptRunnerRunsInASpace()
    {
        const QString id = createElsewhere(u"runner"_s);
        QVERIFY(!id.isEmpty());
        CallbackProbe<bool> started;
        m_other->startSpace(id, m_context.get(), started.callback());
        SPACES_WAIT_OK(started);

        ScriptRunner runner(*m_client);
        QSignalSpy finished(&runner, &ScriptRunner::finished);
        QSignalSpy failed(&runner, &ScriptRunner::failed);
        QSignalSpy busy(&runner, &ScriptRunner::busyChanged);
        QVERIFY(runner.run(id, u"greet"_s, {u"world"_s}));
        QVERIFY(runner.isBusy(id));
        QVERIFY(!runner.run(id, u"greet"_s)); // one at a time in a space
        QVERIFY(!runner.isBusy(u"another-space"_s));
        QVERIFY(finished.wait(SlowMs));
        QCOMPARE(finished.first().at(0).toString(), id);
        QCOMPARE(busy.first().at(0).toString(), id);
        const auto result = finished.first().at(1).value<ScriptResult>();
        QCOMPARE(result.output, u"hello world\n"_s);
        QVERIFY(result.succeeded());
        QVERIFY(!runner.isBusy(id));
        QCOMPARE(busy.size(), 2);

        QVERIFY(runner.run(id, u"no-such-script"_s));
        QVERIFY(failed.wait(SlowMs));
        QCOMPARE(failed.first().at(0).toString(), id);
        QVERIFY(!failed.first().at(1).value<ApiError>().message.isEmpty());

        CallbackProbe<bool> stopped;
        m_other->stopSpace(id, m_context.get(), stopped.callback());
        SPACES_WAIT_OK(stopped);
    }

    void pollsWhileTheStreamIsDown()
    {
        // A stream that can never connect; the API itself answers: Polling.
        ConnectionSettings nowhere = m_client->settings();
        nowhere.baseUrl.setPort(spaces::test::freeTcpPort());
        EventStream events(nowhere, nullptr);
        events.setBackoffLimits(50ms, 200ms);
        LiveUpdates live(*m_model, events);
        live.setPollInterval(100ms);
        QSignalSpy changes(&live, &LiveUpdates::connectionChanged);
        live.start();
        QTRY_COMPARE_WITH_TIMEOUT(live.connection(), Connection::Polling, SlowMs);
        QVERIFY(live.downSince().isValid());
        const QString id = createElsewhere(u"polled"_s);
        QVERIFY(!id.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(m_model->rowOf(id) >= 0, SlowMs);
        live.stop();
        CallbackProbe<bool> removed;
        m_other->deleteSpace(id, m_context.get(), removed.callback());
        SPACES_WAIT_OK(removed);
    }

    // Last: it kills the server and starts it again.
    void liveUpdatesFollowTheServer()
    {
        EventStream events(m_client->settings(), m_client->network());
        events.setBackoffLimits(50ms, 200ms);
        LiveUpdates live(*m_model, events);
        live.setPollInterval(100ms);
        QSignalSpy changes(&live, &LiveUpdates::connectionChanged);
        QCOMPARE(live.connection(), Connection::Connecting);
        live.start();
        QTRY_COMPARE_WITH_TIMEOUT(live.connection(), Connection::Live, SlowMs);
        QTRY_VERIFY_WITH_TIMEOUT(m_model->hasLoaded(), SlowMs);
        QVERIFY(!live.downSince().isValid());

        // ---- another client's changes arrive as events
        QSignalSpy refreshed(m_model.get(), &SpaceListModel::refreshed);
        const QString id = createElsewhere(u"gamma"_s);
        QVERIFY(!id.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(m_model->rowOf(id) >= 0, SlowMs);
        SpaceChange change;
        change.description = u"changed elsewhere"_s;
        CallbackProbe<bool> updated;
        m_other->updateSpace(id, change, m_context.get(), updated.callback());
        SPACES_WAIT_OK(updated);
        QTRY_COMPARE_WITH_TIMEOUT(m_model->space(id)->description, u"changed elsewhere"_s, SlowMs);
        CallbackProbe<bool> started;
        m_other->startSpace(id, m_context.get(), started.callback());
        SPACES_WAIT_OK(started);
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(id), SpaceStatus::Running, SlowMs);
        CallbackProbe<bool> stopped;
        m_other->stopSpace(id, m_context.get(), stopped.callback());
        SPACES_WAIT_OK(stopped);
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(id), SpaceStatus::Stopped, SlowMs);
        CallbackProbe<bool> removed;
        m_other->deleteSpace(id, m_context.get(), removed.callback());
        SPACES_WAIT_OK(removed);
        QTRY_COMPARE_WITH_TIMEOUT(m_model->rowOf(id), -1, SlowMs);
        QCOMPARE(refreshed.size(), 0); // all of it by events, no list
        QCOMPARE(live.connection(), Connection::Live);

        // ---- the server dies: polls fail
        const QString doomed = createElsewhere(u"doomed"_s);
        QVERIFY(!doomed.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(m_model->rowOf(doomed) >= 0, SlowMs);
        const QUrl url = m_server->url();
        m_server->kill();
        QTRY_COMPARE_WITH_TIMEOUT(live.connection(), Connection::Disconnected, SlowMs);
        QVERIFY(live.downSince().isValid());
        QVERIFY(m_model->rowOf(doomed) >= 0); // a failed poll keeps what is known

        // ---- meanwhile the space goes away without an event; the server comes back
        QVERIFY(deleteFromDatabase(doomed));
        QString error;
        QVERIFY2(m_server->start(&error, {u"--listen"_s, u"127.0.0.1:%1"_s.arg(url.port())}),
                 qPrintable(error));
        QCOMPARE(m_server->url(), url);
        QTRY_COMPARE_WITH_TIMEOUT(live.connection(), Connection::Live, SlowMs);
        QVERIFY(!live.downSince().isValid());
        QTRY_COMPARE_WITH_TIMEOUT(m_model->rowOf(doomed), -1, SlowMs);
        QVERIFY(!refreshed.isEmpty());
        // Went through every state on the way.
        QList<Connection> seen;
        for (const QList<QVariant> &arguments : std::as_const(changes))
            seen.append(arguments.at(0).value<Connection>());
        QVERIFY(seen.contains(Connection::Disconnected));
        QCOMPARE(seen.last(), Connection::Live);
        live.stop();
    }
};

QTEST_GUILESS_MAIN(ModelsIntegrationTest)
#include "tst_models_integration.moc"
