#include "SpacesLibrary.h"

#include "Validation.h"

#include <QEventLoop>
#include <QTimer>
#include <optional>

namespace spaces {

namespace {

// "<what>; output:\n<output>" (or just <what> when there was no output).
QString withOutput(const QString &what, const QString &output)
{
    QString trimmed = output;
    while (trimmed.endsWith(u'\n'))
        trimmed.chop(1);
    return trimmed.trimmed().isEmpty() ? what : what + QStringLiteral("; output:\n") + trimmed;
}

ApiError localError(const QString &message)
{
    return ApiError::badRequest(message);
}

} // namespace

SpacesLibrary::SpacesLibrary(const ConnectionSettings &settings)
    : m_ownedClient(std::make_unique<SpacesClient>(settings))
    , m_client(m_ownedClient.get())
{}

SpacesLibrary::SpacesLibrary(SpacesClient *client)
    : m_client(client)
{}

SpacesLibrary::~SpacesLibrary() = default;

template<typename T>
Expected<T> SpacesLibrary::wait(const Call<T> &call, std::chrono::milliseconds extraTime)
{
    std::optional<Expected<T>> answer;
    QEventLoop loop;
    // Callbacks go to this context: once it is gone (after we return), a late answer is dropped.
    QObject context;
    call(&context, [&answer, &loop](const Expected<T> &result) {
        answer = result;
        loop.quit();
    });
    if (!answer) {
        // The client times requests out itself; this only guards against an answer never coming.
        const std::chrono::milliseconds guard =
            m_client->settings().requestTimeout + extraTime + std::chrono::seconds(10);
        QTimer timer;
        timer.setSingleShot(true);
        QObject::connect(&timer, &QTimer::timeout, &loop, [&answer, &loop, guard] {
            answer = Expected<T>(ApiError::timeout(
                tr("The server did not answer within %1 seconds")
                    .arg(std::chrono::duration_cast<std::chrono::seconds>(guard).count())));
            loop.quit();
        });
        timer.start(guard);
        loop.exec();
    }
    return std::move(*answer);
}

// ---- the seed's functions --------------------------------------------------------------

Expected<bool> SpacesLibrary::start(const QString &name)
{
    return wait<bool>([&](QObject *context, SpacesClient::Done done) {
        m_client->startSpace(name, context, std::move(done));
    });
}

Expected<bool> SpacesLibrary::stop(const QString &name)
{
    return wait<bool>([&](QObject *context, SpacesClient::Done done) {
        m_client->stopSpace(name, context, std::move(done));
    });
}

Expected<bool> SpacesLibrary::restart(const QString &name)
{
    return wait<bool>([&](QObject *context, SpacesClient::Done done) {
        m_client->restartSpace(name, context, std::move(done));
    });
}

Expected<bool> SpacesLibrary::is_running(const QString &name)
{
    const Expected<Space> found = space(name);
    if (!found)
        return found.error();
    return found->isDeployed;
}

Expected<SpaceList> SpacesLibrary::spaces()
{
    return wait<SpaceList>([&](QObject *context, SpacesClient::Callback<SpaceList> done) {
        m_client->listSpaces(context, std::move(done));
    });
}

Expected<SpaceSummaryList> SpacesLibrary::list()
{
    const Expected<SpaceList> spaces = this->spaces();
    if (!spaces)
        return spaces.error();
    SpaceSummaryList result;
    result.reserve(spaces->size());
    for (const Space &each : *spaces)
        result.append(SpaceSummary::fromSpace(each));
    return result;
}

Expected<QString> SpacesLibrary::create(const QString &name, const QString &templateName,
                                        const QString &description, const QString &shell,
                                        const CustomFieldValues &fields)
{
    const Expected<SpaceTemplateList> known = templates();
    if (!known)
        return known.error();
    const SpaceTemplate *chosen = nullptr;
    for (const SpaceTemplate &candidate : *known) {
        if (candidate.name == templateName) {
            chosen = &candidate;
            break;
        }
    }
    // An id is as good as a name (the list shows both), but names are what people type.
    for (const SpaceTemplate &candidate : *known) {
        if (!chosen && candidate.id == templateName)
            chosen = &candidate;
    }
    if (!chosen) {
        // Knot lists inactive templates too; templates() leaves them out, as the server
        // would refuse them.
        if (m_inactiveTemplates.contains(templateName))
            return ApiError::badRequest(QStringLiteral("invalid template given for new space"));
        QStringList names;
        for (const SpaceTemplate &candidate : *known)
            names.append(candidate.name);
        return ApiError::notFound(
            names.isEmpty()
                ? tr("template '%1' not found: the server has no templates").arg(templateName)
                : tr("template '%1' not found (available: %2)")
                      .arg(templateName, names.join(QStringLiteral(", "))));
    }
    CreateSpaceRequest request;
    request.name = name;
    request.templateId = chosen->id;
    request.description = description;
    request.shell = shell;
    request.customFields = fields;
    return wait<QString>([&](QObject *context, SpacesClient::Callback<QString> done) {
        m_client->createSpace(request, context, std::move(done));
    });
}

Expected<bool> SpacesLibrary::delete_(const QString &name)
{
    return wait<bool>([&](QObject *context, SpacesClient::Done done) {
        m_client->deleteSpace(name, context, std::move(done));
    });
}

Expected<QString> SpacesLibrary::get_field(const QString &name, const QString &field)
{
    return wait<QString>([&](QObject *context, SpacesClient::Callback<QString> done) {
        m_client->getCustomField(name, field, context, std::move(done));
    });
}

Expected<bool> SpacesLibrary::set_field(const QString &name, const QString &field,
                                        const QString &value)
{
    return wait<bool>([&](QObject *context, SpacesClient::Done done) {
        m_client->setCustomField(name, field, value, context, std::move(done));
    });
}

Expected<QString> SpacesLibrary::get_description(const QString &name)
{
    const Expected<Space> found = space(name);
    if (!found)
        return found.error();
    return found->description;
}

Expected<bool> SpacesLibrary::set_description(const QString &name, const QString &description)
{
    SpaceChange change;
    change.description = description;
    return wait<bool>([&](QObject *context, SpacesClient::Done done) {
        m_client->updateSpace(name, change, context, std::move(done));
    });
}

Expected<QString> SpacesLibrary::run_script(const QString &spaceName, const QString &scriptName,
                                            const QStringList &args)
{
    const Expected<ScriptResult> result = executeScript(spaceName, scriptName, args);
    if (!result)
        return result.error();
    if (const ApiError failure = scriptFailure(scriptName, *result); failure.isError())
        return failure;
    return result->output;
}

Expected<QString> SpacesLibrary::run(const QString &spaceName, const QString &command,
                                     const QStringList &args, int timeout, const QString &workdir)
{
    RunCommandRequest request;
    request.command = command;
    request.arguments = args;
    request.timeoutSeconds = timeout;
    request.workdir = workdir;
    const Expected<CommandResult> result = runCommand(spaceName, request);
    if (!result)
        return result.error();
    if (const ApiError failure = commandFailure(*result); failure.isError())
        return failure;
    return result->output;
}

Expected<bool> SpacesLibrary::port_forward(const QString &sourceSpace, int localPort,
                                           const QString &remoteSpace, int remotePort,
                                           bool persistent)
{
    for (const QString &problem :
         {Validation::checkLocalPort(localPort), Validation::checkRemotePort(remotePort)}) {
        if (!problem.isEmpty())
            return localError(problem);
    }
    PortForwardRequest request;
    request.localPort = localPort;
    request.targetSpace = remoteSpace;
    request.remotePort = remotePort;
    request.persistent = persistent;
    return wait<bool>([&](QObject *context, SpacesClient::Done done) {
        m_client->forwardPort(sourceSpace, request, context, std::move(done));
    });
}

Expected<PortForwardList> SpacesLibrary::port_list(const QString &space)
{
    return wait<PortForwardList>(
        [&](QObject *context, SpacesClient::Callback<PortForwardList> done) {
            m_client->listPortForwards(space, context, std::move(done));
        });
}

Expected<bool> SpacesLibrary::port_stop(const QString &space, int localPort)
{
    if (const QString problem = Validation::checkLocalPort(localPort); !problem.isEmpty())
        return localError(problem);
    return wait<bool>([&](QObject *context, SpacesClient::Done done) {
        m_client->stopPortForward(space, localPort, context, std::move(done));
    });
}

// ---- discovery -------------------------------------------------------------------------

Expected<SpaceTemplateList> SpacesLibrary::templates()
{
    Expected<SpaceTemplateList> all = wait<SpaceTemplateList>(
        [&](QObject *context, SpacesClient::Callback<SpaceTemplateList> done) {
            m_client->listTemplates(context, std::move(done));
        });
    if (!all)
        return all;
    SpaceTemplateList active;
    m_inactiveTemplates.clear();
    for (SpaceTemplate &each : all.value()) {
        if (each.active) {
            active.append(std::move(each));
        } else {
            m_inactiveTemplates.insert(each.name);
            m_inactiveTemplates.insert(each.id);
        }
    }
    return active;
}

Expected<ScriptList> SpacesLibrary::scripts()
{
    return wait<ScriptList>([&](QObject *context, SpacesClient::Callback<ScriptList> done) {
        m_client->listScripts(context, std::move(done));
    });
}

Expected<QString> SpacesLibrary::ping()
{
    return wait<QString>([&](QObject *context, SpacesClient::Callback<QString> done) {
        m_client->ping(context, std::move(done));
    });
}

// ---- whole answers ---------------------------------------------------------------------

Expected<Space> SpacesLibrary::space(const QString &name)
{
    return wait<Space>([&](QObject *context, SpacesClient::Callback<Space> done) {
        m_client->getSpace(name, context, std::move(done));
    });
}

Expected<CommandResult> SpacesLibrary::runCommand(const QString &spaceName,
                                                  const RunCommandRequest &request)
{
    const std::chrono::seconds runTime = Validation::normalizeRunTimeout(request.timeoutSeconds);
    return wait<CommandResult>(
        [&](QObject *context, SpacesClient::Callback<CommandResult> done) {
            m_client->runCommand(spaceName, request, context, std::move(done));
        },
        runTime);
}

Expected<ScriptResult> SpacesLibrary::executeScript(const QString &spaceName,
                                                    const QString &scriptName,
                                                    const QStringList &args)
{
    ExecuteScriptRequest request;
    request.scriptName = scriptName;
    request.arguments = args;
    return wait<ScriptResult>(
        [&](QObject *context, SpacesClient::Callback<ScriptResult> done) {
            m_client->executeScript(spaceName, request, context, std::move(done));
        },
        Validation::MaxRunTimeout);
}

ApiError SpacesLibrary::commandFailure(const CommandResult &result)
{
    if (result.success)
        return {};
    QString what = result.error;
    if (what.isEmpty())
        what =
            result.exitCode ? tr("exit status %1").arg(*result.exitCode) : tr("the command failed");
    // The HTTP call went well (200); the command did not. A timeout says so in its kind.
    ApiError failure{200, withOutput(what, result.output)};
    if (what.contains(QLatin1StringView("timed out"), Qt::CaseInsensitive))
        failure.transportKind = ApiError::Kind::Timeout;
    return failure;
}

ApiError SpacesLibrary::scriptFailure(const QString &scriptName, const ScriptResult &result)
{
    if (result.succeeded())
        return {};
    QString what = result.error;
    if (what.isEmpty() ||
        (result.exitCode != 0 && !what.contains(QString::number(result.exitCode))))
        what = what.isEmpty() ? tr("exit status %1").arg(result.exitCode)
                              : tr("%1 (exit status %2)").arg(what).arg(result.exitCode);
    ApiError failure{200,
                     withOutput(tr("script '%1' failed: %2").arg(scriptName, what), result.output)};
    if (what.contains(QLatin1StringView("timed out"), Qt::CaseInsensitive))
        failure.transportKind = ApiError::Kind::Timeout;
    return failure;
}

} // namespace spaces
