#pragma once

#include "Floors.h"

#include <QString>
#include <memory>

namespace spaces {
class SpaceBackend;
}

namespace spaces::bench {

// A backend of spacesd (SandboxBackend, ManualBackend) called directly in this process:
// launch() with LocalCommand, the gate released, until `up`; then stop() timed alone. What a
// stop through spacesd adds on top of this is HTTP and the Store's two commits.
class InProcessBackend final
{
public:
    // `root`: a folder of its own for the space's home, scratch folder and files.
    InProcessBackend(std::shared_ptr<const SpaceBackend> backend, QString label, QString root);

    // Makes the folders and hands them to the space's user. False (and *error) when not.
    bool prepare(QString *error);
    // ack: launch() returned; up: the command wrote `up`; stop: stop() returned. Checks, untimed,
    // that nothing is left (the lock the command holds, the launcher's lock on the log).
    Sample measure() const;

private:
    std::shared_ptr<const SpaceBackend> m_backend;
    QString m_label;
    QString m_root;
};

} // namespace spaces::bench
