// How spacectl finds its server when none is named: the local spacesd of the data directory
// ($SPACES_DATA_DIR here, a fresh temporary one), started in the background when none
// answers, also over a stale server.json; and the sentences when that cannot work. Every
// spacesd started here, and every space it ran, is killed afterwards, even when a check fails.
#include "FakeKnotServer.h"
#include "FreePort.h"
#include "ServerInfo.h"
#include "ServerLocator.h"
#include "SpaceTestKit.h"
#include "SpacectlRunner.h"

#include <QFile>
#include <QLockFile>
#include <QTemporaryDir>
#include <QTest>

using namespace spaces;
using namespace spaces::test;
using namespace Qt::StringLiterals;

namespace {

// Kills, when it goes out of scope (or when asked), the spacesd that server.json of a data
// directory names and every space process group its database records.
class LocalServerCleanup final
{
public:
    explicit LocalServerCleanup(QString dataDirectory)
        : m_dataDirectory(std::move(dataDirectory))
    {}
    ~LocalServerCleanup() { cleanUp(); }
    LocalServerCleanup(const LocalServerCleanup &) = delete;
    LocalServerCleanup &operator=(const LocalServerCleanup &) = delete;

    qint64 serverPid() const
    {
        ServerInfo info;
        QString ignored;
        return ServerInfo::read(ServerInfo::fileIn(m_dataDirectory), &info, &ignored) ? info.pid
                                                                                      : 0;
    }

    QList<SeenProcessGroup> spaceGroups() const
    {
        QList<SeenProcessGroup> groups;
        const QString path = QDir(m_dataDirectory).filePath(u"spaces.db"_s);
        if (!QFile::exists(path))
            return groups;
        const QString connection = u"locator-"_s + QUuid::createUuid().toString();
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, connection);
            db.setDatabaseName(path);
            db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
            if (db.open()) {
                QSqlQuery query(db);
                if (query.exec(u"SELECT process_group, runtime_handle FROM spaces"
                               u" WHERE process_group > 0"_s)) {
                    while (query.next()) {
                        groups.append(SeenProcessGroup::recorded(query.value(0).toLongLong(),
                                                                 query.value(1).toString()));
                    }
                }
                db.close();
            }
        }
        QSqlDatabase::removeDatabase(connection);
        return groups;
    }

    // Live spacesd processes serving this data directory, found by their command line.
    QList<qint64> spacesdProcesses() const
    {
        QList<qint64> found;
        QByteArray wanted("--data-dir");
        wanted.append('\0').append(m_dataDirectory.toLocal8Bit()).append('\0');
        const QStringList entries = QDir(u"/proc"_s).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        for (const QString &entry : entries) {
            bool ok = false;
            const qint64 pid = entry.toLongLong(&ok);
            QFile commandLine(u"/proc/%1/cmdline"_s.arg(entry));
            // The server's spawner is a fork of it with the same command line; it ends with
            // the server, so only servers count.
            QFile name(u"/proc/%1/comm"_s.arg(entry));
            if (ok && commandLine.open(QIODevice::ReadOnly) &&
                commandLine.readAll().contains(wanted) && isProcessAlive(pid) &&
                !(name.open(QIODevice::ReadOnly) && name.readAll().startsWith("spaces-spawner")))
                found.append(pid);
        }
        return found;
    }

    // SIGTERM to the server (SIGKILL if it lingers) and to any other spacesd of the data
    // directory, then SIGKILL to every recorded space. Returns whether all of them are gone.
    bool cleanUp()
    {
        m_seenGroups += spaceGroups();
        const qint64 pid = serverPid();
        QList<qint64> servers = spacesdProcesses();
        if (pid > 0 && pid != qint64(::getpid()) && isProcessAlive(pid) && !servers.contains(pid))
            servers.append(pid);
        for (const qint64 server : std::as_const(servers)) {
            ::kill(pid_t(server), SIGTERM);
            QDeadlineTimer deadline(15000);
            while (isProcessAlive(server) && !deadline.hasExpired())
                QTest::qWait(20);
            if (isProcessAlive(server))
                ::kill(pid_t(server), SIGKILL);
        }
        for (const SeenProcessGroup &group : std::as_const(m_seenGroups))
            group.kill();
        QDeadlineTimer deadline(10000);
        const auto allGone = [&] {
            if (pid > 0 && pid != qint64(::getpid()) && isProcessAlive(pid))
                return false;
            for (const SeenProcessGroup &group : std::as_const(m_seenGroups)) {
                if (group.isStillTheSame() && !processGroupMembers(group.group()).isEmpty())
                    return false;
            }
            return true;
        };
        while (!allGone() && !deadline.hasExpired())
            QTest::qWait(20);
        return allGone();
    }

private:
    QString m_dataDirectory;
    QList<SeenProcessGroup> m_seenGroups;
};

// The pid of a process that has just ended.
qint64 deadPid()
{
    QProcess process;
    process.start(u"sh"_s, {u"-c"_s, u"exit 0"_s});
    if (!process.waitForStarted(5000))
        return 0;
    const qint64 pid = process.processId();
    process.waitForFinished(5000);
    return pid;
}

// A data directory whose spacesd "runs": this test process holds its lock, as spacesd does, and
// a spacesd script in bin/ would leave a mark if anything started it.
class HeldDirectory final
{
public:
    HeldDirectory()
    {
        QDir().mkpath(dataDirectory());
        QDir().mkpath(bin());
        m_lock = std::make_unique<QLockFile>(QDir(dataDirectory()).filePath(u"spacesd.lock"_s));
        m_lock->setStaleLockTime(0);
        m_held = m_lock->tryLock(0);
        QFile script(QDir(bin()).filePath(u"spacesd"_s));
        if (script.open(QIODevice::WriteOnly)) {
            script.write("#!/bin/sh\ntouch '" + startedMark().toLocal8Bit() + "'\nexit 1\n");
            script.close();
            script.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        }
        QFile log(logFile());
        if (log.open(QIODevice::WriteOnly))
            log.write(History);
    }

    bool isValid() const { return m_temporary.isValid() && m_held; }
    QString dataDirectory() const { return m_temporary.filePath(u"data"_s); }
    QString bin() const { return m_temporary.filePath(u"bin"_s); }
    QString serverJson() const { return ServerInfo::fileIn(dataDirectory()); }
    QString startedMark() const { return m_temporary.filePath(u"started"_s); }
    QString logFile() const { return QDir(dataDirectory()).filePath(u"spacesd.log"_s); }
    QByteArray log() const
    {
        QFile file(logFile());
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }
    bool writeServerJson(const QUrl &url, const QString &token) const
    {
        ServerInfo info;
        info.url = url;
        info.token = token;
        info.pid = qint64(::getpid());
        QString error;
        return info.write(serverJson(), &error);
    }
    ServerLocator locator() const
    {
        QProcessEnvironment environment = SpacectlRunner::cleanEnvironment();
        environment.insert(u"SPACES_DATA_DIR"_s, dataDirectory());
        environment.insert(u"PATH"_s, m_temporary.filePath(u"nothing"_s));
        ServerLocator locator(environment, bin());
        // The waits for a spacesd that may still be starting, kept short.
        locator.setStartTimeout(std::chrono::milliseconds(600));
        return locator;
    }

    static constexpr const char *History = "an earlier spacesd wrote this\n";

private:
    QTemporaryDir m_temporary;
    std::unique_ptr<QLockFile> m_lock;
    bool m_held = false;
};

} // namespace

class ServerLocatorTest final : public QObject
{
    Q_OBJECT

private:
    static SpacectlRunner localRunner(const QString &dataDirectory)
    {
        QProcessEnvironment environment = SpacectlRunner::cleanEnvironment();
        environment.insert(u"SPACES_DATA_DIR"_s, dataDirectory);
        return SpacectlRunner(environment);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!SpacectlRunner::path().isEmpty(),
                 "SPACES_SPACECTL is not set: run the tests through ctest");
    }

    void startsSpacesdWhenNoneRuns()
    {
        QTemporaryDir temporary;
        QVERIFY(temporary.isValid());
        const QString dataDirectory = temporary.filePath(u"data"_s);
        LocalServerCleanup cleanup(dataDirectory);
        const SpacectlRunner spacectl = localRunner(dataDirectory);

        const SpacectlResult listed = spacectl.run({u"list"_s});
        SPACECTL_COMPARE_EXIT(listed, 0);
        QCOMPARE(listed.out,
                 u"No spaces yet: create one with 'spacectl create NAME TEMPLATE'.\n"_s);
        const qint64 pid = cleanup.serverPid();
        QVERIFY(pid > 0);
        QVERIFY(isProcessAlive(pid));
        QVERIFY(QFile::exists(QDir(dataDirectory).filePath(u"spacesd.log"_s)));

        // The next calls use the same server; a running space is cleaned up as well.
        SPACECTL_COMPARE_EXIT(spacectl.run({u"create"_s, u"local"_s, u"service"_s}), 0);
        SPACECTL_COMPARE_EXIT(spacectl.run({u"start"_s, u"local"_s}), 0);
        QTRY_VERIFY_WITH_TIMEOUT(spacectl.run({u"is-running"_s, u"local"_s}).exitCode == 0, 20000);
        QCOMPARE(cleanup.serverPid(), pid);
        const QList<SeenProcessGroup> groups = cleanup.spaceGroups();
        QCOMPARE(groups.size(), 1);
        QVERIFY(!processGroupMembers(groups.first().group()).isEmpty());

        QCOMPARE(cleanup.spacesdProcesses(), QList<qint64>{pid});
        QVERIFY(cleanup.cleanUp());
        QVERIFY(!isProcessAlive(pid));
        QVERIFY(processGroupMembers(groups.first().group()).isEmpty());
    }

    void parallelCallsShareOneServer()
    {
        QTemporaryDir temporary;
        QVERIFY(temporary.isValid());
        const QString dataDirectory = temporary.filePath(u"data"_s);
        LocalServerCleanup cleanup(dataDirectory);
        QProcessEnvironment environment = SpacectlRunner::cleanEnvironment();
        environment.insert(u"SPACES_DATA_DIR"_s, dataDirectory);
        std::vector<std::unique_ptr<QProcess>> calls;
        for (int i = 0; i < 4; ++i) {
            calls.push_back(std::make_unique<QProcess>());
            calls.back()->setProcessEnvironment(environment);
            calls.back()->start(SpacectlRunner::path(), {u"templates"_s, u"--json"_s});
        }
        for (const auto &call : calls) {
            QVERIFY(call->waitForFinished(60000));
            QVERIFY2(call->exitStatus() == QProcess::NormalExit && call->exitCode() == 0,
                     call->readAllStandardError().constData());
            QVERIFY(QJsonDocument::fromJson(call->readAllStandardOutput()).isArray());
        }
        // The losers of the race gave up; one server serves the directory.
        QTRY_COMPARE_WITH_TIMEOUT(cleanup.spacesdProcesses(), QList<qint64>{cleanup.serverPid()},
                                  10000);
        QVERIFY(cleanup.cleanUp());
        QVERIFY(cleanup.spacesdProcesses().isEmpty());
    }

    void replacesAServerThatIsGone_data()
    {
        QTest::addColumn<bool>("pidAlive");
        QTest::newRow("its pid is gone") << false;
        QTest::newRow("its pid lives but nobody answers") << true;
    }
    void replacesAServerThatIsGone()
    {
        QFETCH(bool, pidAlive);
        QTemporaryDir temporary;
        QVERIFY(temporary.isValid());
        const QString dataDirectory = temporary.filePath(u"data"_s);
        QVERIFY(QDir().mkpath(dataDirectory));
        ServerInfo stale;
        stale.url = QUrl(u"http://127.0.0.1:%1"_s.arg(freeTcpPort()));
        stale.token = u"stale-token"_s;
        // A live pid that is not a spacesd: this test process (never killed by the cleanup).
        stale.pid = pidAlive ? qint64(::getpid()) : deadPid();
        QVERIFY(stale.pid > 0);
        QString error;
        QVERIFY2(stale.write(ServerInfo::fileIn(dataDirectory), &error), qPrintable(error));
        LocalServerCleanup cleanup(dataDirectory);

        const SpacectlResult templates = localRunner(dataDirectory).run({u"templates"_s});
        SPACECTL_COMPARE_EXIT(templates, 0);
        QVERIFY(templates.out.contains(u"service"_s));
        ServerInfo fresh;
        QVERIFY(ServerInfo::read(ServerInfo::fileIn(dataDirectory), &fresh, &error));
        QVERIFY(fresh.pid != stale.pid);
        QVERIFY(fresh.token != stale.token);
        QVERIFY(isProcessAlive(fresh.pid));
        QVERIFY(cleanup.cleanUp());
    }

    // ---- a spacesd holds the directory: never a second one, and a true sentence --------------

    void corruptServerJsonIsSaid_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("problem");
        QTest::newRow("cut off") << QByteArray("{\"url\": \"http://127.0.0.1:1\", \"tok")
                                 << u"is not valid JSON"_s;
        QTest::newRow("garbage") << QByteArray("\x01garbage") << u"is not valid JSON"_s;
        QTest::newRow("an array") << QByteArray("[1, 2]") << u"is not a JSON object"_s;
        QTest::newRow("no token") << QByteArray("{\"url\": \"http://127.0.0.1:1\"}")
                                  << u"does not name a server address and token"_s;
    }
    void corruptServerJsonIsSaid()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, problem);
        const HeldDirectory directory;
        QVERIFY(directory.isValid());
        QFile file(directory.serverJson());
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
        file.close();

        ServerLocator locator = directory.locator();
        const Expected<ConnectionSettings> located = locator.locate({}, {});
        QVERIFY(!located);
        const QString sentence = located.error().message;
        QVERIFY2(sentence.startsWith(
                     u"spacesd (pid %1) is serving %2 but cannot be used: %3 %4"_s.arg(::getpid())
                         .arg(directory.dataDirectory(), directory.serverJson(), problem)),
                 qPrintable(sentence));
        QVERIFY2(!sentence.contains(u"did not answer"_s), qPrintable(sentence));
        QCOMPARE(locator.startedPid(), qint64(0));
        QVERIFY(!QFile::exists(directory.startedMark()));
        QCOMPARE(directory.log(), QByteArray(HeldDirectory::History));
    }

    void stoppedServerIsSaid()
    {
        const HeldDirectory directory;
        QVERIFY(directory.isValid());
        const QUrl url(u"http://127.0.0.1:%1"_s.arg(spaces::test::freeTcpPort()));
        QVERIFY(directory.writeServerJson(url, u"tok"_s));

        ServerLocator locator = directory.locator();
        const Expected<ConnectionSettings> located = locator.locate({}, {});
        QVERIFY(!located);
        QCOMPARE(located.error().message,
                 u"spacesd (pid %1) is serving %2 but cannot be used: %3 names %4, where nothing "
                 "answers (Cannot reach %4: connection refused). Stop it, and the next "
                 "connection starts a new one"_s.arg(::getpid())
                     .arg(directory.dataDirectory(), directory.serverJson(), url.toString()));
        QVERIFY(!QFile::exists(directory.startedMark()));
        QCOMPARE(directory.log(), QByteArray(HeldDirectory::History));
    }

    void foreignServerIsSaid_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QString>("said");
        QTest::newRow("another spacesd: 401")
            << 401 << QByteArray("{\"error\":\"Authentication token is not valid\"}")
            << QByteArray("application/json")
            << u"a server that does not accept the token in that file: it is not the spacesd "
               "of %1"_s;
        QTest::newRow("a web server: 404 HTML")
            << 404 << QByteArray("<html><body>Not Found</body></html>") << QByteArray("text/html")
            << u"which is not a spaces server (The server answered with status 404 and no "
               "explanation)"_s;
        QTest::newRow("a web server: 200 HTML")
            << 200 << QByteArray("<html>hello</html>") << QByteArray("text/html")
            << u"which is not a spaces server ("_s;
    }
    void foreignServerIsSaid()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, contentType);
        QFETCH(QString, said);
        const HeldDirectory directory;
        QVERIFY(directory.isValid());
        FakeKnotServer server;
        QVERIFY(server.listen());
        server.on("GET", "/api/ping", FakeResponse::raw(status, body, contentType));
        QVERIFY(directory.writeServerJson(server.url(), u"not-its-token"_s));

        ServerLocator locator = directory.locator();
        const Expected<ConnectionSettings> located = locator.locate({}, {});
        QVERIFY(!located);
        const QString expected =
            u"spacesd (pid %1) is serving %2 but cannot be used: %3 names %4, "_s.arg(::getpid())
                .arg(directory.dataDirectory(), directory.serverJson(), server.url().toString()) +
            (said.contains(u"%1"_s) ? said.arg(directory.dataDirectory()) : said);
        QVERIFY2(located.error().message.startsWith(expected), qPrintable(located.error().message));
        QVERIFY(!QFile::exists(directory.startedMark()));
    }

    void replacesACorruptServerJsonAndKeepsTheLog()
    {
        // Nobody holds the directory: the file is left over, a new spacesd writes it anew and
        // appends to the log that is there.
        QTemporaryDir temporary;
        QVERIFY(temporary.isValid());
        const QString dataDirectory = temporary.filePath(u"data"_s);
        QVERIFY(QDir().mkpath(dataDirectory));
        QFile corrupt(ServerInfo::fileIn(dataDirectory));
        QVERIFY(corrupt.open(QIODevice::WriteOnly));
        corrupt.write("{\"url\": ");
        corrupt.close();
        QFile log(QDir(dataDirectory).filePath(u"spacesd.log"_s));
        QVERIFY(log.open(QIODevice::WriteOnly));
        log.write(HeldDirectory::History);
        log.close();
        LocalServerCleanup cleanup(dataDirectory);

        const SpacectlResult templates = localRunner(dataDirectory).run({u"templates"_s});
        SPACECTL_COMPARE_EXIT(templates, 0);
        ServerInfo fresh;
        QString error;
        QVERIFY2(ServerInfo::read(ServerInfo::fileIn(dataDirectory), &fresh, &error),
                 qPrintable(error));
        QVERIFY(isProcessAlive(fresh.pid));
        QVERIFY(log.open(QIODevice::ReadOnly));
        const QByteArray written = log.readAll();
        QVERIFY2(written.startsWith(HeldDirectory::History), written.constData());
        QVERIFY(cleanup.cleanUp());
    }

    void saysWhenNoSpacesdIsFound()
    {
        QTemporaryDir temporary;
        QVERIFY(temporary.isValid());
        const QString bin = temporary.filePath(u"bin"_s);
        const QString emptyPath = temporary.filePath(u"empty"_s);
        QVERIFY(QDir().mkpath(bin) && QDir().mkpath(emptyPath));
        const QString copy = QDir(bin).filePath(u"spacectl"_s);
        QVERIFY(QFile::copy(SpacectlRunner::path(), copy));
        QVERIFY(QFile::setPermissions(copy, QFile::permissions(SpacectlRunner::path())));
        const QString dataDirectory = temporary.filePath(u"data"_s);
        LocalServerCleanup cleanup(dataDirectory);
        SpacectlRunner spacectl = localRunner(dataDirectory);
        spacectl.environment().insert(u"PATH"_s, emptyPath);

        const SpacectlResult result = spacectl.runProgram(copy, {u"list"_s});
        SPACECTL_COMPARE_EXIT(result, 1);
        QVERIFY2(
            result.err.startsWith(u"spacectl: no spacesd found next to %1 or on PATH"_s.arg(bin)),
            result.describe().constData());
        QVERIFY(!QFile::exists(ServerInfo::fileIn(dataDirectory)));
    }

    void saysWhenSpacesdFailsToStart()
    {
        QTemporaryDir temporary;
        QVERIFY(temporary.isValid());
        const QString bin = temporary.filePath(u"bin"_s);
        QVERIFY(QDir().mkpath(bin));
        const QString copy = QDir(bin).filePath(u"spacectl"_s);
        QVERIFY(QFile::copy(SpacectlRunner::path(), copy));
        QVERIFY(QFile::setPermissions(copy, QFile::permissions(SpacectlRunner::path())));
        // A spacesd that gives up at once.
        QFile broken(QDir(bin).filePath(u"spacesd"_s));
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("#!/bin/sh\necho 'spacesd: broken on purpose' >&2\nexit 1\n");
        broken.close();
        QVERIFY(broken.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        const QString dataDirectory = temporary.filePath(u"data"_s);
        QVERIFY(QDir().mkpath(dataDirectory));
        // What an earlier start wrote stays, and is not this start's reason.
        QFile log(QDir(dataDirectory).filePath(u"spacesd.log"_s));
        QVERIFY(log.open(QIODevice::WriteOnly));
        log.write("spacesd: an old reason\n");
        log.close();
        LocalServerCleanup cleanup(dataDirectory);

        const SpacectlResult result = localRunner(dataDirectory).runProgram(copy, {u"list"_s});
        SPACECTL_COMPARE_EXIT(result, 1);
        QCOMPARE(
            result.err,
            u"spacectl: spacesd (%1) exited before it served %2: spacesd: broken on purpose\n"_s
                .arg(broken.fileName(), dataDirectory));
        QVERIFY(log.open(QIODevice::ReadOnly));
        QCOMPARE(log.readAll(), QByteArray("spacesd: an old reason\nspacesd: broken on purpose\n"));
    }

    void aTokenWithoutAServer()
    {
        QTemporaryDir temporary;
        const QString dataDirectory = temporary.filePath(u"data"_s);
        LocalServerCleanup cleanup(dataDirectory);
        SpacectlRunner spacectl = localRunner(dataDirectory);
        spacectl.environment().insert(u"SPACES_TOKEN"_s, u"abc"_s);
        const SpacectlResult result = spacectl.run({u"list"_s});
        SPACECTL_COMPARE_EXIT(result, 1);
        QCOMPARE(
            result.err,
            u"spacectl: SPACES_TOKEN is set but SPACES_URL is not: set both, or neither to use the local spacesd\n"_s);
        QVERIFY(!QFile::exists(ServerInfo::fileIn(dataDirectory)));
    }
};

QTEST_GUILESS_MAIN(ServerLocatorTest)
#include "tst_server_locator.moc"
