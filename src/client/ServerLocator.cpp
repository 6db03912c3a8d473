#include "ServerLocator.h"

#include "SpacesLibrary.h"

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

// The live process that holds spacesd's lock on the data directory, or 0.
qint64 lockHolder(const QString &directory)
{
    QLockFile lock(QDir(directory).filePath(QStringLiteral("spacesd.lock")));
    qint64 pid = 0;
    QString host;
    QString application;
    if (!lock.getLockInfo(&pid, &host, &application))
        return 0;
    return isProcessAlive(pid) ? pid : 0;
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
    if (const ConnectionSettings local = answeringLocalServer(); !local.baseUrl.isEmpty())
        return local;
    return startLocalServer();
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

ConnectionSettings ServerLocator::answeringLocalServer() const
{
    ServerInfo info;
    QString ignored;
    if (!ServerInfo::read(ServerInfo::fileIn(dataDirectory()), &info, &ignored))
        return {};
    // A file left behind by a server that is gone.
    if (info.pid > 0 && !isProcessAlive(info.pid))
        return {};
    ConnectionSettings settings;
    settings.baseUrl = info.url;
    settings.token = info.token;
    settings.requestTimeout = PingTimeout;
    if (!SpacesLibrary(settings).ping())
        return {};
    settings.requestTimeout = ConnectionSettings().requestTimeout;
    return settings;
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

Expected<ConnectionSettings> ServerLocator::startLocalServer()
{
    QString error;
    const QString program = findSpacesd(&error);
    if (program.isEmpty())
        return ApiError::network(error);
    const QString directory = dataDirectory();
    if (!QDir(directory).exists()) {
        if (!QDir().mkpath(directory))
            return ApiError::network(tr("cannot create the data directory %1").arg(directory));
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
    const QString logFile = QDir(directory).filePath(LogName);
    QFile(logFile).open(QIODevice::WriteOnly | QIODevice::Truncate);
    process.setStandardOutputFile(logFile, QIODevice::Append);
    process.setStandardErrorFile(logFile, QIODevice::Append);
    qint64 pid = 0;
    if (!process.startDetached(&pid))
        return ApiError::network(tr("could not start %1: %2").arg(program, process.errorString()));
    m_startedPid = pid;

    const QDeadlineTimer deadline(m_startTimeout);
    for (;;) {
        if (const ConnectionSettings local = answeringLocalServer(); !local.baseUrl.isEmpty())
            return local;
        if (pid != 0 && !isProcessAlive(pid)) {
            // Another spacesd may have won a race to serve this directory (a spacectl started
            // at the same moment): ours gave up, theirs is about to answer.
            if (const ConnectionSettings local = answeringLocalServer(); !local.baseUrl.isEmpty())
                return local;
            if (const qint64 holder = lockHolder(directory); holder != 0 && holder != pid) {
                pid = 0;
                m_startedPid = 0;
                continue;
            }
            m_startedPid = 0;
            const QString tail = logTail();
            return ApiError::network(
                tail.isEmpty()
                    ? tr("spacesd (%1) exited before it served %2").arg(program, directory)
                    : tr("spacesd (%1) exited before it served %2: %3")
                          .arg(program, directory, tail));
        }
        if (deadline.hasExpired())
            break;
        pause(PollInterval);
    }
    return ApiError::timeout(
        tr("the spacesd started for %1 did not answer within %2 seconds; see %3")
            .arg(directory)
            .arg(std::chrono::duration_cast<std::chrono::seconds>(m_startTimeout).count())
            .arg(QDir(directory).filePath(LogName)));
}

QString ServerLocator::logTail() const
{
    QFile log(QDir(dataDirectory()).filePath(LogName));
    if (!log.open(QIODevice::ReadOnly))
        return {};
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
