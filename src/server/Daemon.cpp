#include "Daemon.h"

#include "ApiServer.h"
#include "BuiltinTemplates.h"
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
    if (!QDir().mkpath(options.dataDirectory)) {
        *error = QStringLiteral("cannot create the data directory %1").arg(options.dataDirectory);
        return false;
    }
    QFile::setPermissions(options.dataDirectory,
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    m_paths = std::make_unique<SpacePaths>(options.dataDirectory);

    m_lock = std::make_unique<QLockFile>(
        QDir(options.dataDirectory).filePath(QStringLiteral("spacesd.lock")));
    m_lock->setStaleLockTime(0);
    if (!m_lock->tryLock(0)) {
        qint64 pid = 0;
        QString host, application;
        m_lock->getLockInfo(&pid, &host, &application);
        *error = QStringLiteral("another spacesd (pid %1) is already serving %2")
                     .arg(pid)
                     .arg(options.dataDirectory);
        return false;
    }

    m_store = std::make_unique<Store>(m_paths->databaseFile());
    if (!m_store->open(error) || !BuiltinTemplates::install(*m_store, error))
        return false;
    if (!m_store->userByName(AdminName) && !m_store->createUser(AdminName, true, true, error))
        return false;

    m_server = std::make_unique<ApiServer>(
        *m_store, *m_paths, options.stopGrace, options.limits,
        LongOperationQueue::Limits{options.longOperationsPerUser, options.longOperationsTotal});
    m_server->runtime().adopt();
    const HttpServer::TlsFiles tlsFiles{options.tlsCertificate, options.tlsKey};
    const Expected<quint16> port =
        m_server->listen(options.address, options.port, tls ? &tlsFiles : nullptr);
    if (!port) {
        *error = port.error().message;
        return false;
    }

    QUrl url;
    url.setScheme(tls ? QStringLiteral("https") : QStringLiteral("http"));
    url.setHost(options.address.toString());
    url.setPort(*port);
    m_info.url = url;
    m_info.token = adminToken();
    m_info.pid = QCoreApplication::applicationPid();
    return m_info.write(ServerInfo::fileIn(options.dataDirectory), error);
}

QString Daemon::adminToken()
{
    ServerInfo previous;
    QString ignored;
    const std::optional<User> admin = m_store->userByName(AdminName);
    if (ServerInfo::read(ServerInfo::fileIn(m_paths->dataDirectory()), &previous, &ignored)) {
        const std::optional<User> owner = m_store->userByToken(previous.token);
        if (owner && admin && owner->id == admin->id)
            return previous.token;
    }
    return m_store->createToken(admin->id, QStringLiteral("local admin"));
}

} // namespace spaces
