#pragma once

#include "SpaceSummary.h"
#include "SpacesClient.h"
#include "Validation.h"

#include <QCoreApplication>
#include <QSet>
#include <chrono>
#include <concepts>
#include <functional>
#include <memory>

namespace spaces {

// The seed's spaces library (docs/seed/spaces-library.md in this repository) as blocking C++ calls:
// the same sixteen functions with the same names, parameters, defaults and returns, plus
// templates() and scripts() for discovery. `delete` is a C++ keyword, so that one is `delete_`.
//
// Every call returns Expected<T>; on failure the ApiError carries the server's sentence
// (or one of ours for what is decided here: an unknown template name, a failed command).
//
// Built on the asynchronous SpacesClient: each call runs a local QEventLoop until the answer
// arrives. That is right for the command line and for scripting, but it re-enters event
// processing, so it must not be used on a GUI thread (the app uses SpacesClient directly).
// A QCoreApplication must exist; calls are made from the thread the object lives in.
class SpacesLibrary final
{
    Q_DECLARE_TR_FUNCTIONS(SpacesLibrary)

public:
    // Defaults of run(): as the seed says.
    static constexpr int DefaultRunTimeoutSeconds = int(Validation::DefaultRunTimeout.count());

    explicit SpacesLibrary(const ConnectionSettings &settings);
    // Uses a client owned by someone else (it must outlive this object).
    explicit SpacesLibrary(SpacesClient *client);
    ~SpacesLibrary();
    SpacesLibrary(const SpacesLibrary &) = delete;
    SpacesLibrary &operator=(const SpacesLibrary &) = delete;

    SpacesClient *client() const { return m_client; }

    // ---- the seed's functions ----------------------------------------------------------
    Expected<bool> start(const QString &name);
    Expected<bool> stop(const QString &name);
    Expected<bool> restart(const QString &name);
    // The space's is_deployed.
    Expected<bool> is_running(const QString &name);
    Expected<SpaceSummaryList> list();
    // Takes a template NAME (resolved through the template list); returns the new space's id.
    // `fields`: values for the template's custom fields (spacectl create --field).
    Expected<QString> create(const QString &name, const QString &templateName,
                             const QString &description = QString(),
                             const QString &shell = QStringLiteral("bash"),
                             const CustomFieldValues &fields = {});
    Expected<bool> delete_(const QString &name);
    // "" when the field is unset; an error when the template does not define it.
    Expected<QString> get_field(const QString &name, const QString &field);
    Expected<bool> set_field(const QString &name, const QString &field, const QString &value);
    Expected<QString> get_description(const QString &name);
    // Reads the space, changes its description and writes it back.
    Expected<bool> set_description(const QString &name, const QString &description);
    // The script's output; a non-zero exit is an error whose message includes the output.
    Expected<QString> run_script(const QString &spaceName, const QString &scriptName,
                                 const QStringList &args = {});
    template<typename... Args>
    requires(sizeof...(Args) > 0 && (std::convertible_to<Args, QString> &&
                                     ...)) Expected<QString> run_script(const QString &spaceName,
                                                                        const QString &scriptName,
                                                                        Args &&...args)
    {
        return run_script(spaceName, scriptName, QStringList{QString(std::forward<Args>(args))...});
    }
    // The command's output; failure (non-zero exit) and timeout are errors whose message
    // includes the output. timeout in seconds (0 or less: DefaultRunTimeoutSeconds).
    Expected<QString> run(const QString &spaceName, const QString &command,
                          const QStringList &args = {}, int timeout = DefaultRunTimeoutSeconds,
                          const QString &workdir = QString());
    // A persistent forward comes back whenever the source space starts again.
    Expected<bool> port_forward(const QString &sourceSpace, int localPort,
                                const QString &remoteSpace, int remotePort,
                                bool persistent = false);
    // {local_port, space (the target), remote_port} for each forward from the space.
    Expected<PortForwardList> port_list(const QString &space);
    Expected<bool> port_stop(const QString &space, int localPort);

    // ---- discovery ---------------------------------------------------------------------
    // The templates spaces can be made from (inactive ones left out).
    Expected<SpaceTemplateList> templates();
    Expected<ScriptList> scripts();
    // The server's version (GET /api/ping): whether it answers at all.
    Expected<QString> ping();

    // ---- the whole answers, for callers that show output and status apart (spacectl) --
    Expected<Space> space(const QString &name);
    // Every space as the server describes it (template, status, shell: spacectl list --json).
    Expected<SpaceList> spaces();
    Expected<CommandResult> runCommand(const QString &spaceName, const RunCommandRequest &request);
    Expected<ScriptResult> executeScript(const QString &spaceName, const QString &scriptName,
                                         const QStringList &args);

    // The error of a command that ran but failed (timeout, non-zero exit), output included;
    // an empty ApiError when it succeeded.
    static ApiError commandFailure(const CommandResult &result);
    static ApiError scriptFailure(const QString &scriptName, const ScriptResult &result);

private:
    template<typename T>
    using Call = std::function<void(QObject *context, SpacesClient::Callback<T> done)>;

    // Runs a local event loop until `call` answers (or a guard well past the client's own
    // timeout expires, should an answer never come).
    template<typename T>
    Expected<T> wait(const Call<T> &call, std::chrono::milliseconds extraTime = {});

    std::unique_ptr<SpacesClient> m_ownedClient;
    SpacesClient *m_client = nullptr;
    // Names and ids of the inactive templates the last templates() saw.
    QSet<QString> m_inactiveTemplates;
};

} // namespace spaces
