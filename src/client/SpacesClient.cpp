#include "SpacesClient.h"

#include "ApiRequest.h"
#include "ClientLogging.h"
#include "JsonReply.h"
#include "SpaceUpdate.h"

#include <QDeadlineTimer>
#include <QFuture>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QPromise>
#include <QRegularExpression>
#include <QThreadPool>
#include <algorithm>
#include <memory>
#include <string_view>

namespace spaces {

namespace {

using namespace std::chrono_literals;

// A list answer parsed on the global thread pool; the future reports on whatever context
// its continuation names.
QFuture<Expected<SpaceList>> parseSpacesElsewhere(QByteArray body)
{
    auto promise = std::make_shared<QPromise<Expected<SpaceList>>>();
    QFuture<Expected<SpaceList>> future = promise->future();
    promise->start();
    QThreadPool::globalInstance()->start([promise, body = std::move(body)] {
        promise->addResult(
            JsonReply::list<Space>(ApiResponse{200, body, {}}, QLatin1StringView("spaces")));
        promise->finish();
    });
    return future;
}

// What a command may take beyond its own timeout before the call counts as timed out: the
// round trip and the server's own work. Capped by the request timeout for fast tests.
constexpr std::chrono::milliseconds MaximumMargin = 15s;
// A script has no timeout of its own in the request; spacesd allows 300 s by default.
constexpr std::chrono::milliseconds ScriptAllowance = 300s;
constexpr std::chrono::milliseconds DefaultRequestTimeout = 60s;
// Between tries while a space's agent connects: soon at first, then less often.
constexpr std::chrono::milliseconds FirstReadyRetry = 250ms;
constexpr std::chrono::milliseconds LongestReadyRetry = 2s;

bool isLowercaseUuid(const QString &text)
{
    static const QRegularExpression pattern(QRegularExpression::anchoredPattern(
        QStringLiteral("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")));
    return pattern.match(text).hasMatch();
}

// One path segment, percent-encoded ("my space" -> "my%20space", "a/b" -> "a%2Fb").
QString segment(const QString &text)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(text));
}

QString spacePath(const QString &idOrName)
{
    return QStringLiteral("/api/spaces/") + segment(idOrName);
}

QJsonArray fieldsToJson(const CustomFieldValues &fields)
{
    QJsonArray array;
    for (const CustomFieldValue &field : fields)
        array.append(field.toJson());
    return array;
}

// An error found before anything was sent (no HTTP status).
ApiError clientError(const QString &message)
{
    return {0, message, ApiError::Kind::BadRequest};
}

// A handler that hands the 2xx answer to `parse` and its result (or the error) to `done`.
template<typename T, typename Parse>
std::function<void(const Expected<ApiResponse> &)> expect(SpacesClient::Callback<T> done,
                                                          Parse parse)
{
    return
        [done = std::move(done), parse = std::move(parse)](const Expected<ApiResponse> &response) {
            if (!done)
                return;
            if (!response)
                done(response.error());
            else
                done(parse(*response));
        };
}

// For calls whose answer says nothing beyond its status.
std::function<void(const Expected<ApiResponse> &)> expectSuccess(SpacesClient::Done done)
{
    return expect<bool>(std::move(done), [](const ApiResponse &) { return Expected<bool>(true); });
}

Expected<User> parseUser(const ApiResponse &response)
{
    const Expected<QJsonObject> object = JsonReply::object(response);
    if (!object)
        return object.error();
    const Expected<QString> id =
        JsonReply::requiredString(response, *object, QLatin1StringView("user_id"));
    if (!id)
        return id.error();
    return User::fromJson(*object);
}

} // namespace

static_assert(ConnectionSettings::DefaultMaxResponseBytes == ApiRequest::DefaultMaxBodyBytes);

SpacesClient::SpacesClient(ConnectionSettings settings, QNetworkAccessManager *network,
                           QObject *parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_network(network ? network : new QNetworkAccessManager(this))
{
    if (m_settings.requestTimeout <= std::chrono::milliseconds::zero())
        m_settings.requestTimeout = DefaultRequestTimeout;
}

SpacesClient::~SpacesClient()
{
    // Every call gets its one answer, even when the client goes first: what is still running
    // ends with a cancellation (handlers may start more calls; those end the same way).
    const ApiError cancelled = ApiError::network(tr("The request was cancelled"));
    while (ApiRequest *request = findChild<ApiRequest *>(QString(), Qt::FindDirectChildrenOnly)) {
        request->cancel(cancelled);
        delete request;
    }
}

void SpacesClient::send(const QByteArray &verb, const QString &path, const QJsonObject *body,
                        QObject *context, ResponseHandler handler,
                        std::chrono::milliseconds timeout, const QUrlQuery &query,
                        const Headers &headers)
{
    const QUrl &base = m_settings.baseUrl;
    if (!base.isValid() || base.host().isEmpty() ||
        (base.scheme() != QLatin1StringView("http") &&
         base.scheme() != QLatin1StringView("https"))) {
        deliverLater(context,
                     ApiError::network(tr("The server address \"%1\" is not an http or https URL")
                                           .arg(base.toDisplayString())),
                     std::move(handler));
        return;
    }
    QNetworkRequest request = ApiRequest::prepare(base, m_settings.token, path, query);
    request.setRawHeader("Accept", "application/json");
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    QByteArray payload;
    if (body) {
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
        payload = QJsonDocument(*body).toJson(QJsonDocument::Compact);
    }
    if (timeout <= std::chrono::milliseconds::zero())
        timeout = m_settings.requestTimeout;
    auto *call = new ApiRequest(context, std::move(handler), this);
    call->setMaxBodyBytes(m_settings.maxResponseBytes);
    call->send(m_network, request, verb, payload, timeout, m_settings.baseUrl);
}

void SpacesClient::deliverLater(QObject *context, const Expected<ApiResponse> &result,
                                ResponseHandler handler)
{
    auto *call = new ApiRequest(context, std::move(handler), this);
    call->finishLater(result);
}

void SpacesClient::fetchMe(QObject *context, UserHandler done)
{
    if (m_me) {
        deliverLater(
            context, ApiResponse{200, {}, {}},
            [me = *m_me, done = std::move(done)](const Expected<ApiResponse> &) { done(me); });
        return;
    }
    m_meWaiters.append({context, context != nullptr, std::move(done)});
    if (m_fetchingMe)
        return;
    m_fetchingMe = true;
    // No context: the answer serves every waiter, whoever asked first.
    send("GET", QStringLiteral("/api/users/whoami"), nullptr, nullptr,
         [this](const Expected<ApiResponse> &response) {
             m_fetchingMe = false;
             const Expected<User> me =
                 response ? parseUser(*response) : Expected<User>(response.error());
             if (me)
                 m_me = *me;
             const QList<UserWaiter> waiters = std::exchange(m_meWaiters, {});
             for (const UserWaiter &waiter : waiters) {
                 if (!waiter.hasContext || waiter.context)
                     waiter.done(me);
             }
         });
}

void SpacesClient::sendWhenReady(const QByteArray &verb, const QString &path,
                                 const std::optional<QJsonObject> &body, QObject *context,
                                 ResponseHandler handler, std::chrono::milliseconds timeout)
{
    struct Attempt
    {
        QDeadlineTimer deadline;
        std::chrono::milliseconds wait = FirstReadyRetry;
        std::function<void()> again;
    };
    auto attempt = std::make_shared<Attempt>();
    attempt->deadline = QDeadlineTimer(m_settings.readyTimeout);
    // `again` holds the attempt only weakly, so the chain frees itself when it ends.
    attempt->again = [this, verb, path, body, context, timeout, handler = std::move(handler),
                      weak = std::weak_ptr<Attempt>(attempt)] {
        send(
            verb, path, body ? &*body : nullptr, context,
            [this, context, handler, weak,
             keep = weak.lock()](const Expected<ApiResponse> &response) {
                if (response || response.error().kind() != ApiError::Kind::NotReady ||
                    keep->deadline.hasExpired()) {
                    handler(response);
                    return;
                }
                qCDebug(lcClient) << "space not ready yet, trying again in" << keep->wait.count()
                                  << "ms";
                auto *pause = new ApiRequest(
                    context,
                    [handler, keep](const Expected<ApiResponse> &waited) {
                        if (waited)
                            keep->again();
                        else
                            handler(waited.error()); // the client went meanwhile
                    },
                    this);
                pause->finishAfter(ApiResponse{}, keep->wait);
                keep->wait = std::min(keep->wait * 2, LongestReadyRetry);
            },
            timeout);
    };
    attempt->again();
}

void SpacesClient::resolveSpaceId(const QString &idOrName, QObject *context, IdHandler done)
{
    if (isLowercaseUuid(idOrName)) {
        done(idOrName);
        return;
    }
    send("GET", spacePath(idOrName), nullptr, context,
         [done = std::move(done)](const Expected<ApiResponse> &response) {
             if (!response) {
                 done(response.error());
                 return;
             }
             const Expected<QJsonObject> object = JsonReply::object(*response);
             if (!object) {
                 done(object.error());
                 return;
             }
             const Space space = Space::fromJson(*object);
             if (space.id.isEmpty()) {
                 done(ApiError::badResponse(response->status,
                                            tr("The server's answer lacks the space's id")));
                 return;
             }
             done(space.id);
         });
}

void SpacesClient::whoami(QObject *context, Callback<User> done)
{
    fetchMe(context, [done = std::move(done)](const Expected<User> &me) {
        if (done)
            done(me);
    });
}

void SpacesClient::ping(QObject *context, Callback<QString> done)
{
    send("GET", QStringLiteral("/api/ping"), nullptr, context,
         expect<QString>(std::move(done), [](const ApiResponse &response) -> Expected<QString> {
             const Expected<QJsonObject> object = JsonReply::object(response);
             if (!object)
                 return object.error();
             return object->value(QLatin1StringView("version")).toString();
         }));
}

void SpacesClient::listSpaces(QObject *context, Callback<SpaceList> done)
{
    listSpacesIfChanged({}, context,
                        [done = std::move(done)](const Expected<SpaceListRevision> &result) {
                            if (!result)
                                return done(result.error());
                            done(result->spaces.value_or(SpaceList()));
                        });
}

void SpacesClient::listSpacesIfChanged(const QByteArray &knownTag, QObject *context,
                                       Callback<SpaceListRevision> done)
{
    Headers headers;
    if (!knownTag.isEmpty())
        headers.append({"If-None-Match", knownTag});
    const QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    getForMe(
        QStringLiteral("/api/spaces"), context,
        [this, guard, hasContext, done = std::move(done)](const Expected<ApiResponse> &response) {
            if (!response)
                return done(response.error());
            if (response->status == 304)
                return done(SpaceListRevision{std::nullopt, response->entityTag});
            // 10,000 spaces are 5 MB of JSON: parsed on a pool thread, not this one.
            parseSpacesElsewhere(response->body)
                .then(this, [guard, hasContext, tag = response->entityTag,
                             done](const Expected<SpaceList> &spaces) {
                    if (hasContext && !guard)
                        return;
                    if (!spaces)
                        return done(spaces.error());
                    done(SpaceListRevision{*spaces, tag});
                });
        },
        headers);
}

void SpacesClient::getForMe(const QString &path, QObject *context, ResponseHandler handler,
                            const Headers &headers)
{
    fetchMe(context, [this, path, context, headers,
                      handler = std::move(handler)](const Expected<User> &me) mutable {
        if (!me)
            return handler(me.error());
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("user_id"), me->id);
        send("GET", path, nullptr, context, std::move(handler), {}, query, headers);
    });
}

void SpacesClient::getSpace(const QString &idOrName, QObject *context, Callback<Space> done)
{
    if (idOrName.isEmpty()) {
        deliverLater(context, clientError(tr("No space given")),
                     expect<Space>(std::move(done), JsonReply::single<Space>));
        return;
    }
    send("GET", spacePath(idOrName), nullptr, context,
         expect<Space>(std::move(done), JsonReply::single<Space>));
}

void SpacesClient::createSpace(const CreateSpaceRequest &request, QObject *context,
                               Callback<QString> done)
{
    const QJsonObject body{
        {QStringLiteral("name"), request.name},
        {QStringLiteral("description"), request.description},
        {QStringLiteral("template_id"), request.templateId},
        {QStringLiteral("shell"), request.shell},
        {QStringLiteral("custom_fields"), fieldsToJson(request.customFields)},
    };
    send("POST", QStringLiteral("/api/spaces"), &body, context,
         expect<QString>(std::move(done), [](const ApiResponse &response) -> Expected<QString> {
             const Expected<QJsonObject> object = JsonReply::object(response);
             if (!object)
                 return object.error();
             return JsonReply::requiredString(response, *object, QLatin1StringView("space_id"));
         }));
}

void SpacesClient::updateSpace(const QString &idOrName, const SpaceChange &change, QObject *context,
                               Done done)
{
    if (idOrName.isEmpty()) {
        deliverLater(context, clientError(tr("No space given")), expectSuccess(std::move(done)));
        return;
    }
    // Read first: the PUT must carry every field the server has, or Knot wipes it.
    send("GET", spacePath(idOrName), nullptr, context,
         [this, idOrName, change, context,
          done = std::move(done)](const Expected<ApiResponse> &response) mutable {
             Expected<QJsonObject> definition =
                 response ? JsonReply::object(*response) : Expected<QJsonObject>(response.error());
             if (!definition) {
                 if (done)
                     done(definition.error());
                 return;
             }
             // By id: a rename must not miss the space it renames.
             const QString id = Space::fromJson(*definition).id;
             const QJsonObject body = SpaceUpdate::requestBody(*definition, change);
             send("PUT", spacePath(id.isEmpty() ? idOrName : id), &body, context,
                  expectSuccess(std::move(done)));
         });
}

void SpacesClient::deleteSpace(const QString &idOrName, QObject *context, Done done)
{
    if (idOrName.isEmpty()) {
        deliverLater(context, clientError(tr("No space given")), expectSuccess(std::move(done)));
        return;
    }
    send("DELETE", spacePath(idOrName), nullptr, context, expectSuccess(std::move(done)));
}

void SpacesClient::spaceAction(const QString &idOrName, const char *action, QObject *context,
                               Done done)
{
    if (idOrName.isEmpty()) {
        deliverLater(context, clientError(tr("No space given")), expectSuccess(std::move(done)));
        return;
    }
    send("POST", spacePath(idOrName) + u'/' + QLatin1StringView(action), nullptr, context,
         expectSuccess(std::move(done)));
}

void SpacesClient::startSpace(const QString &idOrName, QObject *context, Done done)
{
    spaceAction(idOrName, "start", context, std::move(done));
}

void SpacesClient::stopSpace(const QString &idOrName, QObject *context, Done done)
{
    spaceAction(idOrName, "stop", context, std::move(done));
}

void SpacesClient::restartSpace(const QString &idOrName, QObject *context, Done done)
{
    spaceAction(idOrName, "restart", context, std::move(done));
}

void SpacesClient::setCustomField(const QString &idOrName, const QString &field,
                                  const QString &value, QObject *context, Done done)
{
    if (idOrName.isEmpty()) {
        deliverLater(context, clientError(tr("No space given")), expectSuccess(std::move(done)));
        return;
    }
    const QJsonObject body{{QStringLiteral("name"), field}, {QStringLiteral("value"), value}};
    send("PUT", spacePath(idOrName) + QStringLiteral("/custom-field"), &body, context,
         expectSuccess(std::move(done)));
}

void SpacesClient::getCustomField(const QString &idOrName, const QString &field, QObject *context,
                                  Callback<QString> done)
{
    auto handler =
        expect<QString>(std::move(done), [](const ApiResponse &response) -> Expected<QString> {
            const Expected<QJsonObject> object = JsonReply::object(response);
            if (!object)
                return object.error();
            return object->value(QLatin1StringView("value")).toString();
        });
    if (idOrName.isEmpty() || field.isEmpty()) {
        deliverLater(
            context,
            clientError(idOrName.isEmpty() ? tr("No space given") : tr("No custom field given")),
            std::move(handler));
        return;
    }
    send("GET", spacePath(idOrName) + QStringLiteral("/custom-field/") + segment(field), nullptr,
         context, std::move(handler));
}

void SpacesClient::runCommand(const QString &idOrName, const RunCommandRequest &request,
                              QObject *context, Callback<CommandResult> done)
{
    auto handler = expect<CommandResult>(std::move(done), JsonReply::single<CommandResult>);
    if (idOrName.isEmpty()) {
        deliverLater(context, clientError(tr("No space given")), std::move(handler));
        return;
    }
    const QJsonObject body{
        {QStringLiteral("command"), request.command},
        {QStringLiteral("args"), QJsonArray::fromStringList(request.arguments)},
        {QStringLiteral("timeout"), request.timeoutSeconds},
        {QStringLiteral("workdir"), request.workdir},
    };
    // The server answers when the command is done: allow for its own timeout.
    const std::chrono::seconds commandTimeout{request.timeoutSeconds > 0 ? request.timeoutSeconds
                                                                         : 30};
    const auto margin = std::min(m_settings.requestTimeout, MaximumMargin);
    sendWhenReady("POST", spacePath(idOrName) + QStringLiteral("/run-command"), body, context,
                  std::move(handler), commandTimeout + margin);
}

void SpacesClient::executeScript(const QString &idOrName, const ExecuteScriptRequest &request,
                                 QObject *context, Callback<ScriptResult> done)
{
    auto handler = expect<ScriptResult>(std::move(done), JsonReply::single<ScriptResult>);
    if (idOrName.isEmpty()) {
        deliverLater(context, clientError(tr("No space given")), std::move(handler));
        return;
    }
    QJsonObject body{{QStringLiteral("arguments"), QJsonArray::fromStringList(request.arguments)}};
    const auto margin = std::min(m_settings.requestTimeout, MaximumMargin);
    const auto timeout = std::max(m_settings.requestTimeout, ScriptAllowance + margin);
    const QString path = spacePath(idOrName) + QStringLiteral("/execute-script");
    if (!request.scriptId.isEmpty() || request.scriptName.isEmpty()) {
        if (!request.scriptId.isEmpty())
            body.insert(QStringLiteral("script_id"), request.scriptId);
        else
            body.insert(QStringLiteral("content"), request.content);
        sendWhenReady("POST", path, body, context, std::move(handler), timeout);
        return;
    }
    resolveScriptId(request.scriptName, context,
                    [this, path, body, context, timeout, name = request.scriptName,
                     handler = std::move(handler)](const Expected<QString> &id) mutable {
                        if (!id) {
                            handler(id.error());
                            return;
                        }
                        // Unknown here: the server has the last word, and its sentence.
                        if (id->isEmpty())
                            body.insert(QStringLiteral("script_name"), name);
                        else
                            body.insert(QStringLiteral("script_id"), *id);
                        sendWhenReady("POST", path, body, context, std::move(handler), timeout);
                    });
}

void SpacesClient::resolveScriptId(const QString &name, QObject *context, IdHandler done)
{
    listScripts(context, [name, done = std::move(done)](const Expected<ScriptList> &scripts) {
        if (!scripts) {
            done(scripts.error());
            return;
        }
        const Script *global = nullptr;
        for (const Script &script : *scripts) {
            if (script.name != name || !script.active || script.id.isEmpty())
                continue;
            if (!script.userId.isEmpty()) {
                done(script.id); // the caller's own wins over a global one of the same name
                return;
            }
            if (!global)
                global = &script;
        }
        done(global ? global->id : QString());
    });
}

void SpacesClient::forwardPort(const QString &sourceIdOrName, const PortForwardRequest &request,
                               QObject *context, Done done)
{
    if (sourceIdOrName.isEmpty()) {
        deliverLater(context, clientError(tr("No space given")), expectSuccess(std::move(done)));
        return;
    }
    const QJsonObject body{
        {QStringLiteral("local_port"), request.localPort},
        {QStringLiteral("space"), request.targetSpace},
        {QStringLiteral("remote_port"), request.remotePort},
        {QStringLiteral("persistent"), request.persistent},
        {QStringLiteral("force"), request.force},
    };
    resolveSpaceId(
        sourceIdOrName, context,
        [this, context, body, done = std::move(done)](const Expected<QString> &id) mutable {
            if (!id) {
                if (done)
                    done(id.error());
                return;
            }
            sendWhenReady("POST", QStringLiteral("/space-io/%1/port/forward").arg(segment(*id)),
                          body, context, expectSuccess(std::move(done)));
        });
}

void SpacesClient::listPortForwards(const QString &idOrName, QObject *context,
                                    Callback<PortForwardList> done)
{
    auto handler = expect<PortForwardList>(std::move(done), [](const ApiResponse &response) {
        return JsonReply::list<PortForward>(response, QLatin1StringView("forwards"));
    });
    if (idOrName.isEmpty()) {
        deliverLater(context, clientError(tr("No space given")), std::move(handler));
        return;
    }
    resolveSpaceId(
        idOrName, context,
        [this, context, handler = std::move(handler)](const Expected<QString> &id) mutable {
            if (!id) {
                handler(id.error());
                return;
            }
            sendWhenReady("GET", QStringLiteral("/space-io/%1/port/list").arg(segment(*id)), {},
                          context, std::move(handler));
        });
}

void SpacesClient::stopPortForward(const QString &idOrName, int localPort, QObject *context,
                                   Done done)
{
    // Knot answers 500 both for a port without a forward ("Port forward not found") and for an
    // agent it could not reach: only the first is "not found", and the sentence is kept.
    ResponseHandler handler = [done = std::move(done)](const Expected<ApiResponse> &response) {
        if (!done)
            return;
        if (response) {
            done(true);
            return;
        }
        ApiError error = response.error();
        if (error.status == 500 && error.transportKind == ApiError::Kind::None &&
            error.message.contains(QLatin1StringView("not found"), Qt::CaseInsensitive))
            error.status = 404;
        done(error);
    };
    if (idOrName.isEmpty()) {
        deliverLater(context, clientError(tr("No space given")), std::move(handler));
        return;
    }
    const QJsonObject body{{QStringLiteral("local_port"), localPort}};
    resolveSpaceId(
        idOrName, context,
        [this, context, body, handler = std::move(handler)](const Expected<QString> &id) mutable {
            if (!id) {
                handler(id.error());
                return;
            }
            sendWhenReady("POST", QStringLiteral("/space-io/%1/port/stop").arg(segment(*id)), body,
                          context, std::move(handler));
        });
}

void SpacesClient::listTemplates(QObject *context, Callback<SpaceTemplateList> done)
{
    send("GET", QStringLiteral("/api/templates"), nullptr, context,
         expect<SpaceTemplateList>(std::move(done), [](const ApiResponse &response) {
             return JsonReply::list<SpaceTemplate>(response, QLatin1StringView("templates"));
         }));
}

void SpacesClient::listScripts(QObject *context, Callback<ScriptList> done)
{
    // Without user_id: the global scripts and the caller's own (with it, Knot gives only the
    // caller's own).
    send("GET", QStringLiteral("/api/scripts"), nullptr, context,
         expect<ScriptList>(std::move(done), [](const ApiResponse &response) {
             return JsonReply::list<Script>(response, QLatin1StringView("scripts"));
         }));
}

} // namespace spaces
