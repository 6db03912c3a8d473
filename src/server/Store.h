#pragma once

#include "Expected.h"
#include "PortForward.h"
#include "Script.h"
#include "Space.h"
#include "SpaceTemplate.h"
#include "User.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QString>
#include <optional>

namespace spaces {

// The server's state in SQLite (WAL): users, API tokens, templates, spaces with their custom
// field values, scripts and persistent port forwards. Used from the server thread only;
// worker threads hand their results back to it. Big reads (the space list) go through
// SpaceReader instead, with read-only connections of its own on its threads.
class Store final
{
public:
    explicit Store(QString databasePath);
    ~Store();
    Store(const Store &) = delete;
    Store &operator=(const Store &) = delete;

    // Opens (creating it 0600 if absent) and migrates the database. A corrupt, unreadable or
    // read-only database is reported as what it is.
    Expected<void> open();
    const QString &path() const { return m_path; }

    // Every write below returns only after SQLite has committed it; on failure nothing has
    // changed and the error carries the status and sentence to answer (see StorageError).

    // Users and tokens. Tokens are kept as SHA-256 hashes; the plain token exists only in
    // what createToken returns.
    Expected<User> createUser(const QString &username, Permissions permissions);
    std::optional<User> userById(const QString &id) const;
    std::optional<User> userByName(const QString &username) const;
    std::optional<User> userByToken(const QString &token) const;
    Expected<QString> createToken(const QString &userId, const QString &label);
    qsizetype userCount() const;

    // Space tokens (the Remote environment): userByToken accepts one as the space's owner
    // while the space is deployed or pending, and never otherwise.
    Expected<QString> createSpaceToken(const QString &spaceId);
    Expected<void> revokeSpaceTokens(const QString &spaceId);
    // Those of spaces neither deployed nor pending (at server start, after a crash).
    Expected<void> revokeTokensOfStoppedSpaces();

    // Templates, looked up by id or name.
    Expected<void> saveTemplate(SpaceTemplate &spaceTemplate, bool replaceSameName);
    SpaceTemplateList templates() const;
    std::optional<SpaceTemplate> templateByIdOrName(const QString &key) const;

    // Spaces. A Space read here carries its username, template name and the value of every
    // field its template defines ("" when unset).
    Expected<void> insertSpace(Space &space);
    Expected<void> updateSpace(const Space &space);
    Expected<void> deleteSpace(const QString &id);
    std::optional<Space> spaceById(const QString &id) const;
    std::optional<Space> spaceByName(const QString &userId, const QString &name) const;
    SpaceList spacesOf(const QString &userId) const;
    SpaceList allSpaces() const;

    struct RuntimeState
    {
        bool deployed = false;
        bool pending = false;
        qint64 processGroup = 0; // kept for tools and tests that look at real processes
        QDateTime startedAt;
        QString handle; // the backend's opaque name of what runs (see SpaceBackend)
        // Readiness: false from a start until the template's check passes.
        bool hasState = true;
        // Why the services last ended on their own or the last start failed.
        std::optional<SpaceExit> lastExit;
    };
    Expected<void> setRuntimeState(const QString &spaceId, const RuntimeState &state);
    struct DeployedSpace
    {
        QString id;
        QString ownerId;
        qint64 processGroup = 0;
        bool pending = false;
        QString handle;
    };
    // Spaces marked deployed or pending: what the service monitor and adoption look at.
    QList<DeployedSpace> deployedSpaces() const;
    RuntimeState runtimeState(const QString &spaceId) const;

    Expected<void> setFieldValue(const QString &spaceId, const QString &name, const QString &value);

    // Scripts: a user's own and the global ones (user_id empty).
    Expected<void> insertScript(Script &script);
    ScriptList scriptsFor(const QString &userId, bool includeGlobal) const;
    std::optional<Script> scriptFor(const QString &userId, const QString &idOrName) const;

    // Persistent port forwards, restored when their source space starts.
    struct StoredForward
    {
        QString sourceSpaceId;
        int localPort = 0;
        QString targetSpaceId;
        int remotePort = 0;
    };
    Expected<void> savePersistentForward(const StoredForward &forward);
    Expected<void> removePersistentForward(int localPort);
    QList<StoredForward> persistentForwardsFrom(const QString &sourceSpaceId) const;
    Expected<void> removeForwardsOf(const QString &spaceId);

private:
    QSqlDatabase database() const;
    Expected<void> migrate();
    Expected<void> writeFieldValues(const QString &spaceId, const CustomFieldValues &values);
    SpaceList querySpaces(const QString &where, const QVariantList &bindings) const;

    QString m_path;
    QString m_connectionName;
};

} // namespace spaces
