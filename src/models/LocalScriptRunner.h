#pragma once

#include "SpacesClient.h"

#include <QObject>
#include <QProcess>
#include <QStringDecoder>
#include <QStringList>
#include <QTimer>
#include <memory>

namespace spaces {

// The Local environment in the app, as `spacectl script` is on the command line: runs a
// Python file of this computer (`python3 FILE ARGS...`) against the current connection,
// whose SPACES_URL and SPACES_TOKEN it puts in the script's environment, so that
// `import spaces` talks to the server the app shows. The script runs in a process group of
// its own, stdout and stderr merged and reported as they arrive (PYTHONUNBUFFERED); stop()
// ends the whole group: TERM, then KILL after a grace period. One run at a time; nothing
// here waits: every step is a QProcess signal.
class LocalScriptRunner final : public QObject
{
    Q_OBJECT

public:
    explicit LocalScriptRunner(ConnectionSettings settings, QObject *parent = nullptr);
    // A run still going is killed with its group: it was this window's.
    ~LocalScriptRunner() override;

    // The interpreter: $SPACES_PYTHON, else python3 from PATH, unless told otherwise.
    void setInterpreter(const QString &program) { m_interpreter = program; }
    void setStopGrace(std::chrono::milliseconds grace) { m_stopGrace = grace; }

    // False (and *error says why) while a run is under way or when there is no file.
    bool start(const QString &file, const QStringList &arguments = {}, QString *error = nullptr);
    // Ends the running script and everything it started.
    void stop();

    bool isRunning() const { return m_process != nullptr; }
    QString file() const { return m_file; }

    // How a run ended: its exit code, or that a signal (the stop, a crash) ended it.
    struct Ending
    {
        int exitCode = 0;
        bool crashed = false; // ended by a signal
        bool stopped = false; // by stop()
        bool succeeded() const { return !crashed && !stopped && exitCode == 0; }
    };

Q_SIGNALS:
    void runningChanged(bool running);
    void output(const QString &text);
    void finished(const spaces::LocalScriptRunner::Ending &ending);
    // The interpreter could not be started; the sentence says why.
    void failedToStart(const QString &sentence);

private:
    void readOutput();
    void processEnded(int exitCode, QProcess::ExitStatus status);
    void processFailed(QProcess::ProcessError error);
    void signalGroup(int signal);
    void release();

    ConnectionSettings m_settings;
    QString m_interpreter = QStringLiteral("python3");
    std::chrono::milliseconds m_stopGrace{3000};
    QProcess *m_process = nullptr;
    qint64 m_group = 0;
    QString m_file;
    bool m_stopping = false;
    QTimer m_killTimer;
    QStringDecoder m_decoder{QStringDecoder::Utf8};
};

} // namespace spaces
