#pragma once

#include "Expected.h"
#include "UniqueFd.h"

#include <QString>
#include <QStringList>

namespace spaces {

// Holds a freshly launched space before its startup command, until the Store has committed
// the space's handle. The launched side blocks reading the gate pipe: one line lets it go
// on; end of file (the server died, or dropped the gate because the handle could not be
// recorded) makes it exit, and with it everything launched. So a crash at any instant
// leaves either a space whose handle is on disk or one whose processes end by themselves.
class LaunchGate final
{
public:
    // The pipe; readEnd() goes to the launched side as descriptor 3.
    static Expected<LaunchGate> open();

    int readEnd() const { return m_read.get(); }
    // The parent's copy of the read end is not needed once the child has it.
    void closeReadEnd() { m_read.reset(); }
    // Lets the startup command run. False when the launched side is already gone.
    bool release();
    // Gives the launched side end of file: it exits, and everything launched with it.
    void abandon() { m_write.reset(); }

    // sh arguments that wait at the gate (descriptor 3), then exec `<shellPath> -c <command>`.
    // `before` runs first (e.g. a readiness signal).
    static QStringList shellArguments(const QString &shellPath, const QString &command,
                                      const QString &before = {});

private:
    UniqueFd m_read;
    UniqueFd m_write;
};

} // namespace spaces
