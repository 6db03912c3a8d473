#include "ManualBackend.h"

#include "ChildIsolation.h"
#include "ProcessGroup.h"
#include "ShellLocator.h"

namespace spaces {

qint64 ManualBackend::groupOf(const QString &handle)
{
    static const QString prefix = QStringLiteral("group:");
    return handle.startsWith(prefix) ? QStringView(handle).mid(prefix.size()).toLongLong() : 0;
}

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
    launched.handle = QStringLiteral("group:%1").arg(group);
    launched.processGroup = group;
    launched.gate = std::make_shared<LaunchGate>(std::move(gate.value()));
    return launched;
}

bool ManualBackend::isAlive(const QString &handle) const
{
    return ProcessGroup::isAlive(groupOf(handle));
}

bool ManualBackend::stop(const QString &spaceId, const QString &handle,
                         std::chrono::milliseconds grace) const
{
    const qint64 group = groupOf(handle);
    bool ended = group <= 0 || ProcessGroup::terminate(group, grace);
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
