#include "CatalogRoutes.h"

#include "EventHub.h"
#include "HttpJson.h"
#include "LocalRuntime.h"
#include "Router.h"
#include "SpaceBackend.h"
#include "Store.h"
#include "Validation.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

namespace spaces {

void CatalogRoutes::install(Router &router)
{
    router.addAnswer("GET", u"/api/templates", [this](const HttpRequest &r, const QStringList &) {
        return listTemplates(r);
    });
    router.addAnswer("POST", u"/api/templates", [this](const HttpRequest &r, const QStringList &) {
        return createTemplate(r);
    });
    router.addAnswer("GET", u"/api/scripts",
                     [this](const HttpRequest &r, const QStringList &) { return listScripts(r); });
    router.addAnswer("POST", u"/api/scripts",
                     [this](const HttpRequest &r, const QStringList &) { return createScript(r); });
    router.addAnswer("GET", u"/api/users/whoami",
                     [this](const HttpRequest &r, const QStringList &) { return whoami(r); });
    router.addAnswer("GET", u"/api/ping",
                     [this](const HttpRequest &r, const QStringList &) { return ping(r); });
    router.add("GET", u"/api/events",
               [this](const HttpRequest &r, const QStringList &, HttpResponder out) {
                   events(r, std::move(out));
               });
}

Expected<SpaceTemplate> CatalogRoutes::parseTemplate(const QJsonObject &object)
{
    BodyReader reader(object);
    reader.requiredString("name");
    reader.string("description");
    reader.string("shell");
    reader.string("startup_command");
    reader.objectArray("custom_fields");
    if (reader.failed())
        return reader.error();
    const QJsonValue environment = object.value(QLatin1StringView("environment"));
    if (!environment.isUndefined() && !environment.isNull() && !environment.isObject())
        return ApiError::badRequest(
            QStringLiteral("field 'environment' must be an object of strings"));
    SpaceTemplate result = SpaceTemplate::fromJson(object);
    result.id.clear();
    if (const QString problem = Validation::checkTemplateName(result.name); !problem.isEmpty())
        return ApiError::badRequest(problem);
    if (const QString problem = Validation::checkShell(result.shell, true); !problem.isEmpty())
        return ApiError::badRequest(problem);
    QSet<QString> seen;
    for (const CustomFieldDefinition &field : std::as_const(result.customFields)) {
        if (!Validation::checkCustomFieldName(field.name).isEmpty())
            return ApiError::badRequest(
                QStringLiteral("invalid custom field name '%1'").arg(field.name));
        if (seen.contains(field.name))
            return ApiError::badRequest(
                QStringLiteral("custom field '%1' is defined twice").arg(field.name));
        seen.insert(field.name);
    }
    return result;
}

HttpResponse CatalogRoutes::listTemplates(const HttpRequest &request)
{
    const Expected<User> user = m_context.authenticate(request);
    if (!user)
        return HttpJson::error(user.error());
    QJsonArray templates;
    const SpaceTemplateList all = m_catalog.templates();
    for (const SpaceTemplate &spaceTemplate : all) {
        // Additive, for the create dialog: whether this server can run it at all.
        QJsonObject object = spaceTemplate.toJson();
        const Expected<void> usable = m_context.runtime.backendFor(spaceTemplate).available();
        object.insert(QStringLiteral("available"), bool(usable));
        if (!usable)
            object.insert(QStringLiteral("unavailable_reason"), usable.error().message);
        templates.append(object);
    }
    return HttpJson::ok(
        {{QStringLiteral("count"), templates.size()}, {QStringLiteral("templates"), templates}});
}

HttpResponse CatalogRoutes::createTemplate(const HttpRequest &request)
{
    const Expected<User> user = m_context.authenticate(request);
    if (!user)
        return HttpJson::error(user.error());
    // Refused before the body is looked at.
    if (const Expected<void> allowed = CatalogService::checkMayManageTemplates(*user); !allowed)
        return HttpJson::error(allowed.error());
    const Expected<QJsonObject> body = HttpJson::body(request);
    if (!body)
        return HttpJson::error(body.error());
    Expected<SpaceTemplate> spaceTemplate = parseTemplate(*body);
    if (!spaceTemplate)
        return HttpJson::error(spaceTemplate.error());
    if (const Expected<void> saved = m_catalog.createTemplate(*user, spaceTemplate.value()); !saved)
        return HttpJson::error(saved.error());
    return HttpJson::respond(201, {{QStringLiteral("status"), true},
                                   {QStringLiteral("template_id"), spaceTemplate->id}});
}

HttpResponse CatalogRoutes::listScripts(const HttpRequest &request)
{
    const Expected<User> user = m_context.authenticate(request);
    if (!user)
        return HttpJson::error(user.error());
    const Expected<ScriptList> found =
        m_catalog.scripts(*user, request.query.queryItemValue(QStringLiteral("user_id")));
    if (!found)
        return HttpJson::error(found.error());
    QJsonArray scripts;
    for (const Script &script : *found)
        scripts.append(script.toJson(false));
    return HttpJson::ok(
        {{QStringLiteral("count"), scripts.size()}, {QStringLiteral("scripts"), scripts}});
}

HttpResponse CatalogRoutes::createScript(const HttpRequest &request)
{
    const Expected<User> user = m_context.authenticate(request);
    if (!user)
        return HttpJson::error(user.error());
    const Expected<QJsonObject> body = HttpJson::body(request);
    if (!body)
        return HttpJson::error(body.error());
    BodyReader reader(*body);
    Script script;
    script.name = reader.requiredString("name");
    script.content = reader.requiredString("content");
    script.description = reader.string("description");
    script.userId = reader.string("user_id");
    if (reader.failed())
        return HttpJson::error(reader.error());
    if (const Expected<void> saved = m_catalog.createScript(*user, script); !saved)
        return HttpJson::error(saved.error());
    return HttpJson::respond(201,
                             {{QStringLiteral("status"), true}, {QStringLiteral("id"), script.id}});
}

HttpResponse CatalogRoutes::whoami(const HttpRequest &request)
{
    const Expected<User> user = m_context.authenticate(request);
    if (!user)
        return HttpJson::error(user.error());
    return HttpJson::ok(user->toJson());
}

HttpResponse CatalogRoutes::ping(const HttpRequest &request)
{
    const Expected<User> user = m_context.authenticate(request);
    if (!user)
        return HttpJson::error(user.error());
    return HttpJson::ok({{QStringLiteral("status"), true},
                         {QStringLiteral("version"), QCoreApplication::applicationVersion()},
                         {QStringLiteral("zone"), QStringLiteral("local")}});
}

void CatalogRoutes::events(const HttpRequest &request, HttpResponder responder)
{
    const Expected<User> user = m_context.authenticate(request);
    if (!user)
        return responder.send(HttpJson::error(user.error()));
    m_context.events.subscribe(*user, std::move(responder));
}

} // namespace spaces
