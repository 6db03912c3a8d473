#include "SpacesdProcess.h"

#include "ApiCall.h"
#include "ServerInfo.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QUuid>
#include <csignal>

namespace spaces::test {

SpacesdProcess::SpacesdProcess()
    : m_temporary(std::make_unique<QTemporaryDir>())
    , m_dataDirectory(m_temporary->path() + QStringLiteral("/data"))
{}

SpacesdProcess::SpacesdProcess(QString dataDirectory)
    : m_dataDirectory(std::move(dataDirectory))
{}

SpacesdProcess::~SpacesdProcess()
{
    if (isRunning())
        terminate();
    killRecordedSpaces();
}

QString SpacesdProcess::spacesdPath() const
{
    return QString::fromLocal8Bit(qgetenv("SPACES_SPACESD"));
}

bool SpacesdProcess::start(QString *error, const QStringList &extraArguments)
{
    if (spacesdPath().isEmpty()) {
        *error = QStringLiteral("SPACES_SPACESD is not set: run the tests through ctest");
        return false;
    }
    QFile::remove(ServerInfo::fileIn(m_dataDirectory));
    m_process = std::make_unique<QProcess>();
    if (m_logFile.isEmpty()) {
        m_process->setProcessChannelMode(QProcess::MergedChannels);
    } else {
        m_process->setStandardOutputFile(m_logFile, QIODevice::Append);
        m_process->setStandardErrorFile(m_logFile, QIODevice::Append);
    }
    m_process->start(spacesdPath(),
                     QStringList{QStringLiteral("--data-dir"), m_dataDirectory,
                                 QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                                 QStringLiteral("--stop-grace-ms"), QStringLiteral("1000")} +
                         extraArguments);
    if (!m_process->waitForStarted(5000)) {
        *error = QStringLiteral("spacesd did not start: %1").arg(m_process->errorString());
        return false;
    }
    const QDeadlineTimer deadline(15000);
    while (!deadline.hasExpired()) {
        ServerInfo info;
        QString ignored;
        if (m_process->state() != QProcess::Running) {
            *error = QStringLiteral("spacesd exited: %1").arg(QString::fromUtf8(output()));
            return false;
        }
        if (ServerInfo::read(ServerInfo::fileIn(m_dataDirectory), &info, &ignored) &&
            info.pid == m_process->processId()) {
            m_url = info.url;
            m_token = info.token;
            if (ApiCall(m_url, m_token).get(QStringLiteral("/api/ping")).status == 200)
                return true;
        }
        // Waiting on the process (not sleeping) lets QProcess notice an early exit.
        m_process->waitForFinished(20);
    }
    *error = QStringLiteral("spacesd did not answer in time: %1").arg(QString::fromUtf8(output()));
    return false;
}

int SpacesdProcess::terminate()
{
    if (!isRunning())
        return m_process ? m_process->exitCode() : -1;
    ::kill(static_cast<pid_t>(m_process->processId()), SIGTERM);
    if (!m_process->waitForFinished(15000)) {
        m_process->kill();
        m_process->waitForFinished(5000);
        return -1;
    }
    output();
    return m_process->exitStatus() == QProcess::NormalExit ? m_process->exitCode() : -1;
}

void SpacesdProcess::kill()
{
    if (!isRunning())
        return;
    m_process->kill();
    m_process->waitForFinished(5000);
}

bool SpacesdProcess::isRunning() const
{
    return m_process && m_process->state() == QProcess::Running;
}

qint64 SpacesdProcess::processId() const
{
    return m_process ? m_process->processId() : 0;
}

qint64 SpacesdProcess::memoryKiB(const char *field) const
{
    QFile status(QStringLiteral("/proc/%1/status").arg(processId()));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray prefix = QByteArray(field) + ':';
    const QList<QByteArray> lines = status.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

QByteArray SpacesdProcess::output() const
{
    if (!m_logFile.isEmpty()) {
        QFile log(m_logFile);
        return log.open(QIODevice::ReadOnly) ? log.readAll() : QByteArray();
    }
    if (m_process)
        m_output += m_process->readAll();
    return m_output;
}

int SpacesdProcess::runAdminCommand(const QStringList &arguments, QByteArray *standardOutput,
                                    QByteArray *standardError) const
{
    QProcess process;
    process.start(spacesdPath(),
                  arguments + QStringList{QStringLiteral("--data-dir"), m_dataDirectory});
    if (!process.waitForFinished(15000)) {
        process.kill();
        process.waitForFinished();
        return -1;
    }
    if (standardOutput)
        *standardOutput = process.readAllStandardOutput();
    if (standardError)
        *standardError = process.readAllStandardError();
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

QList<qint64> SpacesdProcess::recordedProcessGroups() const
{
    QList<qint64> groups;
    for (const SeenProcessGroup &seen : recordedGroups())
        groups.append(seen.group());
    return groups;
}

QList<SeenProcessGroup> SpacesdProcess::recordedGroups() const
{
    QList<SeenProcessGroup> groups;
    const QString databasePath = QDir(m_dataDirectory).filePath(QStringLiteral("spaces.db"));
    if (!QFile::exists(databasePath))
        return groups;
    const QString connection = QStringLiteral("test-sweep-") + QUuid::createUuid().toString();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(databasePath);
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec(QStringLiteral("SELECT process_group, runtime_handle FROM spaces"
                                          " WHERE process_group > 0"))) {
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

void SpacesdProcess::killRecordedSpaces() const
{
    for (const SeenProcessGroup &seen : recordedGroups())
        seen.kill();
}

} // namespace spaces::test
