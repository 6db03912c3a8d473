#include "SpaceService.h"

#include "EventHub.h"
#include "ForwardService.h"
#include "LocalRuntime.h"
#include "LongOperationQueue.h"
#include "SpaceReader.h"
#include "Store.h"
#include "Validation.h"

#include <QDir>
#include <QLoggingCategory>
#include <QtConcurrent/QtConcurrentRun>

namespace spaces {

Q_LOGGING_CATEGORY(lcService, "spaces.service", QtWarningMsg)

namespace {

const char *verbOf(SpaceService::Transition kind)
{
    switch (kind) {
    case SpaceService::Transition::Start:
        return "start";
    case SpaceService::Transition::Stop:
        return "stop";
    case SpaceService::Transition::Restart:
        return "restart";
    }
    return "change";
}

ApiError fieldNotDefined(const QString &name)
{
    return ApiError::badRequest(
        QStringLiteral("custom field '%1' not defined in template").arg(name));
}

bool isCurrent(const QString &userId)
{
    return userId.isEmpty() || userId == QLatin1StringView("current");
}

} // namespace

SpaceService::SpaceService(Store &store, SpaceReader &reader, EventHub &events,
                           LocalRuntime &runtime, ForwardService &forwards,
                           LongOperationQueue &longOperations)
    : m_store(store)
    , m_reader(reader)
    , m_events(events)
    , m_runtime(runtime)
    , m_forwards(forwards)
    , m_longOperations(longOperations)
    , m_permissions(store)
    , m_lifecycle(store, events, runtime, forwards)
{}

void SpaceService::list(const User &user, const QString &userId, ListDone done)
{
    const Expected<QString> ownerId = listOwner(user, userId);
    if (!ownerId)
        return done(ownerId.error());
    m_reader.spacesOf(*ownerId, std::move(done));
}

void SpaceService::listBody(const User &user, const QString &userId, ListBodyDone done)
{
    const Expected<QString> ownerId = listOwner(user, userId);
    if (!ownerId)
        return done(ownerId.error());
    m_reader.listBodyOf(*ownerId, std::move(done));
}

Expected<QString> SpaceService::listOwner(const User &user, const QString &userId) const
{
    if (const Expected<void> allowed = SpacePermissions::checkMayUseSpaces(user); !allowed)
        return allowed.error();
    const QString ownerId = isCurrent(userId) ? user.id : userId;
    if (ownerId != user.id) {
        if (!user.canManageSpaces)
            return ApiError::forbidden(
                QStringLiteral("No permission to list spaces of other users"));
        if (!m_store.userById(ownerId))
            return ApiError::notFound(QStringLiteral("user not found"));
    }
    return ownerId;
}

Expected<Space> SpaceService::read(const User &user, const QString &idOrName) const
{
    return m_permissions.spaceFor(user, idOrName);
}

Expected<void> SpaceService::checkFields(const CustomFieldValues &fields,
                                         const SpaceTemplate &spaceTemplate)
{
    for (const CustomFieldValue &field : fields) {
        if (!spaceTemplate.definesField(field.name))
            return fieldNotDefined(field.name);
    }
    return {};
}

Expected<QString> SpaceService::create(const User &user, const NewSpace &request)
{
    if (const Expected<void> allowed = SpacePermissions::checkMayUseSpaces(user); !allowed)
        return allowed.error();
    const QString ownerId = isCurrent(request.ownerId) ? user.id : request.ownerId;
    if (ownerId != user.id && !user.canManageSpaces)
        return ApiError::forbidden(
            QStringLiteral("No permission to create spaces for other users"));
    const std::optional<User> owner = m_store.userById(ownerId);
    if (!owner)
        return ApiError::badRequest(QStringLiteral("user not found"));

    Space space;
    space.name = request.name;
    space.description = request.description;
    space.shell = request.shell;
    for (const QString &problem :
         {Validation::checkSpaceName(space.name), Validation::checkDescription(space.description),
          Validation::checkShell(space.shell, true)}) {
        if (!problem.isEmpty())
            return ApiError::badRequest(problem);
    }
    const std::optional<SpaceTemplate> spaceTemplate =
        m_store.templateByIdOrName(request.templateKey);
    if (!spaceTemplate)
        return ApiError::badRequest(
            QStringLiteral("template '%1' not found").arg(request.templateKey));
    if (const Expected<void> checked = checkFields(request.fields, *spaceTemplate); !checked)
        return checked.error();
    space.customFields = request.fields;
    if (space.shell.isEmpty())
        space.shell = spaceTemplate->shell.isEmpty() ? owner->preferredShell : spaceTemplate->shell;
    space.userId = ownerId;
    space.templateId = spaceTemplate->id;

    if (const Expected<void> saved = m_store.insertSpace(space); !saved)
        return saved.error();
    m_events.publishChanged(space.id, space.userId);
    qCInfo(lcService).noquote() << user.username << "created space" << space.name << space.id;
    return space.id;
}

Expected<void> SpaceService::update(const User &user, const QString &idOrName,
                                    const SpaceChanges &changes)
{
    const Expected<Space> found = m_permissions.spaceFor(user, idOrName);
    if (!found)
        return found.error();
    const Space &space = *found;
    Space updated = space;
    updated.name = changes.name.value_or(space.name);
    updated.description = changes.description.value_or(space.description);
    updated.shell = changes.shell.value_or(space.shell);
    for (const QString &problem : {Validation::checkSpaceName(updated.name),
                                   Validation::checkDescription(updated.description),
                                   Validation::checkShell(updated.shell, false)}) {
        if (!problem.isEmpty())
            return ApiError::badRequest(problem);
    }
    const std::optional<SpaceTemplate> spaceTemplate = m_store.templateByIdOrName(space.templateId);
    if (!changes.templateKey.isEmpty()) {
        const std::optional<SpaceTemplate> requested =
            m_store.templateByIdOrName(changes.templateKey);
        if (!requested || !spaceTemplate || requested->id != spaceTemplate->id)
            return ApiError::badRequest(
                QStringLiteral("the template of a space cannot be changed"));
    }
    if (const Expected<void> checked =
            checkFields(changes.fields, spaceTemplate.value_or(SpaceTemplate{}));
        !checked)
        return checked;
    updated.customFields = changes.fields;
    if (const Expected<void> saved = m_store.updateSpace(updated); !saved)
        return saved;
    m_events.publishChanged(updated.id, updated.userId);
    return {};
}

Expected<void> SpaceService::remove(const User &user, const QString &idOrName)
{
    const Expected<Space> found = m_permissions.spaceFor(user, idOrName);
    if (!found)
        return found.error();
    const Space &space = *found;
    if (space.isDeployed || space.isPending || m_runtime.isBusy(space.id))
        return ApiError::locked(QStringLiteral("space cannot be deleted"));
    if (const Expected<void> deleted = m_store.deleteSpace(space.id); !deleted)
        return deleted;
    m_forwards.forget(space.id);
    m_events.publishDeleted(space.id, space.userId);
    qCInfo(lcService).noquote() << user.username << "deleted space" << space.name << space.id;
    // The home folder may be large: removed off the Qt thread.
    const QString folder = m_runtime.spaceDirectory(space.id);
    (void)QtConcurrent::run([folder] { QDir(folder).removeRecursively(); });
    return {};
}

void SpaceService::transition(const User &user, const QString &idOrName, Transition kind,
                              Completion done)
{
    const Expected<Space> found = m_permissions.spaceFor(user, idOrName);
    if (!found)
        return done(found.error());
    if (const ApiError refusal = checkTransition(kind, *found); refusal.isError())
        return done(refusal);
    // Queued behind the caller's other long operations; the space may change meanwhile, so
    // it is read and checked again when its turn comes.
    const QString spaceId = found->id;
    m_longOperations.run(user.id, [this, kind, spaceId, user,
                                   done = std::move(done)](LongOperationQueue::Finished finished) {
        const std::optional<Space> space = m_store.spaceById(spaceId);
        if (!space) {
            done(ApiError::notFound(QStringLiteral("space not found")));
            return finished();
        }
        if (const ApiError refusal = checkTransition(kind, *space); refusal.isError()) {
            done(refusal);
            return finished();
        }
        qCInfo(lcService).noquote() << user.username << verbOf(kind) << "space" << space->name;
        const auto report = [done, finished, kind, name = space->name](const ApiError &error) {
            if (error.isError())
                qCInfo(lcService).noquote()
                    << verbOf(kind) << "of" << name << "failed:" << error.status << error.message;
            else
                qCInfo(lcService).noquote() << verbOf(kind) << "of" << name << "done";
            done(error);
            finished();
        };
        switch (kind) {
        case Transition::Start:
            return m_lifecycle.start(*space, report);
        case Transition::Stop:
            return m_lifecycle.stop(*space, report);
        case Transition::Restart:
            return m_lifecycle.restart(*space, report);
        }
    });
}

ApiError SpaceService::checkTransition(Transition kind, const Space &space) const
{
    const bool busy = space.isPending || m_runtime.isBusy(space.id);
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

Expected<void> SpaceService::setField(const User &user, const QString &idOrName,
                                      const QString &name, const QString &value)
{
    const Expected<Space> found = m_permissions.spaceFor(user, idOrName);
    if (!found)
        return found.error();
    const std::optional<SpaceTemplate> spaceTemplate =
        m_store.templateByIdOrName(found->templateId);
    if (!Validation::checkCustomFieldName(name).isEmpty() || !spaceTemplate ||
        !spaceTemplate->definesField(name))
        return fieldNotDefined(name);
    if (const Expected<void> saved = m_store.setFieldValue(found->id, name, value); !saved)
        return saved;
    m_events.publishChanged(found->id, found->userId);
    return {};
}

Expected<CustomFieldValue> SpaceService::field(const User &user, const QString &idOrName,
                                               const QString &name) const
{
    const Expected<Space> found = m_permissions.spaceFor(user, idOrName);
    if (!found)
        return found.error();
    for (const CustomFieldValue &value : found->customFields) {
        if (value.name == name)
            return value;
    }
    return ApiError::notFound(
        QStringLiteral("custom field '%1' not defined in template").arg(name));
}

} // namespace spaces
