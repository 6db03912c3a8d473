#include "PodmanCli.h"

#include "CommandRunner.h"

#include <QFileInfo>
#include <QProcessEnvironment>
#include <QStandardPaths>

namespace spaces {

PodmanCli::PodmanCli()
{
    const QByteArray configured = qgetenv("SPACES_PODMAN");
    const QString candidate = configured.isEmpty()
                                  ? QStandardPaths::findExecutable(QStringLiteral("podman"))
                                  : QString::fromLocal8Bit(configured);
    const QFileInfo info(candidate);
    if (!candidate.isEmpty() && info.isFile() && info.isExecutable())
        m_program = info.absoluteFilePath();
}

QStringList PodmanCli::environmentWith(const QStringList &extra)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString &entry : extra) {
        const qsizetype equals = entry.indexOf(u'=');
        if (equals > 0)
            environment.insert(entry.left(equals), entry.mid(equals + 1));
    }
    return environment.toStringList();
}

CommandSpec PodmanCli::spec(const QStringList &arguments, const QStringList &extraEnvironment) const
{
    CommandSpec spec;
    spec.program = m_program;
    spec.arguments = arguments;
    spec.workingDirectory = QStringLiteral("/");
    spec.environment = environmentWith(extraEnvironment);
    return spec;
}

CommandOutcome PodmanCli::run(const QStringList &arguments, std::chrono::seconds timeout,
                              const QStringList &extraEnvironment) const
{
    if (!isInstalled()) {
        CommandOutcome outcome;
        outcome.failedToStart = true;
        outcome.error = QStringLiteral("Podman is not installed");
        return outcome;
    }
    CommandSpec command = spec(arguments, extraEnvironment);
    command.timeout = timeout;
    return CommandRunner::run(command);
}

} // namespace spaces
