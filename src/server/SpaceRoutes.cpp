#include "SpaceRoutes.h"

#include "DataVersion.h"
#include "HttpJson.h"
#include "PendingResponse.h"
#include "Router.h"

#include <QJsonArray>

namespace spaces {

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
    using Transition = SpaceService::Transition;
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
    const Expected<User> user = m_context.authenticate(request);
    if (!user)
        return responder.send(HttpJson::error(user.error()));
    const QString userId = request.query.queryItemValue(QStringLiteral("user_id"));
    const Expected<QString> owner = m_spaces.listOwner(*user, userId);
    if (!owner)
        return responder.send(HttpJson::error(owner.error()));
    // Taken before the read: the list is at least this new, so the tag never claims more.
    const QByteArray tag =
        DataVersion::entityTag(DataVersion::current(), QString(user->id + u'/' + *owner));
    const QByteArray knownTag = request.header("If-None-Match");
    if (!knownTag.isEmpty() && DataVersion::matches(knownTag, tag)) {
        HttpResponse unchanged;
        unchanged.status = 304;
        unchanged.contentType.clear();
        unchanged.headers.append({"ETag", tag});
        return responder.send(unchanged);
    }
    // The answer comes on a reader thread, which writes the thousands of spaces' JSON
    // straight from the rows, so other requests need not wait for them.
    m_spaces.listBody(
        *user, userId,
        [responder = std::move(responder), tag](const Expected<QByteArray> &body) mutable {
            if (!body)
                return responder.send(HttpJson::error(body.error()));
            HttpResponse answer;
            answer.body = *body;
            answer.headers.append({"ETag", tag});
            responder.send(answer);
        });
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
    SpaceService::NewSpace space;
    space.name = reader.requiredString("name");
    space.description = reader.string("description");
    space.templateKey = reader.requiredString("template_id");
    space.shell = reader.string("shell");
    space.fields = reader.fieldValues("custom_fields");
    space.ownerId = reader.string("user_id");
    if (reader.failed())
        return HttpJson::error(reader.error());
    const Expected<QString> created = m_spaces.create(*user, space);
    if (!created)
        return HttpJson::error(created.error());
    return HttpJson::respond(
        201, {{QStringLiteral("status"), true}, {QStringLiteral("space_id"), *created}});
}

HttpResponse SpaceRoutes::read(const QString &key, const HttpRequest &request)
{
    const Expected<User> user = m_context.authenticate(request);
    if (!user)
        return HttpJson::error(user.error());
    const Expected<Space> space = m_spaces.read(*user, key);
    if (!space)
        return HttpJson::error(space.error());
    return HttpJson::ok(space->toJson());
}

HttpResponse SpaceRoutes::update(const QString &key, const HttpRequest &request)
{
    // Who may touch which space is answered before the body is looked at, as always.
    const Expected<ApiContext::SpaceAccess> access = m_context.spaceFor(request, key);
    if (!access)
        return HttpJson::error(access.error());
    const Expected<QJsonObject> body = HttpJson::body(request);
    if (!body)
        return HttpJson::error(body.error());
    // The request is the whole space (read, change, write back); absent fields keep their value.
    BodyReader reader(*body);
    SpaceService::SpaceChanges changes;
    if (reader.has("name"))
        changes.name = reader.string("name");
    if (reader.has("description"))
        changes.description = reader.string("description");
    if (reader.has("shell"))
        changes.shell = reader.string("shell");
    changes.templateKey = reader.string("template_id");
    changes.fields = reader.fieldValues("custom_fields");
    if (reader.failed())
        return HttpJson::error(reader.error());
    if (const Expected<void> updated = m_spaces.update(access->user, access->space.id, changes);
        !updated)
        return HttpJson::error(updated.error());
    return HttpJson::ok();
}

HttpResponse SpaceRoutes::remove(const QString &key, const HttpRequest &request)
{
    const Expected<User> user = m_context.authenticate(request);
    if (!user)
        return HttpJson::error(user.error());
    if (const Expected<void> removed = m_spaces.remove(*user, key); !removed)
        return HttpJson::error(removed.error());
    return HttpJson::ok();
}

void SpaceRoutes::transition(SpaceService::Transition kind, const QString &key,
                             const HttpRequest &request, HttpResponder responder)
{
    const std::shared_ptr<PendingResponse> response = PendingResponse::hold(std::move(responder));
    const Expected<User> user = m_context.authenticate(request);
    if (!user)
        return response->sendError(user.error());
    m_spaces.transition(*user, key, kind,
                        [response](const ApiError &error) { response->sendOkOrError(error); });
}

HttpResponse SpaceRoutes::setField(const QString &key, const HttpRequest &request)
{
    const Expected<ApiContext::SpaceAccess> access = m_context.spaceFor(request, key);
    if (!access)
        return HttpJson::error(access.error());
    const Expected<QJsonObject> body = HttpJson::body(request);
    if (!body)
        return HttpJson::error(body.error());
    BodyReader reader(*body);
    const QString name = reader.requiredString("name");
    const QString value = reader.requiredString("value");
    if (reader.failed())
        return HttpJson::error(reader.error());
    if (const Expected<void> saved = m_spaces.setField(access->user, access->space.id, name, value);
        !saved)
        return HttpJson::error(saved.error());
    return HttpJson::ok();
}

HttpResponse SpaceRoutes::getField(const QString &key, const QString &field,
                                   const HttpRequest &request)
{
    const Expected<User> user = m_context.authenticate(request);
    if (!user)
        return HttpJson::error(user.error());
    const Expected<CustomFieldValue> value = m_spaces.field(*user, key, field);
    if (!value)
        return HttpJson::error(value.error());
    return HttpJson::ok(value->toJson());
}

} // namespace spaces
