#pragma once

#include "Expected.h"
#include "ServerInfo.h"
#include "SpacesClient.h"

#include <QCoreApplication>
#include <QProcessEnvironment>
#include <QString>
#include <chrono>

namespace spaces {

// Finds the spaces server spacectl talks to, in this order:
//  1. the server given on the command line (--server URL --token TOKEN);
//  2. SPACES_URL and SPACES_TOKEN from the environment (either may fill in for a missing
//     command-line value);
//  3. the local spacesd named by server.json in the data directory ($SPACES_DATA_DIR, else
//     ServerInfo::defaultDataDirectory()), if it answers a ping;
//  4. else a spacesd it starts itself, detached: the binary next to the calling executable,
//     else on PATH, with --data-dir; then it waits (bounded) until server.json names a
//     server that answers.
// A server.json left behind by a dead server (its pid gone or nobody answering) is ignored.
// Blocking (local event loops): for the command line only.
class ServerLocator final
{
    Q_DECLARE_TR_FUNCTIONS(ServerLocator)

public:
    static constexpr std::chrono::milliseconds DefaultStartTimeout{10000};
    static constexpr std::chrono::milliseconds PingTimeout{3000};

    // `executableDirectory`: where to look for spacesd first (spacectl's own folder).
    ServerLocator(QProcessEnvironment environment, QString executableDirectory);

    void setStartTimeout(std::chrono::milliseconds timeout) { m_startTimeout = timeout; }

    // The connection to use, or an error with a sentence that says what to do.
    Expected<ConnectionSettings> locate(const QString &serverOption, const QString &tokenOption);

    QString dataDirectory() const;
    // The spacesd this locator started (0 when it found one already serving).
    qint64 startedPid() const { return m_startedPid; }

    // A usable server URL: http or https with a host.
    static bool isServerUrl(const QUrl &url);

private:
    Expected<ConnectionSettings> explicitServer(const QString &url, const QString &token) const;
    // The server named by server.json if it is alive and answers; an empty url otherwise.
    ConnectionSettings answeringLocalServer() const;
    QString findSpacesd(QString *error) const;
    Expected<ConnectionSettings> startLocalServer();
    QString logTail() const;

    QProcessEnvironment m_environment;
    QString m_executableDirectory;
    std::chrono::milliseconds m_startTimeout = DefaultStartTimeout;
    qint64 m_startedPid = 0;
};

} // namespace spaces
