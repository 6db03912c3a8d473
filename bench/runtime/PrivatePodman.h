#pragma once

#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace spaces::bench {

// Podman as this machine kind needs it, in a storage of the bench's own: CONTAINERS_CONF
// (runc, explicit ulimits: crun fails here) and CONTAINERS_STORAGE_CONF (vfs, under a
// temporary folder) are set in this process's environment, so every podman it runs and
// every spacesd it starts afterwards use them. The image is a root file system with busybox
// from Debian's busybox-static, imported locally (no registry is reachable). The destructor
// removes every container and image of that storage, and the storage itself.
class PrivatePodman final
{
public:
    PrivatePodman() = default;
    ~PrivatePodman();
    PrivatePodman(const PrivatePodman &) = delete;
    PrivatePodman &operator=(const PrivatePodman &) = delete;

    // Empty when podman can run a container of the image here; otherwise why not.
    QString prepare();
    bool isUsable() const { return m_usable; }
    static QString image() { return QStringLiteral("spaces-bench-busybox"); }
    QString program() const { return m_program; }

    struct Outcome
    {
        int exitCode = -1;
        QString output;
    };
    // Runs podman to completion (set-up and checks, not timed).
    Outcome run(const QStringList &arguments, const QByteArray &input = {}) const;

private:
    QString writeConfiguration();
    QString buildImage();

    QTemporaryDir m_storage;
    QString m_program;
    bool m_configured = false;
    bool m_usable = false;
};

} // namespace spaces::bench
