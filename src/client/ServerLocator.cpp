#include "ServerLocator.h"

#include "ClientLogging.h"
#include "SpacesLibrary.h"
#include "TransportError.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTimer>
#include <algorithm>
#include <cerrno>
#include <csignal>

namespace spaces {

namespace {

const auto SpacesdName = QStringLiteral("spacesd");
const auto LogName = QStringLiteral("spacesd.log");
const auto LockName = QStringLiteral("spacesd.lock"); // taken by spacesd (Daemon::lock)
constexpr std::chrono::milliseconds PollInterval{100};

// A live process: exists and is not a zombie (a dead server's pid may linger as one).
bool isProcessAlive(qint64 pid)
{
    if (pid <= 0)
        return false;
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (stat.open(QIODevice::ReadOnly)) {
        const QByteArray text = stat.readAll();
        const qsizetype close = text.lastIndexOf(')');
        if (close >= 0 && close + 2 < text.size()) {
            const char state = text.at(close + 2);
            return state != 'Z' && state != 'X';
        }
        return true;
    }
    return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

// The live process that holds spacesd's lock on the data directory, or 0. As QLockFile itself
// judges staleness: a pid now used by another program does not hold the lock.
qint64 lockHolder(const QString &directory)
{
    QLockFile lock(QDir(directory).filePath(LockName));
    qint64 pid = 0;
    QString host;
    QString application;
    if (!lock.getLockInfo(&pid, &host, &application) || !isProcessAlive(pid))
        return 0;
    QString program =
        QFileInfo(QFile::symLinkTarget(QStringLiteral("/proc/%1/exe").arg(pid))).fileName();
    // A binary replaced by an upgrade while it runs still holds the lock.
    if (program.endsWith(QLatin1StringView(" (deleted)")))
        program.chop(10);
    if (!program.isEmpty() && !application.isEmpty() && program != application)
        return 0;
    return pid;
}

// Whether `file` was last written before spacesd's lock in `directory` was taken.
bool isOlderThanLock(const QString &file, const QString &directory)
{
    const QDateTime written = QFileInfo(file).lastModified();
    const QDateTime locked = QFileInfo(QDir(directory).filePath(LockName)).lastModified();
    return written.isValid() && locked.isValid() && written < locked;
}

void pause(std::chrono::milliseconds interval)
{
    QEventLoop loop;
    QTimer::singleShot(interval, &loop, &QEventLoop::quit);
    loop.exec();
}

} // namespace

ServerLocator::ServerLocator(QProcessEnvironment environment, QString executableDirectory)
    : m_environment(std::move(environment))
    , m_executableDirectory(std::move(executableDirectory))
{}

bool ServerLocator::isServerUrl(const QUrl &url)
{
    const QString scheme = url.scheme();
    return url.isValid() && !url.host().isEmpty() &&
           (scheme == QLatin1StringView("http") || scheme == QLatin1StringView("https"));
}

QString ServerLocator::dataDirectory() const
{
    const QString configured = m_environment.value(QStringLiteral("SPACES_DATA_DIR"));
    return configured.isEmpty() ? ServerInfo::defaultDataDirectory() : configured;
}

Expected<ConnectionSettings> ServerLocator::locate(const QString &serverOption,
                                                   const QString &tokenOption)
{
    const QString url =
        serverOption.isEmpty() ? m_environment.value(QStringLiteral("SPACES_URL")) : serverOption;
    const QString token =
        tokenOption.isEmpty() ? m_environment.value(QStringLiteral("SPACES_TOKEN")) : tokenOption;
    if (!url.isEmpty())
        return explicitServer(url, token);
    if (!tokenOption.isEmpty()) {
        return ApiError::badRequest(
            tr("--token needs a server as well: give --server URL (or set SPACES_URL)"));
    }
    if (!token.isEmpty()) {
        return ApiError::badRequest(
            tr("SPACES_TOKEN is set but SPACES_URL is not: set both, or neither "
               "to use the local spacesd"));
    }
    const Probe probe = probeLocalServer();
    if (probe.state == Probe::State::Answering)
        return probe.settings;
    // A spacesd serves the directory: never a second one, whatever server.json says.
    if (const qint64 holder = lockHolder(dataDirectory()); holder != 0)
        return waitForHolder(holder, true);
    return startLocalServer(probe);
}

Expected<ConnectionSettings> ServerLocator::findServing(bool *noneRunning)
{
    *noneRunning = false;
    const Probe probe = probeLocalServer();
    if (probe.state == Probe::State::Answering)
        return probe.settings;
    if (const qint64 holder = lockHolder(dataDirectory()); holder != 0) {
        return ApiError::network(
            probe.sentence.isEmpty()
                ? tr("spacesd (pid %1) is starting for %2").arg(holder).arg(dataDirectory())
                : probe.sentence);
    }
    *noneRunning = true;
    return ApiError::network(
        tr("The spaces server on this computer is not running (%1)").arg(dataDirectory()));
}

Expected<ConnectionSettings> ServerLocator::explicitServer(const QString &url,
                                                           const QString &token) const
{
    const QString source = url == m_environment.value(QStringLiteral("SPACES_URL"))
                               ? QStringLiteral("SPACES_URL")
                               : QStringLiteral("--server");
    QUrl baseUrl(url.trimmed());
    if (!isServerUrl(baseUrl)) {
        return ApiError::badRequest(
            tr("'%1' (from %2) is not a server address: give an http(s) URL such as "
               "http://127.0.0.1:8080")
                .arg(url, source));
    }
    // The client adds /api itself: accept the address with or without it.
    QString path = baseUrl.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    if (path.endsWith(QLatin1StringView("/api")))
        path.chop(4);
    baseUrl.setPath(path);
    if (token.isEmpty()) {
        return ApiError::badRequest(tr("no token for %1: give --token TOKEN (or set SPACES_TOKEN)")
                                        .arg(baseUrl.toString()));
    }
    ConnectionSettings settings;
    settings.baseUrl = baseUrl;
    settings.token = token;
    return settings;
}

ServerLocator::Probe ServerLocator::probeLocalServer() const
{
    Probe probe;
    const QString path = ServerInfo::fileIn(dataDirectory());
    if (!QFileInfo::exists(path))
        return probe;
    ServerInfo info;
    if (!ServerInfo::read(path, &info, &probe.sentence)) {
        probe.state = Probe::State::Unreadable;
        return probe;
    }
    const QString url = TransportError::serverName(info.url);
    // A file left behind by a server that is gone.
    if (info.pid > 0 && !isProcessAlive(info.pid)) {
        probe.state = Probe::State::Stale;
        probe.sentence =
            tr("%1 is left from a spacesd (pid %2) that has ended").arg(path).arg(info.pid);
        return probe;
    }
    ConnectionSettings settings;
    settings.baseUrl = info.url;
    settings.token = info.token;
    settings.requestTimeout = PingTimeout;
    const Expected<QString> pong = SpacesLibrary(settings).ping();
    settings.requestTimeout = ConnectionSettings().requestTimeout;
    probe.settings = settings;
    if (pong) {
        probe.state = Probe::State::Answering;
        return probe;
    }
    const ApiError &error = pong.error();
    switch (error.kind()) {
    case ApiError::Kind::Network:
    case ApiError::Kind::Timeout:
        probe.state = Probe::State::Silent;
        probe.sentence =
            tr("%1 names %2, where nothing answers (%3)").arg(path, url, error.message);
        break;
    case ApiError::Kind::Unauthorized:
        probe.state = Probe::State::Foreign;
        probe.sentence = tr("%1 names %2, a server that does not accept the token in that file: "
                            "it is not the spacesd of %3")
                             .arg(path, url, dataDirectory());
        break;
    default:
        probe.state = Probe::State::Foreign;
        probe.sentence =
            tr("%1 names %2, which is not a spaces server (%3)").arg(path, url, error.message);
        break;
    }
    return probe;
}

Expected<ConnectionSettings> ServerLocator::waitForHolder(qint64 holder, bool mayStart)
{
    const QDeadlineTimer deadline(m_startTimeout);
    Probe probe = probeLocalServer();
    for (;;) {
        if (probe.state == Probe::State::Answering)
            return probe.settings;
        if (!isProcessAlive(holder)) {
            // It ended (or gave up a race): the directory is free again.
            if (const qint64 next = lockHolder(dataDirectory()); next != 0 && next != holder)
                return waitForHolder(next, mayStart);
            if (mayStart)
                return startLocalServer(probe);
            break;
        }
        // A corrupt file or a foreign server does not heal by waiting once the holder has
        // written server.json (once, whole, after taking the lock); an older file is from
        // before it, and a spacesd still starting is about to replace it.
        const bool mayHeal =
            (probe.state != Probe::State::Unreadable && probe.state != Probe::State::Foreign) ||
            isOlderThanLock(ServerInfo::fileIn(dataDirectory()), dataDirectory());
        if (!mayHeal || deadline.hasExpired())
            break;
        pause(PollInterval);
        probe = probeLocalServer();
    }
    const QString directory = dataDirectory();
    const QString why =
        probe.state == Probe::State::Missing
            ? tr("it has not written %1 within %2 seconds")
                  .arg(ServerInfo::fileIn(directory))
                  .arg(std::chrono::duration_cast<std::chrono::seconds>(m_startTimeout).count())
            : probe.sentence;
    return ApiError::network(tr("spacesd (pid %1) is serving %2 but cannot be used: %3. Stop it, "
                                "and the next connection starts a new one")
                                 .arg(holder)
                                 .arg(directory, why));
}

QString ServerLocator::findSpacesd(QString *error) const
{
    if (!m_executableDirectory.isEmpty()) {
        const QFileInfo beside(QDir(m_executableDirectory).filePath(SpacesdName));
        if (beside.isFile() && beside.isExecutable())
            return beside.absoluteFilePath();
    }
    const QStringList path =
        m_environment.value(QStringLiteral("PATH")).split(u':', Qt::SkipEmptyParts);
    // findExecutable with no paths would search the PATH of this process instead.
    const QString onPath =
        path.isEmpty() ? QString() : QStandardPaths::findExecutable(SpacesdName, path);
    if (onPath.isEmpty()) {
        *error =
            tr("no spacesd found next to %1 or on PATH: install spacesd, or give --server URL "
               "--token TOKEN")
                .arg(m_executableDirectory.isEmpty() ? tr("this program") : m_executableDirectory);
    }
    return onPath;
}

Expected<ConnectionSettings> ServerLocator::startFailed(const Probe &why,
                                                        const ApiError &error) const
{
    if (why.state == Probe::State::Missing || why.sentence.isEmpty())
        return error;
    ApiError said = error;
    //: %1 why a spacesd had to be started (server.json's problem), %2 why that failed
    said.message = tr("%1; starting a new spacesd failed: %2").arg(why.sentence, error.message);
    return said;
}

Expected<ConnectionSettings> ServerLocator::startLocalServer(const Probe &why)
{
    QString error;
    const QString program = findSpacesd(&error);
    if (program.isEmpty())
        return startFailed(why, ApiError::network(error));
    const QString directory = dataDirectory();
    if (!QDir(directory).exists()) {
        if (!QDir().mkpath(directory))
            return startFailed(
                why, ApiError::network(tr("cannot create the data directory %1").arg(directory)));
        QFile::setPermissions(directory, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                             QFileDevice::ExeOwner);
    }

    QProcess process;
    process.setProgram(program);
    process.setArguments({QStringLiteral("--data-dir"), directory});
    process.setWorkingDirectory(directory);
    process.setProcessEnvironment(m_environment);
    process.setStandardInputFile(QProcess::nullDevice());
    // Not our stdout: whoever reads spacectl's output must not wait for the server's end.
    // Appended to (O_APPEND), never truncated: another spacesd may be writing it, and what it
    // said before is its history. Created private, as spacesd keeps it.
    const QString logFile = QDir(directory).filePath(LogName);
    {
        QFile log(logFile);
        if (log.open(QIODevice::WriteOnly | QIODevice::Append,
                     QFileDevice::ReadOwner | QFileDevice::WriteOwner))
            m_logStart = log.size();
    }
    process.setStandardOutputFile(logFile, QIODevice::Append);
    process.setStandardErrorFile(logFile, QIODevice::Append);
    qint64 pid = 0;
    if (!process.startDetached(&pid)) {
        return startFailed(
            why,
            ApiError::network(tr("could not start %1: %2").arg(program, process.errorString())));
    }
    m_startedPid = pid;
    qCDebug(lcClient) << "started spacesd" << pid << "for" << directory;

    const QDeadlineTimer deadline(m_startTimeout);
    Probe probe;
    for (;;) {
        probe = probeLocalServer();
        if (probe.state == Probe::State::Answering)
            return probe.settings;
        if (!isProcessAlive(pid)) {
            m_startedPid = 0;
            // Another spacesd may have won a race to serve this directory (a spacectl started
            // at the same moment): ours gave up, theirs is about to answer.
            if (const qint64 holder = lockHolder(directory); holder != 0 && holder != pid)
                return waitForHolder(holder, false);
            if (probe = probeLocalServer(); probe.state == Probe::State::Answering)
                return probe.settings;
            const QString tail = logTail();
            return startFailed(
                why, ApiError::network(
                         tail.isEmpty()
                             ? tr("spacesd (%1) exited before it served %2").arg(program, directory)
                             : tr("spacesd (%1) exited before it served %2: %3")
                                   .arg(program, directory, tail)));
        }
        if (deadline.hasExpired())
            break;
        pause(PollInterval);
    }
    const QString seconds =
        QString::number(std::chrono::duration_cast<std::chrono::seconds>(m_startTimeout).count());
    return ApiError::timeout(
        probe.state == Probe::State::Missing || probe.sentence.isEmpty()
            ? tr("the spacesd started for %1 (pid %2) did not answer within %3 seconds; see %4")
                  .arg(directory)
                  .arg(pid)
                  .arg(seconds, QDir(directory).filePath(LogName))
            : tr("the spacesd started for %1 (pid %2) did not answer within %3 seconds (%4); "
                 "see %5")
                  .arg(directory)
                  .arg(pid)
                  .arg(seconds, probe.sentence, QDir(directory).filePath(LogName)));
}

QString ServerLocator::logTail() const
{
    QFile log(QDir(dataDirectory()).filePath(LogName));
    if (!log.open(QIODevice::ReadOnly))
        return {};
    // Only what the spacesd started here wrote, and only the end of that.
    constexpr qint64 MaxTailBytes = 16 * 1024;
    log.seek(std::max(m_logStart, log.size() - MaxTailBytes));
    QStringList lines;
    const QStringList all = QString::fromUtf8(log.readAll()).split(u'\n', Qt::SkipEmptyParts);
    for (const QString &line : all) {
        // The admin token is not for error messages.
        if (!line.contains(QLatin1StringView("token")))
            lines.append(line.trimmed());
    }
    return lines.mid(std::max<qsizetype>(0, lines.size() - 3)).join(QStringLiteral("; "));
}

} // namespace spaces
