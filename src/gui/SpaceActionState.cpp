#include "SpaceActionState.h"

#include <QCoreApplication>

namespace spaces {

SpaceActionState::SpaceActionState(bool connected, const QList<Selected> &selection)
    : m_connected(connected)
    , m_selection(selection)
{}

SpaceActionState::Verdict SpaceActionState::create() const
{
    if (!m_connected)
        return {false, tr("Connect to a server first.")};
    return {true, {}};
}

SpaceActionState::Verdict SpaceActionState::refresh() const
{
    return create();
}

SpaceActionState::Verdict SpaceActionState::start() const
{
    return verdict(SpaceStatus::Stopped, false, tr("The selected spaces are already running."));
}

SpaceActionState::Verdict SpaceActionState::stop() const
{
    return verdict(SpaceStatus::Running, false, tr("The selected spaces are not running."));
}

SpaceActionState::Verdict SpaceActionState::restart() const
{
    return verdict(SpaceStatus::Running, true, tr("Only a running space can be restarted."));
}

SpaceActionState::Verdict SpaceActionState::remove() const
{
    if (m_selection.size() <= 1)
        return verdict(SpaceStatus::Stopped, true, tr("Stop the space before deleting it."));
    // Several at once only when every one of them can go: a delete is not done by halves.
    if (!m_connected)
        return {false, tr("Connect to a server first.")};
    bool running = false;
    for (const Selected &selected : m_selection) {
        const SpaceStatus status = settled(selected);
        if (selected.operation != SpaceOperation::None || isSettling(status))
            return {false, tr("Wait until the operation in progress has finished.")};
        running = running || status != SpaceStatus::Stopped;
    }
    if (running)
        return {false, tr("Stop the selected spaces before deleting them.")};
    return {true, {}};
}

SpaceStatus SpaceActionState::settled(const Selected &selected)
{
    // A failed space is a stopped one that says why: started and deleted the same way.
    return selected.awaitingAgent                   ? SpaceStatus::Running
           : selected.status == SpaceStatus::Failed ? SpaceStatus::Stopped
                                                    : selected.status;
}

bool SpaceActionState::isSettling(SpaceStatus status)
{
    return status == SpaceStatus::Starting || status == SpaceStatus::Stopping ||
           status == SpaceStatus::Pending || status == SpaceStatus::Deleting;
}

SpaceActionState::Verdict SpaceActionState::verdict(SpaceStatus wanted, bool one,
                                                    const QString &wrongState) const
{
    if (!m_connected)
        return {false, tr("Connect to a server first.")};
    if (m_selection.isEmpty())
        return {false, one ? tr("Select a space first.") : tr("Select one or more spaces first.")};
    if (one && m_selection.size() > 1)
        return {false, tr("Select just one space for this.")};
    bool busy = false;
    for (const Selected &selected : m_selection) {
        const SpaceStatus status = settled(selected);
        if (selected.operation != SpaceOperation::None || isSettling(status)) {
            busy = true;
            continue;
        }
        if (status == wanted)
            return {true, {}};
    }
    if (busy)
        return {false, tr("Wait until the operation in progress has finished.")};
    return {false, wrongState};
}

} // namespace spaces
