#pragma once

#include "ApiError.h"
#include "CustomFieldValue.h"
#include "Expected.h"
#include "Space.h"
#include "SpaceLifecycle.h"
#include "SpacePermissions.h"
#include "User.h"

#include <functional>
#include <optional>

namespace spaces {

class EventHub;
class LocalRuntime;
class LongOperationQueue;
class ForwardService;
class SpaceReader;
class Store;
struct SpaceTemplate;

// What can be done to spaces, free of any transport: create, list, read, update, delete,
// start, stop, restart and custom fields. The caller passes the User it authenticated; the
// service checks permissions, validates, writes the Store and publishes the event, in that
// order and only once the write has committed; what runs is SpaceLifecycle's, which it owns.
// Lives on the Qt thread.
class SpaceService final
{
public:
    SpaceService(Store &store, SpaceReader &reader, EventHub &events, LocalRuntime &runtime,
                 ForwardService &forwards, LongOperationQueue &longOperations);

    const SpacePermissions &permissions() const { return m_permissions; }

    // At server start: adopts the spaces still running, marks the others stopped.
    void adopt() { m_lifecycle.adopt(); }

    // The spaces of `userId` ("" or "current": the caller's own). `done` runs on a worker
    // thread, so that reading and serialising thousands of spaces never holds up the Qt
    // thread; it gets the error instead when the list may not be read.
    using ListDone = std::function<void(const Expected<SpaceList> &)>;
    void list(const User &user, const QString &userId, ListDone done);
    // The same list as the JSON body of GET /api/spaces, written straight from the rows on a
    // worker thread (10,000 spaces in milliseconds).
    using ListBodyDone = std::function<void(const Expected<QByteArray> &)>;
    void listBody(const User &user, const QString &userId, ListBodyDone done);
    // Whose spaces list(user, userId) would give (an id), or why `user` may not read them.
    Expected<QString> listOwner(const User &user, const QString &userId) const;

    struct NewSpace
    {
        QString name;
        QString description;
        QString templateKey; // id or name
        QString shell;       // "" : the template's, else the owner's preferred shell
        QString ownerId;     // "" or "current": the caller
        CustomFieldValues fields;
    };
    // The new space's id.
    Expected<QString> create(const User &user, const NewSpace &request);

    Expected<Space> read(const User &user, const QString &idOrName) const;

    // What an update changes; a field left unset keeps its value. Custom fields are replaced
    // as a whole (an absent list clears them, as Knot's PUT does).
    struct SpaceChanges
    {
        std::optional<QString> name;
        std::optional<QString> description;
        std::optional<QString> shell;
        QString templateKey; // may only name the space's own template
        CustomFieldValues fields;
    };
    Expected<void> update(const User &user, const QString &idOrName, const SpaceChanges &changes);
    Expected<void> remove(const User &user, const QString &idOrName);

    // Start, stop and restart queue behind the caller's other long operations and report
    // on the Qt thread; a status-0 ApiError means success.
    using Completion = std::function<void(const ApiError &)>;
    enum class Transition
    {
        Start,
        Stop,
        Restart
    };
    void transition(const User &user, const QString &idOrName, Transition kind, Completion done);

    Expected<void> setField(const User &user, const QString &idOrName, const QString &name,
                            const QString &value);
    Expected<CustomFieldValue> field(const User &user, const QString &idOrName,
                                     const QString &name) const;

private:
    ApiError checkTransition(Transition kind, const Space &space) const;
    static Expected<void> checkFields(const CustomFieldValues &fields,
                                      const SpaceTemplate &spaceTemplate);

    Store &m_store;
    SpaceReader &m_reader;
    EventHub &m_events;
    LocalRuntime &m_runtime;
    ForwardService &m_forwards;
    LongOperationQueue &m_longOperations;
    SpacePermissions m_permissions;
    SpaceLifecycle m_lifecycle;
};

} // namespace spaces
