#include "SpaceStatus.h"

#include <QCoreApplication>

namespace spaces {

namespace {

QString statusText(const char *text)
{
    return QCoreApplication::translate("spaces::SpaceStatusText", text);
}

} // namespace

QString SpaceStatusText::label(SpaceStatus status)
{
    switch (status) {
    case SpaceStatus::Stopped:
        return statusText(QT_TRANSLATE_NOOP("spaces::SpaceStatusText", "Stopped"));
    case SpaceStatus::Starting:
        return statusText(QT_TRANSLATE_NOOP("spaces::SpaceStatusText", "Starting"));
    case SpaceStatus::Running:
        return statusText(QT_TRANSLATE_NOOP("spaces::SpaceStatusText", "Running"));
    case SpaceStatus::Stopping:
        return statusText(QT_TRANSLATE_NOOP("spaces::SpaceStatusText", "Stopping"));
    case SpaceStatus::Deleting:
        return statusText(QT_TRANSLATE_NOOP("spaces::SpaceStatusText", "Deleting"));
    case SpaceStatus::Pending:
        return statusText(QT_TRANSLATE_NOOP("spaces::SpaceStatusText", "Pending"));
    case SpaceStatus::Failed:
        return statusText(QT_TRANSLATE_NOOP("spaces::SpaceStatusText", "Failed"));
    }
    return {};
}

QString SpaceStatusText::failureLabel(const SpaceExit &exit)
{
    if (exit.failedToStart)
        return statusText(QT_TRANSLATE_NOOP("spaces::SpaceStatusText", "Failed to start"));
    if (!exit.signal.isEmpty())
        return statusText(QT_TRANSLATE_NOOP("spaces::SpaceStatusText", "Killed (%1)"))
            .arg(exit.signal);
    if (exit.code)
        return statusText(QT_TRANSLATE_NOOP("spaces::SpaceStatusText", "Exited (%1)"))
            .arg(*exit.code);
    return statusText(QT_TRANSLATE_NOOP("spaces::SpaceStatusText", "Exited"));
}

QString SpaceStatusText::label(const Space &space, SpaceStatus status)
{
    if (status == SpaceStatus::Failed && space.lastExit)
        return failureLabel(*space.lastExit);
    return label(status);
}

QString SpaceStatusText::label(SpaceOperation operation)
{
    switch (operation) {
    case SpaceOperation::None:
        return {};
    case SpaceOperation::Creating:
        return statusText(QT_TRANSLATE_NOOP("spaces::SpaceStatusText", "Creating…"));
    case SpaceOperation::Starting:
        return statusText(QT_TRANSLATE_NOOP("spaces::SpaceStatusText", "Starting…"));
    case SpaceOperation::Stopping:
        return statusText(QT_TRANSLATE_NOOP("spaces::SpaceStatusText", "Stopping…"));
    case SpaceOperation::Restarting:
        return statusText(QT_TRANSLATE_NOOP("spaces::SpaceStatusText", "Restarting…"));
    case SpaceOperation::Deleting:
        return statusText(QT_TRANSLATE_NOOP("spaces::SpaceStatusText", "Deleting…"));
    case SpaceOperation::Saving:
        return statusText(QT_TRANSLATE_NOOP("spaces::SpaceStatusText", "Saving…"));
    }
    return {};
}

bool SpaceStatusText::isAwaitingAgent(const Space &space)
{
    return space.state() == Space::State::Running && !space.isReady();
}

SpaceStatus SpaceStatusText::fromSpace(const Space &space, SpaceOperation operation)
{
    // What this app is doing wins: the server may not have noticed yet.
    switch (operation) {
    case SpaceOperation::Starting:
    case SpaceOperation::Restarting:
        return SpaceStatus::Starting;
    case SpaceOperation::Stopping:
        return SpaceStatus::Stopping;
    case SpaceOperation::Deleting:
        return SpaceStatus::Deleting;
    case SpaceOperation::None:
    case SpaceOperation::Creating:
    case SpaceOperation::Saving:
        break;
    }
    switch (space.state()) {
    case Space::State::Deleting:
        return SpaceStatus::Deleting;
    case Space::State::Pending:
        // A start is pending on a space not yet deployed, a stop on a deployed one.
        return space.isDeployed ? SpaceStatus::Stopping : SpaceStatus::Starting;
    case Space::State::Running:
        return isAwaitingAgent(space) ? SpaceStatus::Starting : SpaceStatus::Running;
    case Space::State::Stopped:
        // Until it is started again, a space that died says so.
        return space.lastExit ? SpaceStatus::Failed : SpaceStatus::Stopped;
    }
    return SpaceStatus::Pending;
}

} // namespace spaces
