#pragma once

// Header-only helpers for the integration tests that look at real processes and sockets:
// a spacesd with API shortcuts, /proc inspection, guards that kill what a test started, free
// ports, and a TCP echo server of the test's own. Nothing here uses QTest macros: helpers
// report, tests decide.

#include "ApiCall.h"
#include "FreePort.h"
#include "SpacesdProcess.h"

#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpServer>
#include <QUuid>
#include <arpa/inet.h>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <mutex>
#include <netinet/in.h>
#include <optional>
#include <poll.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace spaces::test {

using namespace Qt::StringLiterals;

// ---- processes ---------------------------------------------------------------------------

// Reads state and process group of a pid from /proc; false when there is no such process.
inline bool readProcStat(qint64 pid, char *state, qint64 *pgrp)
{
    QFile file(u"/proc/%1/stat"_s.arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QByteArray text = file.readAll();
    const qsizetype close = text.lastIndexOf(')');
    if (close < 0)
        return false;
    const QList<QByteArray> fields = text.mid(close + 2).split(' ');
    if (fields.size() < 3 || fields[0].isEmpty())
        return false;
    *state = fields[0].at(0);
    *pgrp = fields[2].toLongLong();
    return true;
}

// A process that exists and is not a zombie (zombies are dead; nobody may reap them here).
inline bool isProcessAlive(qint64 pid)
{
    char state = 0;
    qint64 group = 0;
    return pid > 0 && readProcStat(pid, &state, &group) && state != 'Z' && state != 'X';
}

// Live members of a process group, from /proc.
inline QList<qint64> processGroupMembers(qint64 pgid)
{
    QList<qint64> members;
    if (pgid <= 1)
        return members;
    const QStringList entries = QDir(u"/proc"_s).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        bool ok = false;
        const qint64 pid = entry.toLongLong(&ok);
        char state = 0;
        qint64 group = 0;
        if (ok && readProcStat(pid, &state, &group) && group == pgid && state != 'Z' &&
            state != 'X')
            members.append(pid);
    }
    return members;
}

inline bool noneAlive(const QList<qint64> &pids)
{
    for (const qint64 pid : pids) {
        if (isProcessAlive(pid))
            return false;
    }
    return true;
}

inline bool allAlive(const QList<qint64> &pids)
{
    for (const qint64 pid : pids) {
        if (!isProcessAlive(pid))
            return false;
    }
    return !pids.isEmpty();
}

// SIGKILLs, when it goes out of scope, every process group and pid it was given: whatever a
// test saw running is gone afterwards, even when the test failed half-way.
class KillGuard final
{
public:
    KillGuard() = default;
    KillGuard(const KillGuard &) = delete;
    KillGuard &operator=(const KillGuard &) = delete;
    ~KillGuard()
    {
        for (const SeenProcessGroup &group : std::as_const(m_groups))
            group.kill();
        for (const auto &[pid, group] : std::as_const(m_pids)) {
            // Only if it is still the process we saw (same group), not a reused pid.
            char state = 0;
            qint64 current = 0;
            if (pid > 1 && pid != qint64(::getpid()) && readProcStat(pid, &state, &current) &&
                current == group)
                ::kill(pid_t(pid), SIGKILL);
        }
    }
    void addGroup(qint64 group) { m_groups.append(SeenProcessGroup::now(group)); }
    void addPids(const QList<qint64> &pids)
    {
        for (const qint64 pid : pids) {
            char state = 0;
            qint64 group = 0;
            if (readProcStat(pid, &state, &group))
                m_pids.append({pid, group});
        }
    }

private:
    QList<SeenProcessGroup> m_groups;
    QList<QPair<qint64, qint64>> m_pids; // pid, its process group when added
};

// True while some process holds a lock on `path` (flock). A space's services can take a
// shared lock on a file in their home: every process that inherited it keeps it, whatever it
// did to its environment, session or pid namespace, so a free lock proves none is left, and
// the test needs neither the server's word nor a scan of /proc.
inline bool isLockHeld(const QString &path)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    const bool held = ::flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK;
    ::close(fd);
    return held;
}

// ---- a spacesd and its API ---------------------------------------------------------------

// A spacesd of the test's own plus shortcuts for the calls every test needs, as the admin.
class TestServer final
{
public:
    TestServer() = default;
    explicit TestServer(const QString &dataDirectory)
        : process(dataDirectory)
    {}

    bool start(QString *error, const QStringList &extraArguments = {})
    {
        return process.start(error, extraArguments);
    }
    ApiCall api() const { return ApiCall(process.url(), process.token()); }

    // Creates a template; returns its id, or an empty string (and *reply says why).
    QString createTemplate(const QJsonObject &body, ApiReply *reply = nullptr) const
    {
        const ApiReply created = api().post(u"/api/templates"_s, body);
        if (reply)
            *reply = created;
        return created.status == 201 ? created.json.value(u"template_id"_s).toString() : QString();
    }

    // Creates a space; returns its id, or an empty string (and *reply says why).
    QString createSpace(const QString &name, const QString &templateKey,
                        const QList<QPair<QString, QString>> &fields = {},
                        const QString &shell = {}, ApiReply *reply = nullptr) const
    {
        QJsonArray values;
        for (const auto &[field, value] : fields)
            values.append(QJsonObject{{u"name"_s, field}, {u"value"_s, value}});
        QJsonObject body{
            {u"name"_s, name}, {u"template_id"_s, templateKey}, {u"custom_fields"_s, values}};
        if (!shell.isEmpty())
            body.insert(u"shell"_s, shell);
        const ApiReply created = api().post(u"/api/spaces"_s, body);
        if (reply)
            *reply = created;
        return created.status == 201 ? created.json.value(u"space_id"_s).toString() : QString();
    }

    // A refused start prints the server's sentence and its last words, so that a failure
    // seen only once in CI still says why.
    int startSpace(const QString &key) const
    {
        const ApiReply started = api().post(u"/api/spaces/%1/start"_s.arg(key));
        if (started.status != 200) {
            qWarning().noquote() << "start of" << key << "answered" << started.status
                                 << started.error() << started.networkError;
            qWarning().noquote() << "spacesd printed:" << process.output().right(4000);
        }
        return started.status;
    }
    int stopSpace(const QString &key) const
    {
        return api().post(u"/api/spaces/%1/stop"_s.arg(key)).status;
    }
    QJsonObject space(const QString &key) const { return api().get(u"/api/spaces/"_s + key).json; }
    // For a wait on a space that timed out: what the server says of it, and its last words.
    QString explain(const QString &key) const
    {
        return u"space: %1\nspacesd printed: %2"_s.arg(
            QString::fromUtf8(QJsonDocument(space(key)).toJson(QJsonDocument::Compact)),
            QString::fromUtf8(process.output().right(4000)));
    }
    bool isDeployed(const QString &key) const
    {
        return space(key).value(u"is_deployed"_s).toBool();
    }

    QString spaceDirectory(const QString &id) const
    {
        return process.dataDirectory() + u"/spaces/"_s + id;
    }
    QString home(const QString &id) const { return spaceDirectory(id) + u"/home"_s; }
    QString logFile(const QString &id) const { return spaceDirectory(id) + u"/space.log"_s; }

    // The backend's handle the database records for a space ("sandbox:<pid>:<start>", ...).
    QString handleOf(const QString &spaceId) const
    {
        return recorded(u"runtime_handle"_s, spaceId).toString();
    }
    // The process group the database records for a space (0: none, -1: unreadable).
    qint64 processGroupOf(const QString &spaceId) const
    {
        const QVariant value = recorded(u"process_group"_s, spaceId);
        return value.isValid() ? value.toLongLong() : -1;
    }
    QVariant recorded(const QString &column, const QString &spaceId) const
    {
        QVariant result;
        const QString connection = u"kit-"_s + QUuid::createUuid().toString();
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, connection);
            db.setDatabaseName(QDir(process.dataDirectory()).filePath(u"spaces.db"_s));
            db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
            if (db.open()) {
                QSqlQuery query(db);
                query.prepare(u"SELECT %1 FROM spaces WHERE id = ?"_s.arg(column));
                query.addBindValue(spaceId);
                if (query.exec() && query.next())
                    result = query.value(0);
                db.close();
            }
        }
        QSqlDatabase::removeDatabase(connection);
        return result;
    }

    SpacesdProcess process;
};

// ---- TCP peers ---------------------------------------------------------------------------

// A payload that differs per seed, so that swapped or shifted streams are noticed.
inline QByteArray patternPayload(qsizetype size, quint32 seed)
{
    QByteArray data(size, Qt::Uninitialized);
    QRandomGenerator generator(seed);
    generator.fillRange(reinterpret_cast<quint32 *>(data.data()),
                        size / qsizetype(sizeof(quint32)));
    for (qsizetype i = size - size % qsizetype(sizeof(quint32)); i < size; ++i)
        data[i] = char(generator.generate());
    return data;
}

namespace detail {

inline void setTimeouts(int fd, int milliseconds)
{
    timeval limit{milliseconds / 1000, (milliseconds % 1000) * 1000};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
}

inline bool sendAll(int fd, const char *data, qsizetype size)
{
    while (size > 0) {
        const ssize_t sent = ::send(fd, data, size_t(size), MSG_NOSIGNAL);
        if (sent < 0 && errno == EINTR)
            continue;
        if (sent <= 0)
            return false;
        data += sent;
        size -= sent;
    }
    return true;
}

} // namespace detail

// Connects to 127.0.0.1:port, sends `payload` from a second thread while reading, half-closes
// after the last byte and reads until the peer closes. Returns what came back; *error says
// what went wrong (empty when the exchange completed, whatever the bytes).
inline QByteArray exchangeOverTcp(quint16 port, const QByteArray &payload, QString *error,
                                  int timeoutMs = 30000)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        *error = u"socket: %1"_s.arg(QString::fromLocal8Bit(std::strerror(errno)));
        return {};
    }
    detail::setTimeouts(fd, timeoutMs);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0) {
        *error = u"connect: %1"_s.arg(QString::fromLocal8Bit(std::strerror(errno)));
        ::close(fd);
        return {};
    }
    std::atomic<bool> sentAll{false};
    std::thread writer([&] {
        sentAll = detail::sendAll(fd, payload.constData(), payload.size());
        ::shutdown(fd, SHUT_WR);
    });
    QByteArray received;
    char chunk[64 * 1024];
    QString readError;
    for (;;) {
        const ssize_t got = ::recv(fd, chunk, sizeof chunk, 0);
        if (got > 0) {
            received.append(chunk, got);
            continue;
        }
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            readError = u"recv: %1"_s.arg(QString::fromLocal8Bit(std::strerror(errno)));
        break;
    }
    // Unblocks a writer stuck on a peer that stopped reading.
    ::shutdown(fd, SHUT_RDWR);
    writer.join();
    ::close(fd);
    if (!readError.isEmpty())
        *error = readError;
    else if (!sentAll)
        *error = u"the payload could not be sent completely"_s;
    else
        error->clear();
    return received;
}

// A TCP server of the test's own on 127.0.0.1 and a free port, on plain threads (no event
// loop needed). Stream mode echoes bytes as they arrive and closes after the client's EOF;
// AfterEof mode answers nothing until the client half-closed, then sends everything back and
// closes, so it only works if the half-close was passed on. The destructor ends every
// connection and joins every thread.
class EchoServer final
{
public:
    enum class Mode
    {
        Stream,
        AfterEof
    };

    explicit EchoServer(Mode mode = Mode::Stream)
        : m_mode(mode)
    {
        m_listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (m_listener < 0)
            return;
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        if (::bind(m_listener, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0 ||
            ::listen(m_listener, 128) != 0 ||
            ::getsockname(m_listener, reinterpret_cast<sockaddr *>(&address), &length) != 0) {
            ::close(m_listener);
            m_listener = -1;
            return;
        }
        m_port = ntohs(address.sin_port);
        m_acceptThread = std::thread([this] { acceptLoop(); });
    }

    ~EchoServer()
    {
        m_stopping = true;
        if (m_listener >= 0)
            ::shutdown(m_listener, SHUT_RDWR);
        if (m_acceptThread.joinable())
            m_acceptThread.join();
        std::vector<std::thread> threads;
        {
            const std::lock_guard lock(m_mutex);
            for (const int fd : m_open)
                ::shutdown(fd, SHUT_RDWR);
            threads.swap(m_threads);
        }
        for (std::thread &thread : threads)
            thread.join();
        if (m_listener >= 0)
            ::close(m_listener);
    }
    EchoServer(const EchoServer &) = delete;
    EchoServer &operator=(const EchoServer &) = delete;

    bool isListening() const { return m_port != 0; }
    quint16 port() const { return m_port; }
    int acceptedConnections() const { return m_accepted.load(); }

private:
    void acceptLoop()
    {
        while (!m_stopping) {
            pollfd entry{m_listener, POLLIN, 0};
            if (::poll(&entry, 1, 100) <= 0)
                continue;
            const int client = ::accept4(m_listener, nullptr, nullptr, SOCK_CLOEXEC);
            if (client < 0)
                continue;
            detail::setTimeouts(client, 60000);
            ++m_accepted;
            const std::lock_guard lock(m_mutex);
            m_open.push_back(client);
            m_threads.emplace_back([this, client] { serve(client); });
        }
    }

    void serve(int fd)
    {
        QByteArray kept;
        char chunk[64 * 1024];
        bool ok = true;
        for (;;) {
            const ssize_t got = ::recv(fd, chunk, sizeof chunk, 0);
            if (got < 0 && errno == EINTR)
                continue;
            if (got <= 0)
                break;
            if (m_mode == Mode::AfterEof)
                kept.append(chunk, got);
            else if (!(ok = detail::sendAll(fd, chunk, got)))
                break;
        }
        if (ok && m_mode == Mode::AfterEof)
            detail::sendAll(fd, kept.constData(), kept.size());
        ::shutdown(fd, SHUT_WR);
        const std::lock_guard lock(m_mutex);
        std::erase(m_open, fd);
        ::close(fd);
    }

    const Mode m_mode;
    int m_listener = -1;
    quint16 m_port = 0;
    std::atomic<bool> m_stopping{false};
    std::atomic<int> m_accepted{0};
    std::mutex m_mutex;
    std::vector<int> m_open;
    std::vector<std::thread> m_threads;
    std::thread m_acceptThread;
};

} // namespace spaces::test
