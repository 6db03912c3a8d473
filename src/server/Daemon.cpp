#include "Daemon.h"

#include "ApiServer.h"
#include "BuiltinTemplates.h"
#include "DataDirectoryProbe.h"
#include "PrivateFiles.h"
#include "RemoteEnvironment.h"
#include "SqlWrite.h"
#include "Store.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>

namespace spaces {

namespace {

const auto AdminName = QStringLiteral("admin");

} // namespace

Daemon::Daemon(QObject *parent)
    : QObject(parent)
{}

Daemon::~Daemon()
{
    // The API goes before the Store it uses; spaces keep running, to be adopted next time.
    m_server.reset();
    m_store.reset();
}

bool Daemon::start(const DaemonOptions &options, QString *error)
{
    const bool tls = !options.tlsCertificate.isEmpty() || !options.tlsKey.isEmpty();
    if (tls && (options.tlsCertificate.isEmpty() || options.tlsKey.isEmpty())) {
        *error = QStringLiteral("--tls-cert and --tls-key go together");
        return false;
    }
    // The API hands out shells and commands: on the network it must be encrypted, unless the
    // user said otherwise.
    if (!options.address.isLoopback() && !tls && !options.insecureListen) {
        *error = QStringLiteral("refusing to serve plain HTTP on %1, which is not loopback: give "
                                "--tls-cert and --tls-key, or --insecure-listen")
                     .arg(options.address.toString());
        return false;
    }
    const QString &directory = options.dataDirectory;
    if (const Expected<void> made = PrivateFiles::makeDirectory(
            directory, QStringLiteral("create the data directory %1").arg(directory));
        !made) {
        *error = made.error().message;
        return false;
    }
    m_paths = std::make_unique<SpacePaths>(directory);
    if (!lock(directory, error))
        return false;
    // Locked, so the sentence is about this directory, not about a server that holds it.
    if (const QString problem = DataDirectoryProbe::problem(directory); !problem.isEmpty()) {
        *error = problem;
        return false;
    }
    // Files an older version (or a client creating spacesd.log) left readable by others.
    PrivateFiles::tightenDataDirectory(directory);
    if (!openStore(error))
        return false;

    m_server = std::make_unique<ApiServer>(
        *m_store, *m_paths, options.stopGrace, options.limits,
        LongOperationQueue::Limits{options.longOperationsPerUser, options.longOperationsTotal});
    m_server->adopt();
    const HttpServer::TlsFiles tlsFiles{options.tlsCertificate, options.tlsKey};
    const HttpServer::TlsFiles *useTls = tls ? &tlsFiles : nullptr;
    // Without a port asked for, the previous one if it is free: the spaces just adopted keep
    // the address they were started with, and clients find the server where it was.
    Expected<quint16> port;
    const quint16 previous = options.port == 0 ? previousPort() : quint16(0);
    if (previous != 0) {
        port = m_server->listen(options.address, previous, useTls);
        if (!port)
            qCInfo(lcStore) << "the previous port" << previous << "is taken; listening on another";
    }
    if (!port)
        port = m_server->listen(options.address, options.port, useTls);
    if (!port) {
        *error = port.error().message;
        return false;
    }
    // The address as spaces find it even when the port did change; without it (a full disk)
    // spaces still have the address they were started with.
    const QString connection = RemoteEnvironment::connectionFolderIn(directory);
    if (const Expected<void> published = m_server->remote().publish(connection); !published)
        qCWarning(lcStore) << published.error().message
                           << "- spaces adopted after a restart may not find this server";

    QUrl url;
    url.setScheme(tls ? QStringLiteral("https") : QStringLiteral("http"));
    url.setHost(options.address.toString());
    url.setPort(*port);
    m_info.url = url;
    const Expected<QString> token = adminToken();
    if (!token) {
        *error = token.error().message;
        return false;
    }
    m_info.token = *token;
    m_info.pid = QCoreApplication::applicationPid();
    return m_info.write(ServerInfo::fileIn(directory), error);
}

quint16 Daemon::previousPort() const
{
    ServerInfo previous;
    QString unreadable;
    if (ServerInfo::read(ServerInfo::fileIn(m_paths->dataDirectory()), &previous, &unreadable) &&
        previous.url.port() > 0)
        return quint16(previous.url.port());
    return RemoteEnvironment::publishedPort(
        RemoteEnvironment::connectionFolderIn(m_paths->dataDirectory()));
}

bool Daemon::lock(const QString &directory, QString *error)
{
    m_lock = std::make_unique<QLockFile>(QDir(directory).filePath(QStringLiteral("spacesd.lock")));
    m_lock->setStaleLockTime(0);
    if (m_lock->tryLock(0))
        return true;
    if (m_lock->error() == QLockFile::LockFailedError) {
        qint64 pid = 0;
        QString host, application;
        m_lock->getLockInfo(&pid, &host, &application);
        *error = QStringLiteral("another spacesd (pid %1) is already serving %2")
                     .arg(pid)
                     .arg(directory);
        return false;
    }
    // Not held by anyone: the lock file could not be written. The probe says why.
    const QString problem = DataDirectoryProbe::problem(directory);
    *error =
        problem.isEmpty()
            ? QStringLiteral("cannot create the lock file in the data directory %1").arg(directory)
            : problem;
    return false;
}

bool Daemon::openStore(QString *error)
{
    m_store = std::make_unique<Store>(m_paths->databaseFile());
    Expected<void> ready = m_store->open();
    if (ready)
        ready = BuiltinTemplates::install(*m_store);
    if (ready && !m_store->userByName(AdminName)) {
        const Expected<User> admin = m_store->createUser(
            AdminName, Permissions{Permission::UseSpaces, Permission::ManageSpaces});
        if (!admin)
            ready = admin.error();
    }
    if (!ready)
        *error = ready.error().message;
    return bool(ready);
}

Expected<QString> Daemon::adminToken()
{
    ServerInfo previous;
    QString unreadable;
    const std::optional<User> admin = m_store->userByName(AdminName);
    const QString infoFile = ServerInfo::fileIn(m_paths->dataDirectory());
    if (ServerInfo::read(infoFile, &previous, &unreadable)) {
        const std::optional<User> owner = m_store->userByToken(previous.token);
        if (owner && admin && owner->id == admin->id)
            return previous.token;
    } else if (QFile::exists(infoFile)) {
        // Said, never the token: it is replaced with a new one.
        qCWarning(lcStore) << unreadable << "- writing a new one with a new admin token";
    }
    return m_store->createToken(admin->id, QStringLiteral("local admin"));
}

} // namespace spaces
