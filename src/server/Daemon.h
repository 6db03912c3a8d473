#pragma once

#include "Expected.h"
#include "HttpLimits.h"
#include "HttpServer.h"
#include "ServerInfo.h"
#include "SpacePaths.h"

#include <QHostAddress>
#include <QLockFile>
#include <QObject>
#include <chrono>
#include <memory>

namespace spaces {

class ApiServer;
class Store;

struct DaemonOptions
{
    QString dataDirectory;
    QHostAddress address = QHostAddress::LocalHost;
    quint16 port = 0; // 0: any free port
    std::chrono::milliseconds stopGrace{5000};
    HttpLimits limits;
    int longOperationsPerUser = 8;
    int longOperationsTotal = 64;
    QString tlsCertificate; // both or neither: HTTPS instead of HTTP
    QString tlsKey;
    // Plain HTTP on an address other than loopback: refused unless asked for.
    bool insecureListen = false;
};

// spacesd serving: one per data directory (a lock file says so), the database opened and
// seeded, an admin and a token on first start, the API listening (on the previous port when
// none is asked for and it is free), server.json and the connection folder written, the
// spaces that survived the last run adopted.
class Daemon final : public QObject
{
    Q_OBJECT

public:
    explicit Daemon(QObject *parent = nullptr);
    ~Daemon() override;

    bool start(const DaemonOptions &options, QString *error);
    const ServerInfo &info() const { return m_info; }

private:
    // The admin token: the one in server.json if it still works, else a new one.
    Expected<QString> adminToken();
    bool lock(const QString &directory, QString *error);
    bool openStore(QString *error);
    // The port this data directory's server listened on last time (server.json, else the
    // connection folder); 0 when none is known.
    quint16 previousPort() const;

    std::unique_ptr<QLockFile> m_lock;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<ApiServer> m_server;
    std::unique_ptr<SpacePaths> m_paths;
    ServerInfo m_info;
};

} // namespace spaces
