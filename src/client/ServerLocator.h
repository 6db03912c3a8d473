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
// spacesd holds a lock on the data directory while it serves it: when the lock's holder lives,
// no second spacesd is started; the sentence then says why that one cannot be used (server.json
// unreadable or corrupt, nobody answering at its address, a server there that is not ours).
// Without a holder, a server.json is left over whatever it says, and a new spacesd replaces it.
// The log of a spacesd started here is appended to, never truncated.
// Blocking (local event loops): for the command line and a worker thread only.
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

    // The local spacesd if one serves the data directory now (server.json read afresh, its
    // server pinged); never starts one. *noneRunning: no spacesd holds the directory (so
    // starting one is what helps), as opposed to one that is starting or cannot be used.
    Expected<ConnectionSettings> findServing(bool *noneRunning);

    QString dataDirectory() const;
    // The spacesd this locator started (0 when it found one already serving).
    qint64 startedPid() const { return m_startedPid; }

    // A usable server URL: http or https with a host.
    static bool isServerUrl(const QUrl &url);

private:
    // What server.json and the server it names amount to.
    struct Probe
    {
        enum class State
        {
            Answering,  // settings are usable
            Missing,    // no server.json
            Unreadable, // cannot be read, or not JSON naming an address and a token
            Stale,      // its pid has ended
            Silent,     // nobody answers at its address (refused, timed out)
            Foreign,    // a server answers there, but not as our spacesd (401, 404, HTML)
        };
        State state = State::Missing;
        ConnectionSettings settings;
        QString sentence; // what is wrong, for every state but Answering and Missing
    };

    Expected<ConnectionSettings> explicitServer(const QString &url, const QString &token) const;
    Probe probeLocalServer() const;
    // Waits (bounded) for the spacesd holding the lock to answer, else says why it cannot be
    // used. Starts one only if the holder ends meanwhile and `mayStart`.
    Expected<ConnectionSettings> waitForHolder(qint64 holder, bool mayStart);
    QString findSpacesd(QString *error) const;
    // `why`: what made a start necessary, added to a failure's sentence.
    Expected<ConnectionSettings> startLocalServer(const Probe &why);
    Expected<ConnectionSettings> startFailed(const Probe &why, const ApiError &error) const;
    // The last lines spacesd wrote since this locator started it.
    QString logTail() const;

    QProcessEnvironment m_environment;
    QString m_executableDirectory;
    std::chrono::milliseconds m_startTimeout = DefaultStartTimeout;
    qint64 m_startedPid = 0;
    qint64 m_logStart = 0; // the log's size before the start: what came before is not ours
};

} // namespace spaces
