#include "SpaceRoutes.h"

#include "EventHub.h"
#include "HttpJson.h"
#include "LocalRuntime.h"
#include "LongOperationQueue.h"
#include "PendingResponse.h"
#include "PortForwards.h"
#include "Router.h"
#include "Store.h"
#include "Validation.h"

#include <QDir>
#include <QJsonArray>
#include <QtConcurrent/QtConcurrentRun>

namespace spaces {

namespace {

ApiError fieldNotDefined(const QString &name)
{
    return ApiError::badRequest(
        QStringLiteral("custom field '%1' not defined in template").arg(name));
}

} // namespace

void SpaceRoutes::install(Router &router)
{
    router.add("GET", u"/api/spaces",
               [this](const HttpRequest &r, const QStringList &, HttpResponder out) {
                   list(r, std::move(out));
               });
    router.addAnswer("POST", u"/api/spaces",
                     [this](const HttpRequest &r, const QStringList &) { return create(r); });
    router.addAnswer("GET", u"/api/spaces/<arg>",
                     [this](const HttpRequest &r, const QStringList &a) { return read(a[0], r); });
    router.addAnswer(
        "PUT", u"/api/spaces/<arg>",
        [this](const HttpRequest &r, const QStringList &a) { return update(a[0], r); });
    router.addAnswer(
        "DELETE", u"/api/spaces/<arg>",
        [this](const HttpRequest &r, const QStringList &a) { return remove(a[0], r); });
    for (const auto &[path, kind] :
         {std::pair{u"/api/spaces/<arg>/start", Transition::Start},
          std::pair{u"/api/spaces/<arg>/stop", Transition::Stop},
          std::pair{u"/api/spaces/<arg>/restart", Transition::Restart}}) {
        router.add("POST", QStringView(path),
                   [this, kind](const HttpRequest &r, const QStringList &a, HttpResponder out) {
                       transition(kind, a[0], r, std::move(out));
                   });
    }
    router.addAnswer(
        "PUT", u"/api/spaces/<arg>/custom-field",
        [this](const HttpRequest &r, const QStringList &a) { return setField(a[0], r); });
    router.addAnswer(
        "GET", u"/api/spaces/<arg>/custom-field/<arg>",
        [this](const HttpRequest &r, const QStringList &a) { return getField(a[0], a[1], r); });
}

void SpaceRoutes::list(const HttpRequest &request, HttpResponder responder)
{
    const Expected<User> user = m_context.authenticateForSpaces(request);
    if (!user)
        return responder.send(HttpJson::error(user.error()));
    QString userId = request.query.queryItemValue(QStringLiteral("user_id"));
    if (userId.isEmpty() || userId == QLatin1StringView("current"))
        userId = user->id;
    if (userId != user->id) {
        if (!user->canManageSpaces)
            return responder.send(HttpJson::error(ApiError::forbidden(
                QStringLiteral("No permission to list spaces of other users"))));
        if (!m_context.store.userById(userId))
            return responder.send(
                HttpJson::error(ApiError::notFound(QStringLiteral("user not found"))));
    }
    // Turning thousands of spaces into JSON takes longer than reading them (10,000: about
    // two thirds of the time): done off the Qt thread, other requests need not wait for it.
    (void)QtConcurrent::run(
        [found = m_context.store.spacesOf(userId), responder = std::move(responder)]() mutable {
            QJsonArray spaces;
            for (const Space &space : found)
                spaces.append(space.toJson());
            responder.send(HttpJson::ok(
                {{QStringLiteral("count"), spaces.size()}, {QStringLiteral("spaces"), spaces}}));
        });
}

ApiError SpaceRoutes::readFieldValues(const QJsonArray &items, const SpaceTemplate &spaceTemplate,
                                      CustomFieldValues *values) const
{
    for (const QJsonValue &item : items) {
        BodyReader field(item.toObject());
        const QString name = field.requiredString("name");
        const QString value = field.string("value");
        if (field.failed())
            return field.error();
        if (!spaceTemplate.definesField(name))
            return fieldNotDefined(name);
        values->append({name, value});
    }
    return {};
}

HttpResponse SpaceRoutes::create(const HttpRequest &request)
{
    const Expected<User> user = m_context.authenticateForSpaces(request);
    if (!user)
        return HttpJson::error(user.error());
    const Expected<QJsonObject> body = HttpJson::body(request);
    if (!body)
        return HttpJson::error(body.error());
    BodyReader reader(*body);
    Space space;
    space.name = reader.requiredString("name");
    space.description = reader.string("description");
    const QString templateKey = reader.requiredString("template_id");
    space.shell = reader.string("shell");
    const QJsonArray fields = reader.objectArray("custom_fields");
    QString ownerId = reader.string("user_id");
    if (reader.failed())
        return HttpJson::error(reader.error());

    if (ownerId.isEmpty() || ownerId == QLatin1StringView("current"))
        ownerId = user->id;
    if (ownerId != user->id && !user->canManageSpaces)
        return HttpJson::error(
            ApiError::forbidden(QStringLiteral("No permission to create spaces for other users")));
    const std::optional<User> owner = m_context.store.userById(ownerId);
    if (!owner)
        return HttpJson::error(ApiError::badRequest(QStringLiteral("user not found")));

    for (const QString &problem :
         {Validation::checkSpaceName(space.name), Validation::checkDescription(space.description),
          Validation::checkShell(space.shell, true)}) {
        if (!problem.isEmpty())
            return HttpJson::error(ApiError::badRequest(problem));
    }
    const std::optional<SpaceTemplate> spaceTemplate =
        m_context.store.templateByIdOrName(templateKey);
    if (!spaceTemplate)
        return HttpJson::error(
            ApiError::badRequest(QStringLiteral("template '%1' not found").arg(templateKey)));
    if (const ApiError error = readFieldValues(fields, *spaceTemplate, &space.customFields);
        error.isError())
        return HttpJson::error(error);
    if (space.shell.isEmpty())
        space.shell = spaceTemplate->shell.isEmpty() ? owner->preferredShell : spaceTemplate->shell;
    space.userId = ownerId;
    space.templateId = spaceTemplate->id;

    if (const Expected<void> saved = m_context.store.insertSpace(space); !saved)
        return HttpJson::error(saved.error());
    m_context.events.publishChanged(space.id, space.userId);
    return HttpJson::respond(
        201, {{QStringLiteral("status"), true}, {QStringLiteral("space_id"), space.id}});
}

HttpResponse SpaceRoutes::read(const QString &key, const HttpRequest &request)
{
    const Expected<ApiContext::SpaceAccess> access = m_context.spaceFor(request, key);
    if (!access)
        return HttpJson::error(access.error());
    const Space &space = access->space;
    return HttpJson::ok(space.toJson());
}

HttpResponse SpaceRoutes::update(const QString &key, const HttpRequest &request)
{
    const Expected<ApiContext::SpaceAccess> access = m_context.spaceFor(request, key);
    if (!access)
        return HttpJson::error(access.error());
    const Space &space = access->space;
    const Expected<QJsonObject> body = HttpJson::body(request);
    if (!body)
        return HttpJson::error(body.error());
    // The request is the whole space (read, change, write back); absent fields keep their value.
    BodyReader reader(*body);
    Space updated = space;
    updated.name = reader.string("name", space.name);
    updated.description = reader.string("description", space.description);
    updated.shell = reader.string("shell", space.shell);
    const QString templateKey = reader.string("template_id");
    const QJsonArray fields = reader.objectArray("custom_fields");
    if (reader.failed())
        return HttpJson::error(reader.error());
    for (const QString &problem : {Validation::checkSpaceName(updated.name),
                                   Validation::checkDescription(updated.description),
                                   Validation::checkShell(updated.shell, false)}) {
        if (!problem.isEmpty())
            return HttpJson::error(ApiError::badRequest(problem));
    }
    const std::optional<SpaceTemplate> spaceTemplate =
        m_context.store.templateByIdOrName(space.templateId);
    if (!templateKey.isEmpty()) {
        const std::optional<SpaceTemplate> requested =
            m_context.store.templateByIdOrName(templateKey);
        if (!requested || !spaceTemplate || requested->id != spaceTemplate->id)
            return HttpJson::error(
                ApiError::badRequest(QStringLiteral("the template of a space cannot be changed")));
    }
    updated.customFields.clear();
    if (const ApiError error =
            readFieldValues(fields, spaceTemplate.value_or(SpaceTemplate{}), &updated.customFields);
        error.isError()) {
        return HttpJson::error(error);
    }
    if (const Expected<void> saved = m_context.store.updateSpace(updated); !saved)
        return HttpJson::error(saved.error());
    m_context.events.publishChanged(updated.id, updated.userId);
    return HttpJson::ok();
}

HttpResponse SpaceRoutes::remove(const QString &key, const HttpRequest &request)
{
    const Expected<ApiContext::SpaceAccess> access = m_context.spaceFor(request, key);
    if (!access)
        return HttpJson::error(access.error());
    const Space &space = access->space;
    if (space.isDeployed || space.isPending || m_context.runtime.isBusy(space.id))
        return HttpJson::error(ApiError::locked(QStringLiteral("space cannot be deleted")));
    if (const Expected<void> deleted = m_context.store.deleteSpace(space.id); !deleted)
        return HttpJson::error(deleted.error());
    m_context.forwards.forget(space.id);
    m_context.events.publishDeleted(space.id, space.userId);
    // The home folder may be large: remove it off the server thread.
    const QString folder = m_context.runtime.spaceDirectory(space.id);
    (void)QtConcurrent::run([folder] { QDir(folder).removeRecursively(); });
    return HttpJson::ok();
}

void SpaceRoutes::transition(Transition kind, const QString &key, const HttpRequest &request,
                             HttpResponder responder)
{
    const std::shared_ptr<PendingResponse> response = PendingResponse::hold(std::move(responder));
    const Expected<ApiContext::SpaceAccess> access = m_context.spaceFor(request, key);
    if (!access)
        return response->sendError(access.error());
    if (const ApiError refusal = checkTransition(kind, access->space); refusal.isError())
        return response->sendError(refusal);
    // Queued behind the caller's other long operations; the space may change meanwhile, so
    // it is read and checked again when its turn comes.
    const QString spaceId = access->space.id;
    m_context.longOperations.run(
        access->user.id, [this, kind, spaceId, response](LongOperationQueue::Finished finished) {
            const std::optional<Space> space = m_context.store.spaceById(spaceId);
            if (!space) {
                response->sendError(ApiError::notFound(QStringLiteral("space not found")));
                return finished();
            }
            if (const ApiError refusal = checkTransition(kind, *space); refusal.isError()) {
                response->sendError(refusal);
                return finished();
            }
            const auto done = [response, finished](const ApiError &error) {
                response->sendOkOrError(error);
                finished();
            };
            switch (kind) {
            case Transition::Start:
                return m_context.runtime.start(*space, done);
            case Transition::Stop:
                return m_context.runtime.stop(*space, done);
            case Transition::Restart:
                return m_context.runtime.restart(*space, done);
            }
        });
}

ApiError SpaceRoutes::checkTransition(Transition kind, const Space &space) const
{
    const bool busy = space.isPending || m_context.runtime.isBusy(space.id);
    switch (kind) {
    case Transition::Start:
        if (space.isDeployed || busy)
            return ApiError::locked(QStringLiteral("space cannot be started"));
        break;
    case Transition::Stop:
        if (!space.isDeployed || busy)
            return ApiError::locked(QStringLiteral("space cannot be stopped"));
        break;
    case Transition::Restart:
        if (!space.isDeployed || busy)
            return ApiError::locked(QStringLiteral("space cannot be restarted"));
        break;
    }
    return {};
}

HttpResponse SpaceRoutes::setField(const QString &key, const HttpRequest &request)
{
    const Expected<ApiContext::SpaceAccess> access = m_context.spaceFor(request, key);
    if (!access)
        return HttpJson::error(access.error());
    const Space &space = access->space;
    const Expected<QJsonObject> body = HttpJson::body(request);
    if (!body)
        return HttpJson::error(body.error());
    BodyReader reader(*body);
    const QString name = reader.requiredString("name");
    const QString value = reader.requiredString("value");
    if (reader.failed())
        return HttpJson::error(reader.error());
    const std::optional<SpaceTemplate> spaceTemplate =
        m_context.store.templateByIdOrName(space.templateId);
    if (!Validation::checkCustomFieldName(name).isEmpty() || !spaceTemplate ||
        !spaceTemplate->definesField(name))
        return HttpJson::error(fieldNotDefined(name));
    if (const Expected<void> saved = m_context.store.setFieldValue(space.id, name, value); !saved)
        return HttpJson::error(saved.error());
    m_context.events.publishChanged(space.id, space.userId);
    return HttpJson::ok();
}

HttpResponse SpaceRoutes::getField(const QString &key, const QString &field,
                                   const HttpRequest &request)
{
    const Expected<ApiContext::SpaceAccess> access = m_context.spaceFor(request, key);
    if (!access)
        return HttpJson::error(access.error());
    const Space &space = access->space;
    for (const CustomFieldValue &value : space.customFields) {
        if (value.name == field)
            return HttpJson::ok(value.toJson());
    }
    return HttpJson::error(
        ApiError::notFound(QStringLiteral("custom field '%1' not defined in template").arg(field)));
}

} // namespace spaces
