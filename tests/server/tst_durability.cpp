// spacesd keeps what it acknowledged and says what is wrong with its disk: on a full disk
// writes answer 507 with a sentence and the previous state survives a restart; a full,
// read-only or corrupt data directory at start gets its own sentence; everything under the
// data directory is owner-only; the admin token never reaches spacesd.log.
#include "FullDisk.h"
#include "ServerTestHelpers.h"
#include "SpaceTestKit.h"
#include "TmpfsMount.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QTest>
#include <sys/stat.h>
#include <unistd.h>

using namespace spaces::test;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 TmpfsBytes = 4 * 1024 * 1024;

QString diskFull(const QString &action)
{
    return u"Insufficient storage: cannot %1: the disk holding the data directory is full"_s.arg(
        action);
}

mode_t modeOf(const QString &path)
{
    struct stat info = {};
    return ::lstat(QFile::encodeName(path).constData(), &info) == 0 ? info.st_mode & 07777
                                                                    : mode_t(-1);
}

// Every file and folder under `root` that others could read: "path (mode)" for each.
QStringList tooOpen(const QString &root)
{
    QStringList found;
    if (modeOf(root) != 0700)
        found.append(u"%1 (%2)"_s.arg(root).arg(modeOf(root), 0, 8));
    QDirIterator it(root, QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (it.fileInfo().isSymLink())
            continue;
        const mode_t mode = modeOf(path);
        const bool loose = it.fileInfo().isDir() ? mode != 0700 : (mode & 077) != 0;
        if (loose)
            found.append(u"%1 (%2)"_s.arg(path).arg(mode, 0, 8));
    }
    return found;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// A template with one custom field and no services: its spaces start at once.
const QJsonObject FieldedTemplate{
    {u"name"_s, u"fielded"_s},
    {u"custom_fields"_s, QJsonArray{QJsonObject{{u"name"_s, u"color"_s}}}}};

} // namespace

class DurabilityTest final : public QObject
{
    Q_OBJECT

    void notWritableDataDirectory()
    {
        SpacesdProcess server;
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        QCOMPARE(server.terminate(), 0);
        const QString data = server.dataDirectory();
        QVERIFY(QFile::setPermissions(data, QFileDevice::ReadOwner | QFileDevice::ExeOwner));
        const bool started = server.start(&error);
        QFile::setPermissions(data, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                        QFileDevice::ExeOwner);
        QVERIFY(!started);
        QVERIFY2(server.output().contains(u"spacesd: spacesd may not write to the data directory "
                                          "%1 (permission denied)"_s.arg(data)
                                              .toUtf8()),
                 server.output().constData());
    }

private Q_SLOTS:
    void fullDiskAnswers507AndKeepsTheState()
    {
        FullDisk disk;
        QString why;
        if (!disk.prepare(&why))
            QSKIP(qPrintable(u"needs a disk to fill: "_s + why));
        const QString data = disk.dataDirectory();
        QString error;
        QString id;
        {
            TestServer server(data);
            QVERIFY2(server.start(&error), qPrintable(error));
            QVERIFY2(!server.createTemplate(FieldedTemplate).isEmpty(), "template not created");
            id = server.createSpace(u"keep"_s, u"fielded"_s, {{u"color"_s, u"red"_s}});
            QVERIFY(!id.isEmpty());
            const ApiCall api = server.api();
            SPACES_COMPARE_STATUS(api.put(u"/api/spaces/keep"_s, {{u"description"_s, u"before"_s}}),
                                  200);
            QCOMPARE(server.startSpace(id), 200);

            QVERIFY2(disk.fill(&error), qPrintable(error));
            SPACES_COMPARE_ERROR(api.post(u"/api/spaces"_s, spaceRequest(u"fresh"_s)), 507,
                                 diskFull(u"save the space 'fresh'"_s));
            SPACES_COMPARE_ERROR(api.put(u"/api/spaces/keep"_s, {{u"description"_s, u"after"_s}}),
                                 507, diskFull(u"save the space 'keep'"_s));
            SPACES_COMPARE_ERROR(api.put(u"/api/spaces/keep/custom-field"_s,
                                         {{u"name"_s, u"color"_s}, {u"value"_s, u"blue"_s}}),
                                 507, diskFull(u"save the custom field 'color'"_s));
            SPACES_COMPARE_ERROR(
                api.post(u"/api/spaces/keep/execute-script"_s, {{u"content"_s, u"echo written"_s}}),
                507, diskFull(u"write the script to run"_s));
            SPACES_COMPARE_ERROR(api.post(u"/api/scripts"_s, {{u"name"_s, u"later"_s},
                                                              {u"content"_s, u"echo later"_s}}),
                                 507, diskFull(u"save script 'later'"_s));
            // Nothing half-done is visible while the disk is full...
            const QJsonObject kept = server.space(u"keep"_s);
            QCOMPARE(kept.value(u"description"_s).toString(), u"before"_s);
            QCOMPARE(api.get(u"/api/spaces/keep/custom-field/color"_s).json.value(u"value"_s),
                     u"red"_s);
            SPACES_COMPARE_STATUS(api.get(u"/api/spaces/fresh"_s), 404);
            QVERIFY(disk.release());
            QCOMPARE(server.process.terminate(), 0);
        }
        // ...nor after a restart, and writes work again once there is room.
        TestServer again(data);
        QVERIFY2(again.start(&error), qPrintable(error));
        const ApiCall api = again.api();
        QCOMPARE(again.space(id).value(u"description"_s).toString(), u"before"_s);
        QCOMPARE(api.get(u"/api/spaces/keep/custom-field/color"_s).json.value(u"value"_s),
                 u"red"_s);
        QCOMPARE(api.get(u"/api/spaces"_s).json.value(u"count"_s).toInt(), 1);
        SPACES_COMPARE_STATUS(api.post(u"/api/spaces"_s, spaceRequest(u"fresh"_s)), 201);
        // The first server's fixture ended the space's sandbox as it went; run it afresh.
        again.stopSpace(id);
        SPACES_COMPARE_STATUS(api.post(u"/api/spaces/keep/start"_s), 200);
        const ApiReply ran =
            api.post(u"/api/spaces/keep/execute-script"_s, {{u"content"_s, u"echo written"_s}});
        SPACES_COMPARE_STATUS(ran, 200);
        QCOMPARE(ran.json.value(u"output"_s).toString(), u"written\n"_s);
    }

    void fullDataDirectoryAtStartSaysSo()
    {
        FullDisk disk;
        QString why;
        if (!disk.prepare(&why))
            QSKIP(qPrintable(u"needs a disk to fill: "_s + why));
        const QString data = disk.dataDirectory();
        SpacesdProcess server(data);
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        QCOMPARE(server.terminate(), 0);
        QVERIFY2(disk.fill(&error), qPrintable(error));
        QVERIFY(!server.start(&error));
        QVERIFY2(server.output().contains(
                     u"spacesd: the disk holding the data directory %1 is full: free some space "
                     "and start spacesd again"_s.arg(data)
                         .toUtf8()),
                 server.output().constData());
    }

    void readOnlyDataDirectoryAtStartSaysSo()
    {
        TmpfsMount disk(TmpfsBytes);
        QString why;
        if (!disk.mount(&why)) {
            if (::geteuid() == 0)
                QSKIP(qPrintable(u"needs a file system to remount read-only: "_s + why));
            // Without root: a folder its user may not write to, which spacesd says as such.
            return notWritableDataDirectory();
        }
        const QString data = disk.path() + u"/data"_s;
        SpacesdProcess server(data);
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        QCOMPARE(server.terminate(), 0);
        QVERIFY2(disk.remount(true, &error), qPrintable(error));
        QVERIFY(!server.start(&error));
        QVERIFY2(server.output().contains(u"spacesd: the data directory %1 is on a read-only file "
                                          "system"_s.arg(data)
                                              .toUtf8()),
                 server.output().constData());
        QVERIFY(!server.output().contains("already serving"));
        QVERIFY2(disk.remount(false, &error), qPrintable(error));
    }

    void corruptDatabaseAtStartSaysSo()
    {
        SpacesdProcess server;
        QVERIFY(QDir().mkpath(server.dataDirectory()));
        QFile database(QDir(server.dataDirectory()).filePath(u"spaces.db"_s));
        QVERIFY(database.open(QIODevice::WriteOnly));
        database.write(QByteArray(8192, 'z'));
        database.close();
        QString error;
        QVERIFY(!server.start(&error));
        QVERIFY2(server.output().contains(u"spacesd: cannot open the database %1: the database "
                                          "is corrupt"_s.arg(database.fileName())
                                              .toUtf8()),
                 server.output().constData());
    }

    void everythingUnderTheDataDirectoryIsOwnerOnly()
    {
        TestServer server;
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        const QString data = server.process.dataDirectory();
        const QString id = server.createSpace(u"svc"_s, u"service"_s,
                                              {{u"environment"_s, u"testing"_s},
                                               {u"api_key"_s, u"secret-key"_s},
                                               {u"interval"_s, u"1"_s}});
        QVERIFY(!id.isEmpty());
        QCOMPARE(server.startSpace(id), 200);
        KillGuard guard;
        guard.addGroup(server.processGroupOf(id));
        const QString settings = server.home(id) + u"/service.env"_s;
        QTRY_VERIFY_WITH_TIMEOUT(readFile(settings).contains("secret-key"), 10000);
        const ApiCall api = server.api();
        SPACES_COMPARE_STATUS(api.put(u"/api/spaces/svc/custom-field"_s,
                                      {{u"name"_s, u"api_key"_s}, {u"value"_s, u"other"_s}}),
                              200);
        SPACES_COMPARE_STATUS(api.post(u"/api/spaces/svc/execute-script"_s,
                                       {{u"content"_s, u"echo kept > note.txt"_s}}),
                              200);
        for (const QString &name :
             {u"spaces.db"_s, u"spaces.db-wal"_s, u"spaces.db-shm"_s, u"server.json"_s}) {
            QCOMPARE(modeOf(QDir(data).filePath(name)), mode_t(0600));
        }
        QCOMPARE(modeOf(settings), mode_t(0600));
        QCOMPARE(modeOf(server.logFile(id)), mode_t(0600));
        QCOMPARE(modeOf(server.home(id) + u"/note.txt"_s), mode_t(0600));
        QVERIFY2(tooOpen(data).isEmpty(), qPrintable(tooOpen(data).join(u", "_s)));
        QCOMPARE(server.stopSpace(id), 200);
    }

    void adminCommandCreatesAPrivateDataDirectory()
    {
        SpacesdProcess never; // for its data directory: spacesd itself is not started
        QVERIFY(!QFileInfo::exists(never.dataDirectory()));
        QByteArray out;
        QByteArray err;
        QCOMPARE(never.runAdminCommand({u"user"_s, u"add"_s, u"alice"_s}, &out, &err), 0);
        QVERIFY2(!out.trimmed().isEmpty(), err.constData());
        QCOMPARE(modeOf(QDir(never.dataDirectory()).filePath(u"spaces.db"_s)), mode_t(0600));
        QVERIFY2(tooOpen(never.dataDirectory()).isEmpty(),
                 qPrintable(tooOpen(never.dataDirectory()).join(u", "_s)));
    }

    void tooOpenFilesAreTightenedAtStart()
    {
        SpacesdProcess server;
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        QCOMPARE(server.terminate(), 0);
        const QDir data(server.dataDirectory());
        const auto everyone = QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                              QFileDevice::ReadGroup | QFileDevice::ReadOther;
        for (const QString &name : {u"spaces.db"_s, u"server.json"_s})
            QVERIFY(QFile::setPermissions(data.filePath(name), everyone));
        QVERIFY(QFile::setPermissions(data.path(), everyone | QFileDevice::ExeOwner |
                                                       QFileDevice::ExeGroup |
                                                       QFileDevice::ExeOther));
        QVERIFY2(server.start(&error), qPrintable(error));
        QVERIFY2(tooOpen(data.path()).isEmpty(), qPrintable(tooOpen(data.path()).join(u", "_s)));
    }

    void tokenNeverReachesTheLog()
    {
        // As the app and spacectl start it: stdout and stderr appended to spacesd.log, which
        // the client created with its own (looser) umask.
        SpacesdProcess server;
        const QString log = QDir(server.dataDirectory()).filePath(u"spacesd.log"_s);
        QVERIFY(QDir().mkpath(server.dataDirectory()));
        QFile created(log);
        QVERIFY(created.open(QIODevice::WriteOnly));
        created.close();
        QVERIFY(QFile::setPermissions(log, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                               QFileDevice::ReadOther));
        server.setLogFile(log);
        qputenv("QT_LOGGING_RULES", "spaces.*=true");
        QString error;
        const bool started = server.start(&error);
        qunsetenv("QT_LOGGING_RULES");
        QVERIFY2(started, qPrintable(error));
        const QString userToken = addUser(server, u"bob"_s, {}, &error);
        QVERIFY2(!userToken.isEmpty(), qPrintable(error));
        const ApiCall api(server.url(), server.token());
        SPACES_COMPARE_STATUS(api.get(u"/api/ping"_s), 200);
        SPACES_COMPARE_STATUS(api.withToken(userToken).get(u"/api/users/whoami"_s), 200);
        QCOMPARE(server.terminate(), 0);

        const QByteArray written = readFile(log);
        const QByteArray pointer =
            "token:   in " +
            QFile::encodeName(QDir(server.dataDirectory()).filePath(u"server.json"_s));
        QVERIFY2(written.contains(pointer), written.constData());
        QVERIFY2(!written.contains(server.token().toUtf8()), written.constData());
        QVERIFY2(!written.contains(userToken.toUtf8()), written.constData());
        QCOMPARE(modeOf(log), mode_t(0600));
    }
};

QTEST_GUILESS_MAIN(DurabilityTest)
#include "tst_durability.moc"
