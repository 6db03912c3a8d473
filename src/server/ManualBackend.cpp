#include "ManualBackend.h"

#include "ChildIsolation.h"
#include "PidHandle.h"
#include "ProcessGroup.h"
#include "ShellLocator.h"

namespace spaces {

namespace {

const QString HandlePrefix = QStringLiteral("group:");

// "group:<pgid>:<leader's start time>"; "group:<pgid>" from servers that did not record
// the leader, taken on trust.
struct GroupHandle
{
    qint64 group = 0;
    std::optional<PidHandle> leader;
};

GroupHandle parseHandle(const QString &handle)
{
    GroupHandle parsed;
    if (!handle.startsWith(HandlePrefix))
        return parsed;
    const QStringView rest = QStringView(handle).mid(HandlePrefix.size());
    parsed.leader = PidHandle::parse(rest);
    parsed.group = parsed.leader ? parsed.leader->pid() : rest.toLongLong();
    return parsed;
}

// Whether the group of that number is still the one launched. Linux never gives a new
// process a number still in use as a process group, so the number is reused only once the
// whole group has gone and a new process took it: then pid <pgid> is a different process.
bool isSameGroup(const GroupHandle &handle)
{
    if (handle.group <= 1)
        return false;
    if (!handle.leader || handle.leader->isAlive())
        return true;
    return !PidHandle::of(handle.group).has_value();
}

} // namespace

Expected<LaunchedSpace> ManualBackend::launch(const SpaceLaunch &launch) const
{
    if (launch.command.trimmed().isEmpty())
        return LaunchedSpace{}; // a home folder and a shell: nothing runs
    Expected<LaunchGate> gate = LaunchGate::open();
    if (!gate)
        return gate.error();
    LaunchSpec spec;
    spec.program = ShellLocator::find(QStringLiteral("sh"));
    spec.arguments = LaunchGate::shellArguments(launch.shellPath, launch.command);
    spec.shellPath = launch.shellPath;
    spec.workingDirectory = launch.hostHome;
    spec.environment = launch.environment;
    spec.logFilePath = launch.logFile;
    spec.isolation = std::make_shared<ChildIsolation>();
    spec.isolation->passDescriptor(gate->readEnd());
    QString error;
    const qint64 group = ProcessGroup::launch(spec, &error);
    if (group <= 0)
        return ApiError{500, error};
    gate->closeReadEnd();
    LaunchedSpace launched;
    const std::optional<PidHandle> leader = PidHandle::of(group);
    launched.handle = HandlePrefix + (leader ? leader->toString() : QString::number(group));
    launched.processGroup = group;
    launched.gate = std::make_shared<LaunchGate>(std::move(gate.value()));
    return launched;
}

bool ManualBackend::isAlive(const QString &handle) const
{
    const GroupHandle parsed = parseHandle(handle);
    return isSameGroup(parsed) && ProcessGroup::isAlive(parsed.group);
}

bool ManualBackend::stop(const QString &spaceId, const QString &handle,
                         std::chrono::milliseconds grace) const
{
    const GroupHandle parsed = parseHandle(handle);
    bool ended = !isSameGroup(parsed) || ProcessGroup::terminate(parsed.group, grace);
    // What its commands left running in sessions of their own still carries SPACE_ID.
    const QList<qint64> leftovers =
        ProcessGroup::groupsWithEnvironmentEntry("SPACE_ID=" + spaceId.toUtf8());
    for (const qint64 other : leftovers)
        ended = ProcessGroup::terminate(other, grace) && ended;
    return ended;
}

Expected<CommandSpec> ManualBackend::enter(const QString &, CommandSpec spec) const
{
    return spec;
}

} // namespace spaces
