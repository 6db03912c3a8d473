#pragma once

#include "UniqueFd.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <memory>
#include <optional>
#include <vector>

namespace spaces {

class ChildIsolation;

// One command as CommandRunner hands it to the spawner process (Spawner): the program, its
// arguments, environment, working directory and how it enters its space, plus the
// descriptors it gets (stdin, output, the exec status pipe, then the isolation's own), which
// travel beside the bytes with SCM_RIGHTS.
struct SpawnRequest
{
    QString program;
    QStringList arguments;
    QStringList environment;
    QString workingDirectory;
    std::shared_ptr<ChildIsolation> isolation; // null: as the spawner itself

    // The indexes of the fixed descriptors in the list sent along.
    enum Descriptor : size_t
    {
        Stdin = 0,
        Output,
        ExecStatus,
        FixedCount
    };

    // The bytes; `fds` gets the isolation's descriptors appended (after the fixed ones, which
    // the caller puts first).
    QByteArray encode(std::vector<int> *fds) const;
    // The spawner's side: nullopt when the bytes do not describe a request. The isolation's
    // descriptors are taken from `fds` (see ChildIsolation::readFrom).
    static std::optional<SpawnRequest> decode(const QByteArray &bytes, std::vector<UniqueFd> &fds);
};

} // namespace spaces
