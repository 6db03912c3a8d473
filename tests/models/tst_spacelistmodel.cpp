// SpaceListModel without a server: the diff by id as narrow signals, the roles, the status
// a row shows.
#include "FakeKnotServer.h"
#include "KnotPayloads.h"
#include "SpaceListModel.h"
#include "SpaceStatus.h"

#include <QAbstractItemModelTester>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>
#include <memory>

using namespace spaces;
using namespace spaces::test;
using namespace Qt::StringLiterals;

namespace {

QJsonObject listOf(const QList<QJsonObject> &spaces)
{
    QJsonArray array;
    for (const QJsonObject &space : spaces)
        array.append(space);
    return {{u"count"_s, int(array.size())}, {u"spaces"_s, array}};
}

QByteArray spacePath(const QString &id)
{
    return "/api/spaces/" + id.toUtf8();
}

// "a" is the space a; "a*" the same space with another description.
Space spaceFor(const QString &key)
{
    Space space;
    const bool changed = key.endsWith(u'*');
    const QString name = changed ? key.chopped(1) : key;
    space.id = u"id-"_s + name;
    space.name = name;
    space.templateName = u"blank"_s;
    space.description = changed ? u"changed"_s : u"original"_s;
    return space;
}

SpaceList spacesFor(const QStringList &keys)
{
    SpaceList spaces;
    for (const QString &key : keys)
        spaces.append(spaceFor(key));
    return spaces;
}

// Counts of the rows each signal covered.
struct RowSignals
{
    explicit RowSignals(QAbstractItemModel *model)
        : inserted(model, &QAbstractItemModel::rowsInserted)
        , removed(model, &QAbstractItemModel::rowsRemoved)
        , changed(model, &QAbstractItemModel::dataChanged)
        , reset(model, &QAbstractItemModel::modelReset)
        , layout(model, &QAbstractItemModel::layoutChanged)
    {}
    static int rows(const QSignalSpy &spy)
    {
        int count = 0;
        for (const QList<QVariant> &arguments : spy)
            count += arguments.at(2).toInt() - arguments.at(1).toInt() + 1;
        return count;
    }
    QSignalSpy inserted;
    QSignalSpy removed;
    QSignalSpy changed;
    QSignalSpy reset;
    QSignalSpy layout;
};

} // namespace

class SpaceListModelTest final : public QObject
{
    Q_OBJECT

private:
    // Never contacted: these tests feed the model directly.
    std::unique_ptr<SpacesClient> m_client;
    std::unique_ptr<SpaceListModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;

    QStringList names() const
    {
        QStringList names;
        for (int row = 0; row < m_model->rowCount(); ++row)
            names.append(
                m_model->index(row, SpaceListModel::NameColumn).data().toString() +
                (m_model->index(row, SpaceListModel::DescriptionColumn).data() == u"changed"_s
                     ? u"*"_s
                     : QString()));
        return names;
    }

private Q_SLOTS:
    void init()
    {
        m_client = std::make_unique<SpacesClient>(
            ConnectionSettings{QUrl(u"http://127.0.0.1:9"_s), u"token"_s});
        m_model = std::make_unique<SpaceListModel>(*m_client);
        m_tester = std::make_unique<QAbstractItemModelTester>(
            m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    }

    void cleanup()
    {
        m_tester.reset();
        m_model.reset();
        m_client.reset();
    }

    void applySpaces_data()
    {
        QTest::addColumn<QStringList>("before");
        QTest::addColumn<QStringList>("after");
        QTest::addColumn<QStringList>("expected");
        QTest::addColumn<int>("insertedRows");
        QTest::addColumn<int>("removedRows");
        QTest::addColumn<int>("changedRows");

        const QStringList abc{u"a"_s, u"b"_s, u"c"_s};
        QTest::newRow("empty to three") << QStringList() << abc << abc << 3 << 0 << 0;
        QTest::newRow("same again") << abc << abc << abc << 0 << 0 << 0;
        QTest::newRow("other order: rows stay")
            << abc << QStringList{u"c"_s, u"a"_s, u"b"_s} << abc << 0 << 0 << 0;
        QTest::newRow("one changed") << abc << QStringList{u"a"_s, u"b*"_s, u"c"_s}
                                     << QStringList{u"a"_s, u"b*"_s, u"c"_s} << 0 << 0 << 1;
        QTest::newRow("one new, appended")
            << abc << QStringList{u"d"_s, u"a"_s, u"b"_s, u"c"_s}
            << QStringList{u"a"_s, u"b"_s, u"c"_s, u"d"_s} << 1 << 0 << 0;
        QTest::newRow("middle gone")
            << abc << QStringList{u"a"_s, u"c"_s} << QStringList{u"a"_s, u"c"_s} << 0 << 1 << 0;
        QTest::newRow("all gone") << abc << QStringList() << QStringList() << 0 << 3 << 0;
        QTest::newRow("gone, changed and new at once")
            << QStringList{u"a"_s, u"b"_s, u"c"_s, u"d"_s, u"e"_s}
            << QStringList{u"f"_s, u"e*"_s, u"c"_s, u"a"_s}
            << QStringList{u"a"_s, u"c"_s, u"e*"_s, u"f"_s} << 1 << 2 << 1;
        QTest::newRow("duplicates count once")
            << QStringList() << QStringList{u"a"_s, u"a*"_s} << QStringList{u"a"_s} << 1 << 0 << 0;
    }

    void applySpaces()
    {
        QFETCH(QStringList, before);
        QFETCH(QStringList, after);
        QFETCH(QStringList, expected);
        QFETCH(int, insertedRows);
        QFETCH(int, removedRows);
        QFETCH(int, changedRows);

        m_model->applySpaces(spacesFor(before));
        QCOMPARE(m_model->rowCount(), before.size());
        RowSignals spies(m_model.get());
        m_model->applySpaces(spacesFor(after));
        QCOMPARE(names(), expected);
        QCOMPARE(RowSignals::rows(spies.inserted), insertedRows);
        QCOMPARE(RowSignals::rows(spies.removed), removedRows);
        QCOMPARE(spies.changed.size(), changedRows);
        for (const QList<QVariant> &arguments : std::as_const(spies.changed)) {
            const auto topLeft = arguments.at(0).value<QModelIndex>();
            const auto bottomRight = arguments.at(1).value<QModelIndex>();
            QCOMPARE(topLeft.row(), bottomRight.row());
            QCOMPARE(topLeft.column(), 0);
            QCOMPARE(bottomRight.column(), int(SpaceListModel::ColumnCount) - 1);
        }
        QCOMPARE(spies.reset.size(), 0);
        QCOMPARE(spies.layout.size(), 0);
        for (int row = 0; row < m_model->rowCount(); ++row) {
            const QString id = m_model->index(row, 0).data(SpaceListModel::IdRole).toString();
            QCOMPARE(m_model->rowOf(id), row);
        }
    }

    void tenThousandWithOneChangedIsOneDataChanged()
    {
        SpaceList spaces;
        spaces.reserve(10000);
        for (int i = 0; i < 10000; ++i)
            spaces.append(spaceFor(u"space%1"_s.arg(i, 5, 10, QLatin1Char('0'))));
        m_model->applySpaces(spaces);
        QCOMPARE(m_model->rowCount(), 10000);

        RowSignals spies(m_model.get());
        QSignalSpy aboutToReset(m_model.get(), &QAbstractItemModel::modelAboutToBeReset);
        QSignalSpy aboutToLayout(m_model.get(), &QAbstractItemModel::layoutAboutToBeChanged);
        spaces[4321].description = u"changed"_s;
        m_model->applySpaces(spaces);
        QCOMPARE(spies.changed.size(), 1);
        QCOMPARE(spies.changed.first().at(0).value<QModelIndex>().row(), 4321);
        QCOMPARE(spies.inserted.size(), 0);
        QCOMPARE(spies.removed.size(), 0);
        QCOMPARE(spies.reset.size(), 0);
        QCOMPARE(spies.layout.size(), 0);
        QCOMPARE(aboutToReset.size(), 0);
        QCOMPARE(aboutToLayout.size(), 0);
        QCOMPARE(m_model->index(4321, SpaceListModel::DescriptionColumn).data().toString(),
                 u"changed"_s);
    }

    void applySpaceAndRemoveSpace()
    {
        m_model->applySpaces(spacesFor({u"a"_s, u"b"_s, u"c"_s}));
        RowSignals spies(m_model.get());
        m_model->applySpace(spaceFor(u"b*"_s));
        QCOMPARE(spies.changed.size(), 1);
        m_model->applySpace(spaceFor(u"b*"_s)); // unchanged: silent
        QCOMPARE(spies.changed.size(), 1);
        m_model->applySpace(spaceFor(u"d"_s));
        QCOMPARE(RowSignals::rows(spies.inserted), 1);
        QCOMPARE(m_model->rowOf(u"id-d"_s), 3);
        m_model->removeSpace(u"id-a"_s);
        QCOMPARE(RowSignals::rows(spies.removed), 1);
        QCOMPARE(names(), (QStringList{u"b*"_s, u"c"_s, u"d"_s}));
        QCOMPARE(m_model->rowOf(u"id-d"_s), 2);
        QCOMPARE(m_model->rowOf(u"id-a"_s), -1);
        QVERIFY(!m_model->space(u"id-a"_s));
        m_model->removeSpace(u"id-a"_s); // absent: silent
        QCOMPARE(RowSignals::rows(spies.removed), 1);
        QCOMPARE(spies.reset.size(), 0);
    }

    void roles()
    {
        Space space = spaceFor(u"web"_s);
        space.isDeployed = true;
        space.shell = u"bash"_s;
        space.templateName = u"service"_s;
        m_model->applySpaces({space});
        const QModelIndex name = m_model->index(0, SpaceListModel::NameColumn);
        QCOMPARE(name.data().toString(), u"web"_s);
        QCOMPARE(m_model->index(0, SpaceListModel::StatusColumn).data().toString(),
                 SpaceStatusText::label(SpaceStatus::Running));
        QCOMPARE(m_model->index(0, SpaceListModel::StatusColumn).data().toString(), u"Running"_s);
        QCOMPARE(m_model->index(0, SpaceListModel::TemplateColumn).data().toString(), u"service"_s);
        QCOMPARE(m_model->index(0, SpaceListModel::DescriptionColumn).data().toString(),
                 u"original"_s);
        QCOMPARE(name.data(SpaceListModel::IdRole).toString(), u"id-web"_s);
        QCOMPARE(name.data(SpaceListModel::StatusRole).value<SpaceStatus>(), SpaceStatus::Running);
        QCOMPARE(name.data(SpaceListModel::OperationRole).value<SpaceOperation>(),
                 SpaceOperation::None);
        QCOMPARE(name.data(SpaceListModel::ShellRole).toString(), u"bash"_s);
        QCOMPARE(name.data(SpaceListModel::SpaceRole).value<Space>(), space);
        QVERIFY(!name.data(Qt::ToolTipRole).toString().isEmpty());
        QVERIFY(!m_model->index(0, SpaceListModel::StatusColumn)
                     .data(Qt::ToolTipRole)
                     .toString()
                     .isEmpty());
        QCOMPARE(m_model->headerData(SpaceListModel::StatusColumn, Qt::Horizontal, Qt::DisplayRole)
                     .toString(),
                 u"Status"_s);
        QVERIFY(m_model->roleNames().contains(SpaceListModel::StatusRole));
    }

    void statusFromSpace_data()
    {
        QTest::addColumn<bool>("deployed");
        QTest::addColumn<bool>("pending");
        QTest::addColumn<bool>("deleting");
        QTest::addColumn<SpaceOperation>("operation");
        QTest::addColumn<SpaceStatus>("expected");
        QTest::newRow("stopped") << false << false << false << SpaceOperation::None
                                 << SpaceStatus::Stopped;
        QTest::newRow("running") << true << false << false << SpaceOperation::None
                                 << SpaceStatus::Running;
        QTest::newRow("server starting")
            << false << true << false << SpaceOperation::None << SpaceStatus::Starting;
        QTest::newRow("server stopping")
            << true << true << false << SpaceOperation::None << SpaceStatus::Stopping;
        QTest::newRow("server deleting")
            << false << false << true << SpaceOperation::None << SpaceStatus::Deleting;
        QTest::newRow("start in flight")
            << false << false << false << SpaceOperation::Starting << SpaceStatus::Starting;
        QTest::newRow("stop in flight")
            << true << false << false << SpaceOperation::Stopping << SpaceStatus::Stopping;
        QTest::newRow("restart in flight")
            << true << false << false << SpaceOperation::Restarting << SpaceStatus::Starting;
        QTest::newRow("delete in flight")
            << false << false << false << SpaceOperation::Deleting << SpaceStatus::Deleting;
        QTest::newRow("saving keeps the state")
            << true << false << false << SpaceOperation::Saving << SpaceStatus::Running;
    }

    void statusFromSpace()
    {
        QFETCH(bool, deployed);
        QFETCH(bool, pending);
        QFETCH(bool, deleting);
        QFETCH(SpaceOperation, operation);
        QFETCH(SpaceStatus, expected);
        Space space;
        space.isDeployed = deployed;
        space.isPending = pending;
        space.isDeleting = deleting;
        QCOMPARE(SpaceStatusText::fromSpace(space, operation), expected);
        QVERIFY(!SpaceStatusText::label(expected).isEmpty());
    }

    void failedSpacesShowWhyUntilStartedAgain_data()
    {
        QTest::addColumn<QJsonObject>("lastExit");
        QTest::addColumn<QString>("badge");
        QTest::newRow("exited") << QJsonObject{{u"code"_s, 1},
                                               {u"reason"_s, u"exited with status 1"_s}}
                                << u"Exited (1)"_s;
        QTest::newRow("killed") << QJsonObject{{u"signal"_s, u"SIGKILL"_s},
                                               {u"reason"_s, u"killed by SIGKILL"_s}}
                                << u"Killed (SIGKILL)"_s;
        QTest::newRow("failed to start")
            << QJsonObject{{u"code"_s, 2},
                           {u"failed_to_start"_s, true},
                           {u"reason"_s, u"failed to start: exited with status 2"_s}}
            << u"Failed to start"_s;
    }

    void failedSpacesShowWhyUntilStartedAgain()
    {
        QFETCH(QJsonObject, lastExit);
        QFETCH(QString, badge);
        Space running = spaceFor(u"web"_s);
        running.isDeployed = true;
        m_model->applySpaces({running});
        QSignalSpy failed(m_model.get(), &SpaceListModel::spaceFailed);

        // As the server sends it: JSON, with the log and the time.
        QJsonObject json = running.toJson();
        json.insert(u"is_deployed"_s, false);
        lastExit.insert(u"at"_s, u"2026-12-02T04:00:00Z"_s);
        lastExit.insert(u"log"_s, QJsonArray{u"line one"_s, u"line two"_s});
        json.insert(u"last_exit"_s, lastExit);
        const Space died = Space::fromJson(json);
        QVERIFY(died.lastExit.has_value());
        m_model->applySpace(died);
        const QModelIndex status = m_model->index(0, SpaceListModel::StatusColumn);
        QCOMPARE(status.data(SpaceListModel::StatusRole).value<SpaceStatus>(), SpaceStatus::Failed);
        QCOMPARE(status.data().toString(), badge);
        QCOMPARE(status.data(SpaceListModel::FailureRole).toString(),
                 lastExit.value(u"reason"_s).toString());
        QVERIFY(status.data(Qt::ToolTipRole)
                    .toString()
                    .contains(lastExit.value(u"reason"_s).toString()));
        QCOMPARE(died.lastExit->log, QStringList({u"line one"_s, u"line two"_s}));
        QCOMPARE(failed.size(), 1);
        QCOMPARE(failed.at(0).at(0).toString(), u"id-web"_s);
        QCOMPARE(failed.at(0).at(1).toString(), u"web"_s);
        QCOMPARE(failed.at(0).at(2).toString(), lastExit.value(u"reason"_s).toString());
        // The same failure again (a refresh) is no new failure.
        m_model->applySpaces({died});
        QCOMPARE(failed.size(), 1);

        // Started again: the server clears last_exit, and the row is an ordinary one.
        m_model->applySpace(running);
        QCOMPARE(status.data(SpaceListModel::StatusRole).value<SpaceStatus>(),
                 SpaceStatus::Running);
        QVERIFY(status.data(SpaceListModel::FailureRole).toString().isEmpty());
        QCOMPARE(failed.size(), 1);
    }

    void startingUntilHasState()
    {
        Space space = spaceFor(u"slow"_s);
        space.isDeployed = true;
        space.hasState = false;
        m_model->applySpaces({space});
        const QModelIndex status = m_model->index(0, SpaceListModel::StatusColumn);
        QCOMPARE(status.data(SpaceListModel::StatusRole).value<SpaceStatus>(),
                 SpaceStatus::Starting);
        space.hasState = true;
        m_model->applySpace(space);
        QCOMPARE(status.data(SpaceListModel::StatusRole).value<SpaceStatus>(),
                 SpaceStatus::Running);
    }

    void operationsOnUnknownSpacesDoNothing()
    {
        RowSignals spies(m_model.get());
        QSignalSpy failed(m_model.get(), &SpaceListModel::operationFailed);
        m_model->start(u"nope"_s);
        m_model->stop(u"nope"_s);
        m_model->remove(u"nope"_s);
        m_model->setDescription(u"nope"_s, u"x"_s);
        QCOMPARE(spies.changed.size(), 0);
        QCOMPARE(failed.size(), 0);
    }

    // ---- against a fake server, for the races a real one rarely shows

    void refreshesAreCoalesced()
    {
        FakeKnotServer server;
        QVERIFY(server.listen());
        useServer(server);
        server.on("GET", "/api/spaces",
                  FakeResponse::json(listOf({knot::spaceInfo()})).delayed(100));
        QSignalSpy refreshed(m_model.get(), &SpaceListModel::refreshed);
        m_model->refresh();
        m_model->refresh();
        m_model->refresh();
        QTRY_COMPARE(refreshed.size(), 2); // the one under way and one more for the others
        QCOMPARE(server.count("GET", "/api/spaces"), 2);
        QVERIFY(!m_model->isLoading());
        QCOMPARE(m_model->rowCount(), 1);
    }

    void aListUnderWayDoesNotUndoNewerChanges()
    {
        FakeKnotServer server;
        QVERIFY(server.listen());
        useServer(server);
        server.once(
            "GET", "/api/spaces",
            FakeResponse::json(listOf({knot::spaceInfo(knot::SpaceId, u"web-1"_s, false),
                                       knot::spaceInfo(knot::OtherSpaceId, u"db"_s, false)})));
        QSignalSpy refreshed(m_model.get(), &SpaceListModel::refreshed);
        m_model->refresh();
        QVERIFY(refreshed.wait());
        QCOMPARE(m_model->rowCount(), 2);

        // The server's list was taken before web-1 started and db was deleted; the events
        // about both arrive before the list does.
        server.once(
            "GET", "/api/spaces",
            FakeResponse::json(listOf({knot::spaceInfo(knot::SpaceId, u"web-1"_s, false),
                                       knot::spaceInfo(knot::OtherSpaceId, u"db"_s, false)}))
                .delayed(200));
        m_model->refresh();
        Space started = *m_model->space(knot::SpaceId);
        started.isDeployed = true;
        m_model->applySpace(started);
        m_model->removeSpace(knot::OtherSpaceId);
        QVERIFY(refreshed.wait());
        QCOMPARE(m_model->rowCount(), 1);
        QCOMPARE(m_model->rowOf(knot::OtherSpaceId), -1);
        QVERIFY(m_model->space(knot::SpaceId)->isDeployed);
    }

    void refreshSpaceFollowsTheServer()
    {
        FakeKnotServer server;
        QVERIFY(server.listen());
        useServer(server);
        server.on("GET", spacePath(knot::SpaceId),
                  FakeResponse::json(knot::spaceInfo(knot::SpaceId, u"web-1"_s, true, false)));
        m_model->refreshSpace(knot::SpaceId); // new: inserted
        QTRY_COMPARE(m_model->rowCount(), 1);
        QCOMPARE(m_model->index(0, SpaceListModel::StatusColumn).data().toString(), u"Running"_s);

        // A fetch under way when the space is removed cannot bring it back.
        server.on("GET", spacePath(knot::SpaceId),
                  FakeResponse::json(knot::spaceInfo()).delayed(100));
        QSignalSpy answered(m_client->network(), &QNetworkAccessManager::finished);
        QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
        m_model->refreshSpace(knot::SpaceId);
        m_model->removeSpace(knot::SpaceId);
        QVERIFY(answered.wait()); // the late answer arrives and is dropped
        QCOMPARE(inserted.size(), 0);
        QCOMPARE(m_model->rowCount(), 0);

        // 404: the space is gone.
        m_model->applySpaces({Space::fromJson(knot::spaceInfo())});
        server.on("GET", spacePath(knot::SpaceId), FakeResponse::error(404, u"space not found"_s));
        m_model->refreshSpace(knot::SpaceId);
        QTRY_COMPARE(m_model->rowCount(), 0);
    }

    void aFailedOperationReportsTheServersSentence()
    {
        FakeKnotServer server;
        QVERIFY(server.listen());
        useServer(server);
        server.on("POST", spacePath(knot::SpaceId) + "/stop",
                  FakeResponse::error(423, u"space cannot be stopped"_s).delayed(50));
        server.on("GET", spacePath(knot::SpaceId),
                  FakeResponse::json(knot::spaceInfo(knot::SpaceId, u"web-1"_s, true)));
        m_model->applySpaces({Space::fromJson(knot::spaceInfo())});
        QSignalSpy failed(m_model.get(), &SpaceListModel::operationFailed);
        m_model->stop(knot::SpaceId);
        QCOMPARE(m_model->operation(knot::SpaceId), SpaceOperation::Stopping);
        QCOMPARE(m_model->index(0, SpaceListModel::StatusColumn).data().toString(), u"Stopping"_s);
        m_model->stop(knot::SpaceId); // busy: ignored
        QVERIFY(failed.wait());
        QCOMPARE(failed.size(), 1);
        QCOMPARE(failed.first().at(0).toString(), u"Stop"_s);
        QCOMPARE(failed.first().at(1).toString(), u"web-1"_s);
        QCOMPARE(failed.first().at(2).value<ApiError>().message, u"space cannot be stopped"_s);
        QCOMPARE(m_model->operation(knot::SpaceId), SpaceOperation::None);
        QCOMPARE(server.count("POST", spacePath(knot::SpaceId) + "/stop"), 1);
    }

private:
    // Points a fresh client and model at the fake server (the tester follows the new model).
    void useServer(FakeKnotServer &server)
    {
        m_tester.reset();
        m_model.reset();
        m_client = std::make_unique<SpacesClient>(ConnectionSettings{server.url(), u"token"_s});
        m_model = std::make_unique<SpaceListModel>(*m_client);
        m_tester = std::make_unique<QAbstractItemModelTester>(
            m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        server.on("GET", "/api/users/whoami", FakeResponse::json(knot::user()));
    }
};

QTEST_GUILESS_MAIN(SpaceListModelTest)
#include "tst_spacelistmodel.moc"
