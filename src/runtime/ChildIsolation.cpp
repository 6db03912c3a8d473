#include "ChildIsolation.h"

#include "ErrnoText.h"
#include "ExecStatusPipe.h"

#include <QFile>
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace spaces {

namespace {

// "/proc/self/fd/<fd>" without snprintf, which is not async-signal-safe.
void procFdPath(int fd, char *buffer, size_t size)
{
    static const char prefix[] = "/proc/self/fd/";
    size_t at = 0;
    for (const char c : prefix) {
        if (c == '\0')
            break;
        buffer[at++] = c;
    }
    char digits[16];
    int count = 0;
    unsigned value = unsigned(fd);
    do {
        digits[count++] = char('0' + value % 10);
        value /= 10;
    } while (value != 0 && count < 15);
    while (count > 0 && at + 1 < size)
        buffer[at++] = digits[--count];
    buffer[at] = '\0';
}

} // namespace

void ChildIsolation::setIdentity(uid_t uid, gid_t gid)
{
    m_changeIdentity = true;
    m_uid = uid;
    m_gid = gid;
}

void ChildIsolation::stageDirectory(const QString &hostPath, const QString &name)
{
    m_hostPaths.append(hostPath);
    m_names.append(name);
}

void ChildIsolation::enterNamespace(UniqueFd fd, int nstype)
{
    m_namespaces.push_back(std::make_shared<UniqueFd>(std::move(fd)));
    m_namespaceTypes.push_back(nstype);
}

void ChildIsolation::passDescriptor(int fd)
{
    m_passed.push_back(fd);
}

void ChildIsolation::prepare()
{
    m_stageSources.clear();
    m_stageTargets.clear();
    for (qsizetype i = 0; i < m_hostPaths.size(); ++i) {
        m_stageSources.append(QFile::encodeName(m_hostPaths[i]));
        m_stageTargets.append(QFile::encodeName(stageRoot() + u'/' + m_names[i]));
    }
}

ChildIsolation::Failure ChildIsolation::stage() const noexcept
{
    if (m_stageSources.isEmpty())
        return Failure::None;
    // Private, so that nothing mounted here reaches the host (and nothing needs cleaning up:
    // the namespace ends with its last process).
    if (::unshare(CLONE_NEWNS) != 0 ||
        ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
        return Failure::Staging;
    // Opened before the tmpfs hides them (the data directory may live under the stage root).
    int sources[16];
    const qsizetype count = qMin<qsizetype>(m_stageSources.size(), 16);
    for (qsizetype i = 0; i < count; ++i) {
        sources[i] = ::open(m_stageSources[i].constData(), O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (sources[i] < 0)
            return Failure::Staging;
    }
    const QByteArray root = QFile::encodeName(stageRoot());
    if (::mount("spaces-stage", root.constData(), "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") != 0)
        return Failure::Staging;
    for (qsizetype i = 0; i < count; ++i) {
        char path[64];
        procFdPath(sources[i], path, sizeof path);
        if (::mkdir(m_stageTargets[i].constData(), 0755) != 0 ||
            ::mount(path, m_stageTargets[i].constData(), nullptr, MS_BIND | MS_REC, nullptr) != 0)
            return Failure::Staging;
        ::close(sources[i]);
    }
    return Failure::None;
}

ChildIsolation::Failure ChildIsolation::enter(int statusFd) const noexcept
{
    bool forkIntoPidNamespace = false;
    for (size_t i = 0; i < m_namespaces.size(); ++i) {
        if (::setns(m_namespaces[i]->get(), m_namespaceTypes[i]) != 0)
            return Failure::EnterNamespace;
        forkIntoPidNamespace = forkIntoPidNamespace || m_namespaceTypes[i] == CLONE_NEWPID;
    }
    if (!forkIntoPidNamespace)
        return Failure::None;
    const pid_t inner = ::_Fork();
    if (inner < 0)
        return Failure::Fork;
    if (inner == 0)
        return Failure::None;
    // The intermediate process: outside the pid namespace, it only mirrors its child's end.
    // It keeps no descriptor: a copy of the status pipe would make the parent wait for the
    // command's end, one of the output pipe would hold its reader.
    if (::close_range(3, ~0U, 0) != 0)
        ::close(statusFd);
    int status = 0;
    while (::waitpid(inner, &status, 0) < 0) {
        if (errno != EINTR)
            ::_exit(127);
    }
    if (WIFSIGNALED(status)) {
        ::kill(::getpid(), WTERMSIG(status));
        ::_exit(128 + WTERMSIG(status));
    }
    ::_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 127);
}

ChildIsolation::Failure ChildIsolation::apply(int statusFd) const noexcept
{
    if (const Failure staged = stage(); staged != Failure::None)
        return staged;
    if (m_changeIdentity) {
        if (::setgroups(0, nullptr) != 0 || ::setresgid(m_gid, m_gid, m_gid) != 0 ||
            ::setresuid(m_uid, m_uid, m_uid) != 0)
            return Failure::Identity;
    }
    return enter(statusFd);
}

void ChildIsolation::writeTo(QDataStream &stream, std::vector<int> *fds) const
{
    stream << m_changeIdentity << quint32(m_uid) << quint32(m_gid) << m_hostPaths << m_names
           << quint32(m_namespaces.size()) << quint32(m_passed.size());
    for (size_t i = 0; i < m_namespaces.size(); ++i) {
        stream << qint32(m_namespaceTypes[i]);
        fds->push_back(m_namespaces[i]->get());
    }
    for (const int fd : m_passed)
        fds->push_back(fd);
}

std::shared_ptr<ChildIsolation> ChildIsolation::readFrom(QDataStream &stream,
                                                         std::vector<UniqueFd> &fds, size_t *next)
{
    auto isolation = std::make_shared<ChildIsolation>();
    bool changeIdentity = false;
    quint32 uid = 0;
    quint32 gid = 0;
    quint32 namespaces = 0;
    quint32 passed = 0;
    stream >> changeIdentity >> uid >> gid >> isolation->m_hostPaths >> isolation->m_names >>
        namespaces >> passed;
    if (stream.status() != QDataStream::Ok ||
        isolation->m_hostPaths.size() != isolation->m_names.size() ||
        *next + namespaces + passed > fds.size())
        return nullptr;
    if (changeIdentity)
        isolation->setIdentity(uid_t(uid), gid_t(gid));
    for (quint32 i = 0; i < namespaces; ++i) {
        qint32 type = 0;
        stream >> type;
        isolation->enterNamespace(std::move(fds[(*next)++]), int(type));
    }
    for (quint32 i = 0; i < passed; ++i)
        isolation->passDescriptor(fds[(*next)++].get());
    return stream.status() == QDataStream::Ok ? isolation : nullptr;
}

QString ChildIsolation::describe(Failure failure, int errnum)
{
    const QString reason = ErrnoText::describe(errnum);
    switch (failure) {
    case Failure::Staging:
        return QStringLiteral("Could not prepare the space's mount namespace: %1").arg(reason);
    case Failure::Identity:
        return QStringLiteral("Could not switch to the space's user: %1").arg(reason);
    case Failure::EnterNamespace:
        return QStringLiteral("Could not enter the space's sandbox: %1").arg(reason);
    case Failure::Fork:
        return QStringLiteral("Could not start a process in the space's sandbox: %1").arg(reason);
    case Failure::None:
        break;
    }
    return reason;
}

} // namespace spaces
