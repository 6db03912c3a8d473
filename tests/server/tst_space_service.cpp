// SpaceService called in-process, as an MCP server will call it: no HTTP on the way. A real
// Store on a temporary SQLite file, a real LocalRuntime; permissions are refused with the
// API's sentences, events go out only after the write has committed, a failed commit
// (full disk) publishes nothing, and lists are read on a reader thread.
#include "CatalogService.h"
#include "CommandService.h"
#include "FullDisk.h"
#include "ServiceFixture.h"

#include <QMutex>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <sched.h>
#include <sys/mount.h>

using namespace spaces;
using namespace Qt::StringLiterals;

namespace {

using test::ServiceFixture;

SpaceService::SpaceChanges withDescription(const QString &description,
                                           const CustomFieldValues &fields = {})
{
    SpaceService::SpaceChanges changes;
    changes.description = description;
    changes.fields = fields;
    return changes;
}

SpaceService::SpaceChanges withName(const QString &name)
{
    SpaceService::SpaceChanges changes;
    changes.name = name;
    return changes;
}

SpaceService::SpaceChanges withFields(const CustomFieldValues &fields)
{
    SpaceService::SpaceChanges changes;
    changes.fields = fields;
    return changes;
}

} // namespace

class SpaceServiceTest final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void userWithoutSpacePermissionIsRefused()
    {
        QTemporaryDir dir;
        ServiceFixture fixture(dir.path() + u"/data"_s);
        QVERIFY2(fixture.opened, qPrintable(fixture.opened.error().message));
        const User nobody = fixture.addUser(u"nobody"_s, Permissions{});
        QSignalSpy events(&fixture.events, &EventHub::published);

        const Expected<QString> created =
            fixture.service->create(nobody, fixture.newSpace(u"refused"_s));
        QVERIFY(!created);
        QCOMPARE(created.error().status, 403);
        QCOMPARE(created.error().message, u"No permission to manage or use spaces"_s);
        QCOMPARE(fixture.store.spacesOf(nobody.id).size(), 0);
        QCOMPARE(events.size(), 0);
    }

    void otherUsersSpacesNeedManageSpaces()
    {
        QTemporaryDir dir;
        ServiceFixture fixture(dir.path() + u"/data"_s);
        QVERIFY2(fixture.opened, qPrintable(fixture.opened.error().message));
        const User owner = fixture.addUser(u"owner"_s, Permission::UseSpaces);
        const User other = fixture.addUser(u"other"_s, Permission::UseSpaces);
        const User admin = fixture.addUser(
            u"admin"_s, Permissions{Permission::UseSpaces, Permission::ManageSpaces});
        const Expected<QString> id = fixture.service->create(owner, fixture.newSpace(u"mine"_s));
        QVERIFY2(id, qPrintable(id.error().message));
        QSignalSpy events(&fixture.events, &EventHub::published);

        const QString refusal = u"No permission to manage spaces of other users"_s;
        QCOMPARE(fixture.service->read(other, *id).error().message, refusal);
        QCOMPARE(fixture.service->update(other, *id, withDescription(u"x"_s)).error().message,
                 refusal);
        QCOMPARE(fixture.service->setField(other, *id, u"color"_s, u"red"_s).error().status, 403);
        QCOMPARE(fixture.service->remove(other, *id).error().message, refusal);
        // By name, another user's space is not even found: names are per user.
        QCOMPARE(fixture.service->read(other, u"mine"_s).error().status, 404);
        SpaceService::NewSpace forOwner = fixture.newSpace(u"theirs"_s);
        forOwner.ownerId = owner.id;
        QCOMPARE(fixture.service->create(other, forOwner).error().message,
                 u"No permission to create spaces for other users"_s);
        std::optional<ApiError> transition;
        fixture.service->transition(other, *id, SpaceService::Transition::Start,
                                    [&](const ApiError &error) { transition = error; });
        QVERIFY(transition);
        QCOMPARE(transition->message, refusal);
        QCOMPARE(events.size(), 0);
        QCOMPARE(fixture.store.spaceById(*id)->description, QString());

        // ManageSpaces may.
        QVERIFY(fixture.service->update(admin, *id, withDescription(u"by admin"_s)));
        QCOMPARE(fixture.store.spaceById(*id)->description, u"by admin"_s);
        QVERIFY(fixture.service->create(admin, forOwner));
        QCOMPARE(fixture.store.spacesOf(owner.id).size(), 2);
    }

    void eventsFollowTheCommittedWrite()
    {
        QTemporaryDir dir;
        ServiceFixture fixture(dir.path() + u"/data"_s);
        QVERIFY2(fixture.opened, qPrintable(fixture.opened.error().message));
        const User user = fixture.addUser(u"user"_s, Permission::UseSpaces);
        // What the Store holds at the moment each event goes out.
        QStringList seen;
        connect(&fixture.events, &EventHub::published, this,
                [&](const QString &type, const QString &spaceId, const QString &ownerId) {
                    QCOMPARE(ownerId, user.id);
                    const std::optional<Space> space = fixture.store.spaceById(spaceId);
                    seen.append(type + u' ' +
                                (space ? space->description + u'/' + space->fieldValue(u"color"_s)
                                       : u"gone"_s));
                });

        SpaceService::NewSpace request = fixture.newSpace(u"one"_s);
        request.description = u"first"_s;
        const Expected<QString> id = fixture.service->create(user, request);
        QVERIFY2(id, qPrintable(id.error().message));
        QVERIFY(fixture.service->update(user, u"one"_s,
                                        withDescription(u"second"_s, {{u"color"_s, u"red"_s}})));
        QVERIFY(fixture.service->setField(user, *id, u"color"_s, u"blue"_s));
        QVERIFY(fixture.service->remove(user, *id));
        QCOMPARE(seen, (QStringList{u"space:changed first/"_s, u"space:changed second/red"_s,
                                    u"space:changed second/blue"_s, u"space:deleted gone"_s}));

        // Refused changes publish nothing.
        const Expected<QString> two = fixture.service->create(user, fixture.newSpace(u"two"_s));
        QVERIFY(two);
        seen.clear();
        QCOMPARE(
            fixture.service->update(user, *two, withFields({{u"size"_s, u"1"_s}})).error().message,
            u"custom field 'size' not defined in template"_s);
        QCOMPARE(fixture.service->update(user, *two, withName(u"bad name!"_s)).error().status, 400);
        QCOMPARE(seen, QStringList());
    }

    void failedCommitPublishesNothing()
    {
        test::FullDisk disk;
        QString why;
        if (!disk.prepare(&why))
            QSKIP(qPrintable(u"needs a disk to fill: "_s + why));
        ServiceFixture fixture(disk.dataDirectory());
        QVERIFY2(fixture.opened, qPrintable(fixture.opened.error().message));
        const User user = fixture.addUser(u"user"_s, Permission::UseSpaces);
        const Expected<QString> id = fixture.service->create(user, fixture.newSpace(u"kept"_s));
        QVERIFY(id);
        QSignalSpy events(&fixture.events, &EventHub::published);

        QString error;
        QVERIFY2(disk.fill(&error), qPrintable(error));
        const Expected<QString> created = fixture.service->create(user, fixture.newSpace(u"new"_s));
        QVERIFY(!created);
        QCOMPARE(created.error().status, 507);
        const Expected<void> updated =
            fixture.service->update(user, *id, withDescription(u"lost"_s));
        QVERIFY(!updated);
        QCOMPARE(updated.error().status, 507);
        QCOMPARE(fixture.service->setField(user, *id, u"color"_s, u"red"_s).error().status, 507);
        QCOMPARE(events.size(), 0);
        QVERIFY(disk.release());
        QCOMPARE(fixture.store.spacesOf(user.id).size(), 1);
        QCOMPARE(fixture.store.spaceById(*id)->description, QString());
    }

    void commandsForwardsAndCatalogCheckPermissions()
    {
        QTemporaryDir dir;
        ServiceFixture fixture(dir.path() + u"/data"_s);
        QVERIFY2(fixture.opened, qPrintable(fixture.opened.error().message));
        const User owner = fixture.addUser(u"owner"_s, Permission::UseSpaces);
        const User other = fixture.addUser(u"other"_s, Permission::UseSpaces);
        const Expected<QString> id = fixture.service->create(owner, fixture.newSpace(u"mine"_s));
        QVERIFY(id);
        const QString refusal = u"No permission to manage spaces of other users"_s;

        CommandService commands(fixture.store, *fixture.runtime, fixture.queue);
        std::optional<Expected<CommandResult>> command;
        LocalRuntime::CommandRequest request;
        request.command = u"true"_s;
        commands.runCommand(other, *id, request,
                            [&](const Expected<CommandResult> &result) { command = result; });
        QVERIFY(command);
        QCOMPARE(command->error().message, refusal);
        commands.runCommand(owner, *id, request,
                            [&](const Expected<CommandResult> &result) { command = result; });
        QCOMPARE(command->error().message, u"Space is not running"_s);
        std::optional<Expected<ScriptResult>> script;
        CommandService::ScriptRequest both;
        both.scriptName = u"x"_s;
        both.content = u"echo"_s;
        commands.runScript(owner, *id, both,
                           [&](const Expected<ScriptResult> &result) { script = result; });
        QVERIFY(script);
        QCOMPARE(script->error().message,
                 u"give exactly one of script_id, script_name or content"_s);

        ForwardService forwards(fixture.store, *fixture.forwards);
        ForwardService::ForwardRequest forward;
        forward.localPort = 40000;
        forward.targetSpace = *id;
        forward.remotePort = 8080;
        QCOMPARE(forwards.open(other, *id, forward).error().message, refusal);
        QCOMPARE(forwards.list(other, *id).error().message, refusal);
        QCOMPARE(forwards.stop(other, *id, 40000).error().message, refusal);
        QCOMPARE(forwards.open(owner, *id, forward).error().message,
                 u"space 'mine' is not running"_s);

        CatalogService catalog(fixture.store);
        SpaceTemplate extra;
        extra.name = u"extra"_s;
        QCOMPARE(catalog.createTemplate(owner, extra).error().message,
                 u"No permission to manage templates"_s);
        Script global;
        global.name = u"tidy"_s;
        global.content = u"echo"_s;
        QCOMPARE(catalog.createScript(owner, global).error().status, 403);
        Script own = global;
        own.userId = u"current"_s;
        QVERIFY(catalog.createScript(owner, own));
        QCOMPARE(own.userId, owner.id);
        QCOMPARE(catalog.scripts(other, owner.id).error().message,
                 u"No permission to list scripts of other users"_s);
        QCOMPARE(catalog.scripts(owner, u"current"_s)->size(), 1);
    }

    void listIsReadOnAReaderThread()
    {
        QTemporaryDir dir;
        ServiceFixture fixture(dir.path() + u"/data"_s);
        QVERIFY2(fixture.opened, qPrintable(fixture.opened.error().message));
        const User user = fixture.addUser(u"user"_s, Permission::UseSpaces);
        const User other = fixture.addUser(u"other"_s, Permission::UseSpaces);
        for (const QString &name : {u"beta"_s, u"alpha"_s, u"gamma"_s})
            QVERIFY(fixture.service->create(user, fixture.newSpace(name)));
        QVERIFY(fixture.service->setField(user, u"alpha"_s, u"color"_s, u"green"_s));

        QMutex mutex;
        std::optional<Expected<SpaceList>> result;
        QThread *thread = nullptr;
        fixture.service->list(user, u"current"_s, [&](const Expected<SpaceList> &found) {
            QMutexLocker lock(&mutex);
            result = found;
            thread = QThread::currentThread();
        });
        const auto answered = [&] {
            QMutexLocker lock(&mutex);
            return result.has_value();
        };
        QTRY_VERIFY(answered());
        QVERIFY(thread != QThread::currentThread());
        QVERIFY2(*result, qPrintable(result->error().message));
        QStringList names;
        for (const Space &space : result->value())
            names.append(space.name);
        QCOMPARE(names, (QStringList{u"alpha"_s, u"beta"_s, u"gamma"_s}));
        QCOMPARE(result->value().first().fieldValue(u"color"_s), u"green"_s);

        // Another user's list is refused before anything is read.
        std::optional<Expected<SpaceList>> refused;
        fixture.service->list(other, user.id,
                              [&](const Expected<SpaceList> &found) { refused = found; });
        QVERIFY(refused);
        QCOMPARE(refused->error().message, u"No permission to list spaces of other users"_s);
    }

    void unreadableDatabaseIsSaidSo()
    {
        QTemporaryDir dir;
        SpaceReader reader(dir.path() + u"/missing/spaces.db"_s);
        QMutex mutex;
        std::optional<Expected<SpaceList>> result;
        reader.spacesOf(u"someone"_s, [&](const Expected<SpaceList> &found) {
            QMutexLocker lock(&mutex);
            result = found;
        });
        const auto answered = [&] {
            QMutexLocker lock(&mutex);
            return result.has_value();
        };
        QTRY_VERIFY(answered());
        QVERIFY(!*result);
        QCOMPARE(result->error().status, 500);
        QVERIFY2(result->error().message.startsWith(u"cannot read the database"_s),
                 qPrintable(result->error().message));
    }

    void startAndStopPublishState()
    {
        QTemporaryDir dir;
        ServiceFixture fixture(dir.path() + u"/data"_s);
        QVERIFY2(fixture.opened, qPrintable(fixture.opened.error().message));
        const User user = fixture.addUser(u"user"_s, Permission::UseSpaces);
        const Expected<QString> id = fixture.service->create(user, fixture.newSpace(u"runner"_s));
        QVERIFY(id);
        std::optional<ApiError> started;
        fixture.service->transition(user, *id, SpaceService::Transition::Start,
                                    [&](const ApiError &error) { started = error; });
        QTRY_VERIFY(started);
        QVERIFY2(!started->isError(), qPrintable(started->message));
        QVERIFY(fixture.store.spaceById(*id)->isDeployed);
        std::optional<ApiError> again;
        fixture.service->transition(user, *id, SpaceService::Transition::Start,
                                    [&](const ApiError &error) { again = error; });
        QVERIFY(again);
        QCOMPARE(again->message, u"space cannot be started"_s);
        QCOMPARE(fixture.service->remove(user, *id).error().message, u"space cannot be deleted"_s);
        std::optional<ApiError> stopped;
        fixture.service->transition(user, *id, SpaceService::Transition::Stop,
                                    [&](const ApiError &error) { stopped = error; });
        QTRY_VERIFY(stopped);
        QVERIFY2(!stopped->isError(), qPrintable(stopped->message));
        QVERIFY(!fixture.store.spaceById(*id)->isDeployed);
    }
};

int main(int argc, char **argv)
{
    // The tmpfs that failedCommitPublishesNothing fills is mounted in a mount namespace of this
    // test's own: mounts and unmounts in the host's namespace disturb the sandboxes that other
    // tests set up at the same moment (a web space's start failed while tmpfs mounts came and
    // went). unshare() must come before any thread exists. Without it the tmpfs is mounted in
    // the host's namespace as before.
    if (::unshare(CLONE_NEWNS) == 0)
        ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr);
    QCoreApplication app(argc, argv);
    SpaceServiceTest test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_space_service.moc"
