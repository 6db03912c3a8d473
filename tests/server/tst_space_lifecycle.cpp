// The order in which a start, a stop and the monitor's findings reach the disk and the
// clients, in process (SpaceService over a real LocalRuntime, real processes of the manual
// backend, a real Store on a temporary SQLite file): every event goes out only after the
// state it announces has committed; the startup command runs only once its handle is on
// disk; a state the disk refuses is never announced, and a refused handle leaves no process.
#include "FullDisk.h"
#include "SeenProcessGroup.h"
#include "ServiceFixture.h"
#include "SpaceTestKit.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>
#include <sched.h>
#include <sys/mount.h>

using namespace spaces;
using namespace Qt::StringLiterals;

namespace {

using test::ServiceFixture;

// Written by the startup command into the space's home: the handle the Store held when the
// command began, read from the database by another process (so only committed data counts).
const QString SeenHandleFile = u"seen-handle"_s;
const QString RecordingCommand =
    u"python3 -c 'import os, sqlite3; "
    u"row = sqlite3.connect(os.environ[\"SEEN_DB\"]).execute("
    u"\"SELECT runtime_handle FROM spaces WHERE id = ?\", (os.environ[\"SPACE_ID\"],)).fetchone(); "
    u"open(\"seen.tmp\", \"w\").write(row[0])' && mv seen.tmp "_s +
    SeenHandleFile + u" && exec sleep 60"_s;

// Whether a process launched for the space is left: each one holds the space's log open,
// and with it a shared lock (see ProcessGroup), whatever it did to its environment, session
// or pid namespace.
bool anyProcessOf(const ServiceFixture &fixture, const QString &spaceId)
{
    return test::isLockHeld(fixture.paths.logFile(spaceId));
}

// Ends whatever a space of the test still runs, also when the test failed half-way: the
// runtime leaves services running on purpose (to be adopted by the next server). The
// space's process group holds the launcher and the namespace's init, whose end takes every
// other process of the space with it.
class SpaceProcessesReaper final
{
public:
    explicit SpaceProcessesReaper(const Store &store)
        : m_store(store)
    {}
    void watch(const QString &spaceId) { m_spaceIds.append(spaceId); }
    void remember(const QString &spaceId)
    {
        const Store::RuntimeState state = m_store.runtimeState(spaceId);
        if (state.processGroup > 1)
            m_groups.append(test::SeenProcessGroup::recorded(state.processGroup, state.handle));
    }
    ~SpaceProcessesReaper()
    {
        for (const QString &spaceId : std::as_const(m_spaceIds))
            remember(spaceId);
        for (const test::SeenProcessGroup &group : std::as_const(m_groups))
            group.kill();
    }

private:
    const Store &m_store;
    QStringList m_spaceIds;
    QList<test::SeenProcessGroup> m_groups;
};

// The runtime state as the Store holds it, in a few words.
QString describeState(const Store &store, const QString &spaceId)
{
    const Store::RuntimeState state = store.runtimeState(spaceId);
    if (!state.deployed && !state.pending)
        return u"stopped"_s;
    return (state.deployed ? u"deployed"_s : u"starting"_s) +
           (state.pending ? u" pending"_s : u""_s) +
           (state.handle.isEmpty() ? u""_s : u" with handle"_s);
}

std::optional<ApiError> transitionAndWait(ServiceFixture &fixture, const User &user,
                                          const QString &spaceId, SpaceService::Transition kind)
{
    std::optional<ApiError> result;
    fixture.service->transition(user, spaceId, kind,
                                [&](const ApiError &error) { result = error; });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 10000))
        return std::nullopt;
    return result;
}

} // namespace

class SpaceLifecycleTest final : public QObject
{
    Q_OBJECT

private:
    // A fixture whose "recorder" template runs RecordingCommand, and one space of it.
    struct Recorder
    {
        User user;
        QString spaceId;
    };
    static Expected<Recorder> addRecorder(ServiceFixture &fixture)
    {
        const Expected<QString> templateId = fixture.addTemplate(u"recorder"_s, RecordingCommand);
        if (!templateId)
            return templateId.error();
        std::optional<SpaceTemplate> spaceTemplate = fixture.store.templateByIdOrName(*templateId);
        spaceTemplate->environment.insert(u"SEEN_DB"_s, fixture.store.path());
        if (const Expected<void> saved = fixture.store.saveTemplate(*spaceTemplate, true); !saved)
            return saved.error();
        Recorder recorder;
        recorder.user = fixture.addUser(u"user"_s, Permission::UseSpaces);
        const Expected<QString> id =
            fixture.service->create(recorder.user, fixture.newSpace(u"rec"_s, u"recorder"_s));
        if (!id)
            return id.error();
        recorder.spaceId = *id;
        return recorder;
    }

private Q_SLOTS:
    void startAndStopAnnounceOnlyCommittedStates()
    {
        QTemporaryDir dir;
        ServiceFixture fixture(dir.path() + u"/data"_s);
        QVERIFY2(fixture.opened, qPrintable(fixture.opened.error().message));
        const Expected<Recorder> recorder = addRecorder(fixture);
        QVERIFY2(recorder, qPrintable(recorder.error().message));
        SpaceProcessesReaper reaper(fixture.store);
        reaper.watch(recorder->spaceId);
        QStringList seen;
        connect(&fixture.events, &EventHub::published, this,
                [&](const QString &type, const QString &spaceId) {
                    QCOMPARE(spaceId, recorder->spaceId);
                    seen.append(type + u' ' + describeState(fixture.store, spaceId));
                });

        const std::optional<ApiError> started = transitionAndWait(
            fixture, recorder->user, recorder->spaceId, SpaceService::Transition::Start);
        QVERIFY(started);
        QVERIFY2(!started->isError(), qPrintable(started->message));
        QCOMPARE(seen, (QStringList{u"space:changed starting pending"_s,
                                    u"space:changed deployed with handle"_s}));
        // The startup command ran after the handle was committed: it read it from the disk.
        const QString handle = fixture.store.runtimeState(recorder->spaceId).handle;
        QVERIFY2(handle.startsWith(u"manual:"_s), qPrintable(handle));
        reaper.remember(recorder->spaceId);
        QFile seenHandle(QDir(fixture.paths.home(recorder->spaceId)).filePath(SeenHandleFile));
        QTRY_VERIFY(seenHandle.exists());
        QVERIFY(seenHandle.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(seenHandle.readAll()), handle);

        seen.clear();
        const std::optional<ApiError> stopped = transitionAndWait(
            fixture, recorder->user, recorder->spaceId, SpaceService::Transition::Stop);
        QVERIFY(stopped);
        QVERIFY2(!stopped->isError(), qPrintable(stopped->message));
        QCOMPARE(seen, (QStringList{u"space:changed deployed pending with handle"_s,
                                    u"space:changed stopped"_s}));
        QVERIFY(!anyProcessOf(fixture, recorder->spaceId));
    }

    void monitorAnnouncesEndedServicesAfterTheCommit()
    {
        QTemporaryDir dir;
        ServiceFixture fixture(dir.path() + u"/data"_s);
        QVERIFY2(fixture.opened, qPrintable(fixture.opened.error().message));
        const Expected<Recorder> recorder = addRecorder(fixture);
        QVERIFY2(recorder, qPrintable(recorder.error().message));
        SpaceProcessesReaper reaper(fixture.store);
        reaper.watch(recorder->spaceId);
        const std::optional<ApiError> started = transitionAndWait(
            fixture, recorder->user, recorder->spaceId, SpaceService::Transition::Start);
        QVERIFY(started && !started->isError());
        QTRY_VERIFY(
            QFile::exists(QDir(fixture.paths.home(recorder->spaceId)).filePath(SeenHandleFile)));
        QStringList seen;
        connect(&fixture.events, &EventHub::published, this,
                [&](const QString &type, const QString &spaceId) {
                    seen.append(type + u' ' + describeState(fixture.store, spaceId));
                });

        // The services end behind the server's back.
        const qint64 group = fixture.store.runtimeState(recorder->spaceId).processGroup;
        QVERIFY(group > 1);
        QCOMPARE(::kill(-pid_t(group), SIGKILL), 0);
        QTRY_COMPARE(seen, QStringList{u"space:changed stopped"_s});
        QVERIFY(!fixture.store.spaceById(recorder->spaceId)->isDeployed);
    }

    void refusedPendingStateRunsAndAnnouncesNothing()
    {
        test::FullDisk disk;
        QString why;
        if (!disk.prepare(&why))
            QSKIP(qPrintable(u"needs a disk to fill: "_s + why));
        ServiceFixture fixture(disk.dataDirectory());
        QVERIFY2(fixture.opened, qPrintable(fixture.opened.error().message));
        const Expected<Recorder> recorder = addRecorder(fixture);
        QVERIFY2(recorder, qPrintable(recorder.error().message));
        SpaceProcessesReaper reaper(fixture.store);
        reaper.watch(recorder->spaceId);
        QSignalSpy events(&fixture.events, &EventHub::published);

        QString error;
        QVERIFY2(disk.fill(&error), qPrintable(error));
        const std::optional<ApiError> started = transitionAndWait(
            fixture, recorder->user, recorder->spaceId, SpaceService::Transition::Start);
        QVERIFY(started);
        QCOMPARE(started->status, 507);
        QCOMPARE(events.size(), 0);
        QVERIFY(!anyProcessOf(fixture, recorder->spaceId));
        QVERIFY(disk.release());
        QCOMPARE(describeState(fixture.store, recorder->spaceId), u"stopped"_s);
        QVERIFY(!fixture.runtime->isBusy(recorder->spaceId));
    }

    void refusedHandleLeavesNoProcess()
    {
        test::FullDisk disk;
        QString why;
        if (!disk.prepare(&why))
            QSKIP(qPrintable(u"needs a disk to fill: "_s + why));
        ServiceFixture fixture(disk.dataDirectory());
        QVERIFY2(fixture.opened, qPrintable(fixture.opened.error().message));
        const Expected<Recorder> recorder = addRecorder(fixture);
        QVERIFY2(recorder, qPrintable(recorder.error().message));
        SpaceProcessesReaper reaper(fixture.store);
        reaper.watch(recorder->spaceId);
        // The pending state reaches the disk; the disk is full before the launch reports, so
        // the handle cannot be recorded.
        QStringList seen;
        bool filled = false;
        QString fillError;
        connect(&fixture.events, &EventHub::published, this,
                [&](const QString &type, const QString &spaceId) {
                    seen.append(type + u' ' + describeState(fixture.store, spaceId));
                    if (!filled)
                        filled = disk.fill(&fillError);
                });

        const std::optional<ApiError> started = transitionAndWait(
            fixture, recorder->user, recorder->spaceId, SpaceService::Transition::Start);
        QVERIFY2(filled, qPrintable(fillError));
        QVERIFY(started);
        QCOMPARE(started->status, 507);
        // Only the committed pending state was announced; neither the refused handle nor the
        // refused "stopped" was.
        QCOMPARE(seen, QStringList{u"space:changed starting pending"_s});
        // What was launched, held at its gate, is gone, and its startup command never ran.
        QTRY_VERIFY(!anyProcessOf(fixture, recorder->spaceId));
        QVERIFY(
            !QFile::exists(QDir(fixture.paths.home(recorder->spaceId)).filePath(SeenHandleFile)));
        QVERIFY(!fixture.runtime->isBusy(recorder->spaceId));
        QVERIFY(disk.release());
        QVERIFY(fixture.store.runtimeState(recorder->spaceId).handle.isEmpty());
    }
};

int main(int argc, char **argv)
{
    // The tmpfs the disk-full cases fill is mounted in a mount namespace of this test's own
    // (as in tst_space_service): mounts in the host's namespace disturb the sandboxes other
    // tests set up at the same moment. unshare() must come before any thread exists.
    if (::unshare(CLONE_NEWNS) == 0)
        ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr);
    QCoreApplication app(argc, argv);
    SpaceLifecycleTest test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_space_lifecycle.moc"
