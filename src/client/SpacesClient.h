#pragma once

#include "ClientRequests.h"
#include "CommandResult.h"
#include "Expected.h"
#include "PortForward.h"
#include "Script.h"
#include "ScriptResult.h"
#include "Space.h"
#include "SpaceTemplate.h"
#include "User.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QUrl>
#include <QUrlQuery>
#include <chrono>
#include <functional>
#include <optional>

class QNetworkAccessManager;

namespace spaces {

struct ApiResponse;

struct ConnectionSettings
{
    QUrl baseUrl;  // http(s)://host[:port], no trailing /api
    QString token; // API token, sent as Authorization: Bearer
    std::chrono::milliseconds requestTimeout{60000};
    // How long a call into a running space waits for its agent (Knot answers 503 "Agent session
    // not found for space" until the agent has connected).
    std::chrono::milliseconds readyTimeout{60000};
    // The largest answer a call takes in (ApiRequest::DefaultMaxBodyBytes, 64 MiB); a larger
    // one ends the call with BadResponse.
    static constexpr qint64 DefaultMaxResponseBytes = 64 * 1024 * 1024;
    qint64 maxResponseBytes = DefaultMaxResponseBytes;
};

// The spaces API over HTTP, asynchronously: one QNetworkAccessManager, one method per route.
// Every call takes a context object and a callback that gets the typed value or the ApiError
// (with the server's own sentence); the callback is not called when the context is gone.
// Speaks to spacesd and to Knot servers alike: names are resolved to ids where Knot wants
// ids (/space-io routes), and Knot's quirks are smoothed over.
class SpacesClient final : public QObject
{
    Q_OBJECT

public:
    template<typename T> using Callback = std::function<void(const Expected<T> &)>;
    using Done = Callback<bool>;

    // `network` may be given (tests fake the network at createRequest; it must outlive the
    // client); else one is owned. Destroying the client ends its pending calls: their
    // callbacks run at once with an error of kind Network ("The request was cancelled").
    explicit SpacesClient(ConnectionSettings settings, QNetworkAccessManager *network = nullptr,
                          QObject *parent = nullptr);
    ~SpacesClient() override;

    const ConnectionSettings &settings() const { return m_settings; }
    QNetworkAccessManager *network() const { return m_network; }

    // Who the token belongs to; cached after the first answer (list needs the user id).
    void whoami(QObject *context, Callback<User> done);
    // The server's version string (GET /api/ping).
    void ping(QObject *context, Callback<QString> done);

    void listSpaces(QObject *context, Callback<SpaceList> done);
    // The same, conditionally: `knownTag` is the ETag of the list the caller holds; unless the
    // list changed since, the server answers 304 and `spaces` comes back empty (nullopt), so
    // that a poll of 10,000 unchanged spaces costs neither the transfer nor the parse nor a
    // comparison. Servers without ETags (Knot) always give the list, with no tag.
    struct SpaceListRevision
    {
        std::optional<SpaceList> spaces; // nullopt: unchanged since `knownTag`
        QByteArray entityTag;
    };
    void listSpacesIfChanged(const QByteArray &knownTag, QObject *context,
                             Callback<SpaceListRevision> done);
    void getSpace(const QString &idOrName, QObject *context, Callback<Space> done);
    // The new space's id.
    void createSpace(const CreateSpaceRequest &request, QObject *context, Callback<QString> done);
    // Reads the space, applies `change` and writes every field back (Knot's PUT replaces the
    // whole definition: what is left out is wiped).
    void updateSpace(const QString &idOrName, const SpaceChange &change, QObject *context,
                     Done done);
    void deleteSpace(const QString &idOrName, QObject *context, Done done);
    void startSpace(const QString &idOrName, QObject *context, Done done);
    void stopSpace(const QString &idOrName, QObject *context, Done done);
    void restartSpace(const QString &idOrName, QObject *context, Done done);

    void setCustomField(const QString &idOrName, const QString &field, const QString &value,
                        QObject *context, Done done);
    // "" when the field is unset.
    void getCustomField(const QString &idOrName, const QString &field, QObject *context,
                        Callback<QString> done);

    // The request's own timeout plus a margin is the transfer timeout of this call. Calls into a
    // space (commands, scripts, forwards) wait for a space that is deployed but not ready yet.
    void runCommand(const QString &idOrName, const RunCommandRequest &request, QObject *context,
                    Callback<CommandResult> done);
    void executeScript(const QString &idOrName, const ExecuteScriptRequest &request,
                       QObject *context, Callback<ScriptResult> done);

    void forwardPort(const QString &sourceIdOrName, const PortForwardRequest &request,
                     QObject *context, Done done);
    void listPortForwards(const QString &idOrName, QObject *context,
                          Callback<PortForwardList> done);
    void stopPortForward(const QString &idOrName, int localPort, QObject *context, Done done);

    void listTemplates(QObject *context, Callback<SpaceTemplateList> done);
    // The caller's scripts and the global ones.
    void listScripts(QObject *context, Callback<ScriptList> done);

    // The caller, once known (after whoami or any list): events of other users' spaces are
    // told apart with it.
    std::optional<User> cachedUser() const { return m_me; }

private:
    using ResponseHandler = std::function<void(const Expected<ApiResponse> &)>;
    using UserHandler = std::function<void(const Expected<User> &)>;
    using IdHandler = std::function<void(const Expected<QString> &)>;

    struct UserWaiter
    {
        QPointer<QObject> context;
        bool hasContext = false;
        UserHandler done;
    };

    // The one way out: an ApiRequest with the headers, the timeout and the error mapping.
    using Headers = QList<std::pair<QByteArray, QByteArray>>;
    void send(const QByteArray &verb, const QString &path, const QJsonObject *body,
              QObject *context, ResponseHandler handler, std::chrono::milliseconds timeout = {},
              const QUrlQuery &query = {}, const Headers &headers = {});
    // A result known without the network (a bad argument, a cached value), delivered from the
    // event loop like any other.
    void deliverLater(QObject *context, const Expected<ApiResponse> &result,
                      ResponseHandler handler);
    // The caller, from the cache or from GET /api/users/whoami (one request for all waiters).
    void fetchMe(QObject *context, UserHandler done);
    // GET path?user_id=<the caller's id>, as Knot's lists of one's own things want.
    void getForMe(const QString &path, QObject *context, ResponseHandler handler,
                  const Headers &headers = {});
    // The space's id: a lowercase UUID as given, a name looked up with GET /api/spaces/{name}.
    void resolveSpaceId(const QString &idOrName, QObject *context, IdHandler done);
    // send(), again and again while the space's agent is not connected yet (Kind::NotReady),
    // until readyTimeout has passed.
    void sendWhenReady(const QByteArray &verb, const QString &path,
                       const std::optional<QJsonObject> &body, QObject *context,
                       ResponseHandler handler, std::chrono::milliseconds timeout = {});
    // A script name as run_script takes it -> the id of the caller's own active script of that
    // name, else of the global one (Knot looks names up among the caller's own only).
    void resolveScriptId(const QString &name, QObject *context, IdHandler done);
    // POST to /api/spaces/{idOrName}/<action> with no body.
    void spaceAction(const QString &idOrName, const char *action, QObject *context, Done done);

    ConnectionSettings m_settings;
    QNetworkAccessManager *m_network = nullptr;
    std::optional<User> m_me;
    bool m_fetchingMe = false;
    QList<UserWaiter> m_meWaiters;
};

} // namespace spaces
