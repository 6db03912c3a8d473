#pragma once

#include "SeenProcessGroup.h"

#include <QProcess>
#include <QString>
#include <QTemporaryDir>
#include <QUrl>
#include <memory>

namespace spaces::test {

// A real spacesd on a random loopback port with a data directory of its own, for
// integration tests. The destructor stops the server and kills every space process group
// it recorded, so nothing outlives a test, even a failing one.
class SpacesdProcess final
{
public:
    // Uses the binary named by $SPACES_SPACESD (set by CTest) and a temporary data directory.
    SpacesdProcess();
    // The same on a data directory the test provides (a tmpfs, say); it is not removed.
    explicit SpacesdProcess(QString dataDirectory);
    ~SpacesdProcess();
    SpacesdProcess(const SpacesdProcess &) = delete;
    SpacesdProcess &operator=(const SpacesdProcess &) = delete;

    // Starts and waits until server.json names a server that answers /api/ping.
    bool start(QString *error, const QStringList &extraArguments = {});
    // SIGTERM and wait for a clean exit; returns the exit code (or -1 on a crash/timeout).
    int terminate();
    // SIGKILL, as a crash would.
    void kill();
    bool isRunning() const;
    qint64 processId() const;
    // A field of /proc/<pid>/status in KiB ("VmHWM", "VmRSS"), -1 when unknown.
    qint64 memoryKiB(const char *field) const;

    QUrl url() const { return m_url; }
    QString token() const { return m_token; }
    QString dataDirectory() const { return m_dataDirectory; }
    QString spacesdPath() const;
    QByteArray output() const; // what the server printed so far
    // Sends what the server prints to a file (appending), as the app and spacectl do when
    // they start it in the background: stdout is then not a terminal and not a pipe.
    void setLogFile(const QString &path) { m_logFile = path; }

    // Runs `spacesd <arguments> --data-dir <ours>` to completion (user add, template add...).
    int runAdminCommand(const QStringList &arguments, QByteArray *standardOutput,
                        QByteArray *standardError = nullptr) const;

    // Process groups recorded in the database, for tests that look at real processes.
    QList<qint64> recordedProcessGroups() const;
    // SIGKILLs every recorded group whose number still names it (see SeenProcessGroup).
    void killRecordedSpaces() const;
    // The recorded groups with their leaders as the backend's handles name them.
    QList<SeenProcessGroup> recordedGroups() const;

private:
    std::unique_ptr<QTemporaryDir> m_temporary;
    QString m_dataDirectory;
    std::unique_ptr<QProcess> m_process;
    mutable QByteArray m_output;
    QUrl m_url;
    QString m_token;
    QString m_logFile;
};

} // namespace spaces::test
