#include "CliScript.h"

#include <QFileInfo>
#include <QStandardPaths>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <unistd.h>
#include <vector>

namespace spaces {

QProcessEnvironment CliScript::environmentFor(const ConnectionSettings &settings,
                                              QProcessEnvironment environment)
{
    environment.insert(QStringLiteral("SPACES_URL"), settings.baseUrl.toString());
    environment.insert(QStringLiteral("SPACES_TOKEN"), settings.token);
    return environment;
}

QString CliScript::interpreter(const QProcessEnvironment &environment)
{
    const QString configured = environment.value(QStringLiteral("SPACES_PYTHON"));
    if (!configured.isEmpty())
        return configured;
    const QStringList path =
        environment.value(QStringLiteral("PATH")).split(u':', Qt::SkipEmptyParts);
    return path.isEmpty() ? QString()
                          : QStandardPaths::findExecutable(QStringLiteral("python3"), path);
}

ApiError CliScript::exec(const ConnectionSettings &settings, const QProcessEnvironment &environment,
                         const QStringList &arguments)
{
    const QString script = arguments.value(0);
    if (!QFileInfo(script).isFile())
        return ApiError::badRequest(tr("cannot read the script %1: no such file").arg(script));
    const QString program = interpreter(environment);
    if (program.isEmpty())
        return ApiError::badRequest(
            tr("no python3 found on PATH: install Python 3.9 or later, or set SPACES_PYTHON"));

    // Everything execve needs, built before the call: nothing may allocate after it fails.
    std::vector<QByteArray> argumentBytes{program.toLocal8Bit()};
    for (const QString &argument : arguments)
        argumentBytes.push_back(argument.toLocal8Bit());
    std::vector<QByteArray> environmentBytes;
    const QStringList variables = environmentFor(settings, environment).toStringList();
    for (const QString &variable : variables)
        environmentBytes.push_back(variable.toLocal8Bit());
    std::vector<char *> argv;
    for (QByteArray &each : argumentBytes)
        argv.push_back(each.data());
    argv.push_back(nullptr);
    std::vector<char *> envp;
    for (QByteArray &each : environmentBytes)
        envp.push_back(each.data());
    envp.push_back(nullptr);

    std::fflush(nullptr);
    ::execve(argv.front(), argv.data(), envp.data());
    const int error = errno;
    return ApiError::badRequest(
        tr("could not run %1: %2").arg(program, QString::fromLocal8Bit(std::strerror(error))));
}

} // namespace spaces
