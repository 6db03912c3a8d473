#pragma once

#include "CommandOutcome.h"
#include "CommandSpec.h"

#include <QString>
#include <QStringList>
#include <chrono>

namespace spaces {

// The `podman` command line, run to completion (blocking: call it on a worker thread only).
// The binary is SPACES_PODMAN when set (tests point it elsewhere, or at nothing), otherwise
// `podman` on PATH. It runs with this server's own environment, so CONTAINERS_CONF and
// CONTAINERS_STORAGE_CONF given to spacesd choose podman's runtime and storage.
class PodmanCli final
{
public:
    PodmanCli();

    // Empty when podman is not installed (or SPACES_PODMAN names no executable).
    QString program() const { return m_program; }
    bool isInstalled() const { return !m_program.isEmpty(); }

    // `podman <arguments>`; `extraEnvironment` ("KEY=VALUE") is added to the server's own.
    CommandOutcome run(const QStringList &arguments, std::chrono::seconds timeout,
                       const QStringList &extraEnvironment = {}) const;
    // A spec that runs `podman <arguments>` with the server's environment plus `extra`.
    CommandSpec spec(const QStringList &arguments, const QStringList &extraEnvironment) const;

    // The server's environment with `extra` entries replacing those of the same name.
    static QStringList environmentWith(const QStringList &extra);

private:
    QString m_program;
};

} // namespace spaces
