// A stand-in for spacesd in tst_spawner: starts a spawner as spacesd does, then runs the
// command given as its argument through CommandRunner (so through the spawner) and waits.
// The test kills it with SIGKILL and checks that the command did not outlive it.
#include "CommandRunner.h"
#include "ShellLocator.h"
#include "Spawner.h"

#include <QCoreApplication>
#include <QProcessEnvironment>

int main(int argc, char *argv[])
{
    spaces::Spawner::start();
    QCoreApplication app(argc, argv);
    if (argc < 2 || !spaces::Spawner::isRunning())
        return 2;
    spaces::CommandSpec spec;
    spec.program = spaces::ShellLocator::find(QStringLiteral("sh"));
    spec.arguments = {QStringLiteral("-c"), QString::fromLocal8Bit(argv[1])};
    spec.environment = QProcessEnvironment::systemEnvironment().toStringList();
    spec.timeout = std::chrono::seconds(600);
    return spaces::CommandRunner::run(spec).exitCode;
}
