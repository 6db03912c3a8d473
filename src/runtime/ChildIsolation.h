#pragma once

#include "UniqueFd.h"

#include <QByteArray>
#include <QDataStream>
#include <QList>
#include <QString>
#include <QStringList>
#include <memory>
#include <sys/types.h>
#include <vector>

namespace spaces {

// What a forked child does, besides ChildImage's own steps, to become a process of a
// confined space: take a private mount namespace with staged directories, give up root
// for the space's user, enter a running sandbox's namespaces, keep some descriptors.
// Prepared before fork() (the descriptors it holds are opened by the parent); apply() is
// async-signal-safe, as everything between fork() and execve() in a threaded server must be.
class ChildIsolation final
{
public:
    enum class Failure : int
    {
        None = 0,
        Staging,
        Identity,
        EnterNamespace,
        Fork,
    };

    // Run as this user: supplementary groups cleared, then gid, then uid. Only for a server
    // running as root; a normal user's spaces run as that user.
    void setIdentity(uid_t uid, gid_t gid);
    // A private mount namespace with a tmpfs on `stageRoot` holding a bind of `hostPath` at
    // stageRoot/<name>. It lets an unprivileged program (bubblewrap) reach a directory its
    // uid could not traverse to (a data directory under /root, say); needs root.
    void stageDirectory(const QString &hostPath, const QString &name);
    // Enters a namespace (descriptor from /proc/<pid>/ns/...), in the order added. After a
    // pid namespace the child forks once more, so the program runs inside it; the
    // intermediate process waits and exits as its child did.
    void enterNamespace(UniqueFd fd, int nstype);
    // Hands `fd` to the program as descriptor 3 + index (index = order of calls).
    void passDescriptor(int fd);

    bool hasStaging() const { return !m_stageSources.empty(); }
    static QString stageRoot() { return QStringLiteral("/tmp"); }

    // Parent side, before fork(): converts everything to C strings.
    void prepare();
    // Child side. Returns the failed step (errno set) or Failure::None.
    Failure apply(int statusFd) const noexcept;
    const std::vector<int> &passedDescriptors() const { return m_passed; }

    static QString describe(Failure failure, int errnum);

    // For the spawner (SpawnRequest): everything but the descriptors goes into `stream`, the
    // descriptors (namespaces, then passed ones) are appended to `fds` in that order.
    void writeTo(QDataStream &stream, std::vector<int> *fds) const;
    // The other side: takes its descriptors from `fds` at *next on, advancing *next. The
    // namespaces' descriptors move into the result; the passed ones stay owned by `fds`, which
    // must outlive the fork. Null when the stream is malformed.
    static std::shared_ptr<ChildIsolation> readFrom(QDataStream &stream, std::vector<UniqueFd> &fds,
                                                    size_t *next);

private:
    Failure stage() const noexcept;
    Failure enter(int statusFd) const noexcept;

    bool m_changeIdentity = false;
    uid_t m_uid = 0;
    gid_t m_gid = 0;
    QStringList m_hostPaths;
    QStringList m_names;
    QList<QByteArray> m_stageSources;
    QList<QByteArray> m_stageTargets;
    std::vector<std::shared_ptr<UniqueFd>> m_namespaces;
    std::vector<int> m_namespaceTypes;
    std::vector<int> m_passed;
};

} // namespace spaces
