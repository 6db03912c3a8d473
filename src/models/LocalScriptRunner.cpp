#include "LocalScriptRunner.h"

#include <QLoggingCategory>
#include <QProcessEnvironment>
#include <csignal>
#include <unistd.h>

namespace spaces {

Q_LOGGING_CATEGORY(lcLocalScript, "spaces.localscript", QtWarningMsg)

LocalScriptRunner::LocalScriptRunner(ConnectionSettings settings, QObject *parent)
    : QObject(parent)
    , m_settings(std::move(settings))
{
    // The interpreter `spacectl script` uses too.
    if (const QString configured = qEnvironmentVariable("SPACES_PYTHON"); !configured.isEmpty())
        m_interpreter = configured;
    m_killTimer.setSingleShot(true);
    connect(&m_killTimer, &QTimer::timeout, this, [this] { signalGroup(SIGKILL); });
}

LocalScriptRunner::~LocalScriptRunner()
{
    if (!m_process)
        return;
    m_process->disconnect(this);
    signalGroup(SIGKILL);
    // Killed: QProcess's own destructor reaps it at once.
    delete m_process;
}

bool LocalScriptRunner::start(const QString &file, const QStringList &arguments, QString *error)
{
    const auto refuse = [error](const QString &sentence) {
        if (error)
            *error = sentence;
        return false;
    };
    if (m_process)
        return refuse(tr("A script from this computer is already running: stop it first."));
    if (file.trimmed().isEmpty())
        return refuse(tr("Choose a Python file to run."));

    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("SPACES_URL"), m_settings.baseUrl.toString());
    environment.insert(QStringLiteral("SPACES_TOKEN"), m_settings.token);
    // Output as it is printed, not when a pipe's buffer fills.
    environment.insert(QStringLiteral("PYTHONUNBUFFERED"), QStringLiteral("1"));

    m_process = new QProcess(this);
    m_process->setProcessEnvironment(environment);
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->setInputChannelMode(QProcess::ManagedInputChannel);
    // Its own group, so that stop() reaches what the script started too.
    m_process->setChildProcessModifier([] { ::setpgid(0, 0); });
    m_file = file;
    m_stopping = false;
    m_decoder = QStringDecoder(QStringDecoder::Utf8);
    connect(m_process, &QProcess::readyReadStandardOutput, this, &LocalScriptRunner::readOutput);
    connect(m_process, &QProcess::finished, this, &LocalScriptRunner::processEnded);
    connect(m_process, &QProcess::errorOccurred, this, &LocalScriptRunner::processFailed);
    connect(m_process, &QProcess::started, this, [this] {
        m_group = m_process->processId();
        m_process->closeWriteChannel(); // a script waiting for input gets end of file
        qCDebug(lcLocalScript) << "running" << m_file << "as group" << m_group;
        if (m_stopping) // stopped while it was being started
            signalGroup(SIGTERM);
    });
    // Announced first: an interpreter that is not there is reported from within start().
    Q_EMIT runningChanged(true);
    m_process->start(m_interpreter, QStringList{file} + arguments);
    return true;
}

void LocalScriptRunner::stop()
{
    if (!m_process || m_stopping)
        return;
    m_stopping = true;
    signalGroup(SIGTERM);
    m_killTimer.start(m_stopGrace);
}

void LocalScriptRunner::signalGroup(int signal)
{
    if (m_group > 1)
        ::kill(pid_t(-m_group), signal);
}

void LocalScriptRunner::readOutput()
{
    const QString text = m_decoder.decode(m_process->readAllStandardOutput());
    if (!text.isEmpty())
        Q_EMIT output(text);
}

void LocalScriptRunner::processEnded(int exitCode, QProcess::ExitStatus status)
{
    readOutput();
    Ending ending;
    ending.exitCode = exitCode;
    ending.crashed = status == QProcess::CrashExit;
    ending.stopped = m_stopping;
    // What the script left behind in its group ends with it.
    if (m_stopping)
        signalGroup(SIGKILL);
    release();
    Q_EMIT finished(ending);
}

void LocalScriptRunner::processFailed(QProcess::ProcessError error)
{
    if (error != QProcess::FailedToStart)
        return; // a crash or a stop: finished() reports it
    const QString program = m_interpreter;
    release();
    Q_EMIT failedToStart(
        tr("%1 could not be started (is Python 3 installed on this computer?)").arg(program));
}

void LocalScriptRunner::release()
{
    m_killTimer.stop();
    if (m_process) {
        m_process->disconnect(this);
        m_process->deleteLater();
        m_process = nullptr;
    }
    m_group = 0;
    m_stopping = false;
    Q_EMIT runningChanged(false);
}

} // namespace spaces
