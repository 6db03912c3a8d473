#include "Store.h"

#include "PrivateFiles.h"
#include "SpaceRows.h"
#include "SqlWrite.h"
#include "StorageError.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>
#include <cerrno>
#include <unistd.h>

namespace spaces {

namespace {

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QString hashToken(const QString &token)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256).toHex());
}

// 256 random bits, hex: API tokens and space tokens alike.
QString newSecret()
{
    QByteArray secret(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(secret.data()),
                                          secret.size() / int(sizeof(quint32)));
    return QString::fromLatin1(secret.toHex());
}

QString nowText()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

// Runs a query with positional bindings; returns it so callers can read rows. Writes go
// through SqlWrite, which reports why they failed.
QSqlQuery run(const QSqlDatabase &db, const QString &sql, const QVariantList &bindings = {})
{
    QSqlQuery query(db);
    query.prepare(sql);
    SqlWrite::bind(query, bindings);
    if (!query.exec())
        qCWarning(lcStore) << "query failed:" << query.lastError().text();
    return query;
}

User readUser(const QSqlQuery &query)
{
    User user;
    user.id = query.value(0).toString();
    user.username = query.value(1).toString();
    user.preferredShell = query.value(2).toString();
    user.canUseSpaces = query.value(3).toBool();
    user.canManageSpaces = query.value(4).toBool();
    return user;
}

const auto UserColumns = QStringLiteral("id, username, preferred_shell, use_spaces, manage_spaces");

SpaceTemplate readTemplate(const QSqlQuery &query)
{
    // The template is stored as the JSON document it was given in.
    SpaceTemplate result =
        SpaceTemplate::fromJson(QJsonDocument::fromJson(query.value(1).toByteArray()).object());
    result.id = query.value(0).toString();
    return result;
}

Script readScript(const QSqlQuery &query)
{
    Script script;
    script.id = query.value(0).toString();
    script.userId = query.value(1).toString();
    script.name = query.value(2).toString();
    script.description = query.value(3).toString();
    script.content = query.value(4).toString();
    return script;
}

const auto ScriptColumns = QStringLiteral("id, user_id, name, description, content");

} // namespace

Store::Store(QString databasePath)
    : m_path(std::move(databasePath))
    , m_connectionName(QStringLiteral("spaces-store-") + newId())
{}

Store::~Store()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

QSqlDatabase Store::database() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

Expected<void> Store::open()
{
    const QString action = QStringLiteral("open the database %1").arg(m_path);
    // A database spacesd may not read or write is said so, not as SQLite's "unable to open".
    const QByteArray native = QFile::encodeName(m_path);
    if (QFileInfo::exists(m_path) && ::access(native.constData(), R_OK | W_OK) != 0)
        return StorageError::fromErrno(errno, action);
    // Created here, owner-only: SQLite would create it with the umask's mode, and its WAL and
    // SHM files take the mode of the database.
    if (Expected<void> created = PrivateFiles::createFile(m_path, action); !created)
        return created;
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    db.setDatabaseName(m_path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!db.open())
        return StorageError::fromSql(db.lastError(), action);
    // The first statements are the first to read the file: a corrupt one is found here.
    for (const auto *pragma : {"PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON",
                               "PRAGMA synchronous=NORMAL", "PRAGMA quick_check"}) {
        QSqlQuery query(db);
        if (!query.exec(QString::fromLatin1(pragma)))
            return StorageError::fromSql(query.lastError(), action);
        if (query.next() && qstrcmp(pragma, "PRAGMA quick_check") == 0 &&
            query.value(0).toString() != QLatin1StringView("ok")) {
            return ApiError{500, QStringLiteral("cannot %1: the database is corrupt (%2)")
                                     .arg(action, query.value(0).toString())};
        }
    }
    if (Expected<void> migrated = migrate(); !migrated)
        return migrated;
    // The files SQLite made (WAL, SHM) and those an older version left too open.
    PrivateFiles::tightenFile(m_path + QStringLiteral("-wal"));
    PrivateFiles::tightenFile(m_path + QStringLiteral("-shm"));
    return {};
}

Expected<void> Store::migrate()
{
    static const char *const schema[] = {
        "CREATE TABLE IF NOT EXISTS users (id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE,"
        " preferred_shell TEXT NOT NULL DEFAULT 'bash', use_spaces INTEGER NOT NULL,"
        " manage_spaces INTEGER NOT NULL, created_at TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS tokens (token_hash TEXT PRIMARY KEY,"
        " user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE, label TEXT NOT NULL,"
        " created_at TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS templates (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
        " document TEXT NOT NULL, created_at TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS spaces (id TEXT PRIMARY KEY,"
        " user_id TEXT NOT NULL REFERENCES users(id), name TEXT NOT NULL,"
        " description TEXT NOT NULL DEFAULT '', template_id TEXT NOT NULL REFERENCES templates(id),"
        " shell TEXT NOT NULL, is_deployed INTEGER NOT NULL DEFAULT 0,"
        " is_pending INTEGER NOT NULL DEFAULT 0, process_group INTEGER NOT NULL DEFAULT 0,"
        " started_at TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL, UNIQUE(user_id, name))",
        "CREATE TABLE IF NOT EXISTS field_values (space_id TEXT NOT NULL REFERENCES spaces(id)"
        " ON DELETE CASCADE, name TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY(space_id, name))",
        "CREATE TABLE IF NOT EXISTS scripts (id TEXT PRIMARY KEY, user_id TEXT NOT NULL,"
        " name TEXT NOT NULL, description TEXT NOT NULL DEFAULT '', content TEXT NOT NULL,"
        " created_at TEXT NOT NULL, UNIQUE(user_id, name))",
        "CREATE TABLE IF NOT EXISTS persistent_forwards (local_port INTEGER PRIMARY KEY,"
        " source_space_id TEXT NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,"
        " target_space_id TEXT NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,"
        " remote_port INTEGER NOT NULL)",
        // Space tokens (the Remote environment): the owner is the space's, never stored twice.
        "CREATE TABLE IF NOT EXISTS space_tokens (token_hash TEXT PRIMARY KEY,"
        " space_id TEXT NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,"
        " created_at TEXT NOT NULL)",
    };
    const QSqlDatabase db = database();
    return SqlWrite::transaction(db, QStringLiteral("create the database schema"), [&] {
        for (const char *statement : schema) {
            if (Expected<void> done =
                    SqlWrite::exec(db, QStringLiteral("create the database schema"),
                                   QString::fromLatin1(statement));
                !done)
                return done;
        }
        // Added with space backends: the handle of what runs. A database of an earlier
        // version names its running services by process group only: they ran unconfined.
        bool hasHandle = false;
        QSqlQuery columns(db);
        if (columns.exec(QStringLiteral("PRAGMA table_info(spaces)"))) {
            while (columns.next())
                hasHandle = hasHandle || columns.value(1).toString() == u"runtime_handle";
        }
        if (!hasHandle) {
            for (const char *statement :
                 {"ALTER TABLE spaces ADD COLUMN runtime_handle TEXT NOT NULL DEFAULT ''",
                  "UPDATE spaces SET runtime_handle = 'group:' || process_group"
                  " WHERE process_group > 0",
                  // Every template said "manual" then, asked or not: there was no choice.
                  "UPDATE templates SET document = json_set(document, '$.platform', 'container')"
                  " WHERE json_extract(document, '$.platform') = 'manual'"}) {
                if (Expected<void> done =
                        SqlWrite::exec(db, QStringLiteral("upgrade the database schema"),
                                       QString::fromLatin1(statement));
                    !done)
                    return done;
            }
        }
        // Added with failures and readiness: has_state (the readiness check passed) and
        // last_exit (JSON of SpaceExit, '' for none).
        bool hasReadiness = false;
        QSqlQuery readinessColumns(db);
        if (readinessColumns.exec(QStringLiteral("PRAGMA table_info(spaces)"))) {
            while (readinessColumns.next())
                hasReadiness = hasReadiness || readinessColumns.value(1).toString() == u"has_state";
        }
        if (!hasReadiness) {
            for (const char *statement :
                 {"ALTER TABLE spaces ADD COLUMN has_state INTEGER NOT NULL DEFAULT 1",
                  "ALTER TABLE spaces ADD COLUMN last_exit TEXT NOT NULL DEFAULT ''"}) {
                if (Expected<void> done =
                        SqlWrite::exec(db, QStringLiteral("upgrade the database schema"),
                                       QString::fromLatin1(statement));
                    !done)
                    return done;
            }
        }
        return Expected<void>();
    });
}

Expected<User> Store::createUser(const QString &username, Permissions permissions)
{
    if (userByName(username))
        return ApiError::conflict(QStringLiteral("user '%1' already exists").arg(username));
    User user;
    user.id = newId();
    user.username = username;
    user.canUseSpaces = permissions.testFlag(Permission::UseSpaces);
    user.canManageSpaces = permissions.testFlag(Permission::ManageSpaces);
    if (Expected<void> saved =
            SqlWrite::exec(database(), QStringLiteral("save user '%1'").arg(username),
                           QStringLiteral("INSERT INTO users VALUES (?, ?, ?, ?, ?, ?)"),
                           {user.id, user.username, user.preferredShell, user.canUseSpaces,
                            user.canManageSpaces, nowText()});
        !saved)
        return saved.error();
    return user;
}

std::optional<User> Store::userById(const QString &id) const
{
    QSqlQuery query =
        run(database(), QStringLiteral("SELECT %1 FROM users WHERE id = ?").arg(UserColumns), {id});
    return query.next() ? std::optional(readUser(query)) : std::nullopt;
}

std::optional<User> Store::userByName(const QString &username) const
{
    QSqlQuery query =
        run(database(), QStringLiteral("SELECT %1 FROM users WHERE username = ?").arg(UserColumns),
            {username});
    return query.next() ? std::optional(readUser(query)) : std::nullopt;
}

std::optional<User> Store::userByToken(const QString &token) const
{
    if (token.isEmpty())
        return std::nullopt;
    QSqlQuery query =
        run(database(),
            QStringLiteral("SELECT u.id, u.username, u.preferred_shell, u.use_spaces,"
                           " u.manage_spaces FROM tokens t JOIN users u ON u.id = t.user_id"
                           " WHERE t.token_hash = ?"),
            {hashToken(token)});
    if (query.next())
        return readUser(query);
    // A space token acts for the space's owner, and only while the space runs (or starts).
    QSqlQuery spaceQuery =
        run(database(),
            QStringLiteral("SELECT u.id, u.username, u.preferred_shell, u.use_spaces,"
                           " u.manage_spaces FROM space_tokens t JOIN spaces s ON s.id = t.space_id"
                           " JOIN users u ON u.id = s.user_id WHERE t.token_hash = ?"
                           " AND (s.is_deployed = 1 OR s.is_pending = 1)"),
            {hashToken(token)});
    return spaceQuery.next() ? std::optional(readUser(spaceQuery)) : std::nullopt;
}

Expected<QString> Store::createToken(const QString &userId, const QString &label)
{
    const QString token = newSecret();
    if (Expected<void> saved =
            SqlWrite::exec(database(), QStringLiteral("save a new API token"),
                           QStringLiteral("INSERT INTO tokens VALUES (?, ?, ?, ?)"),
                           {hashToken(token), userId, label, nowText()});
        !saved)
        return saved.error();
    return token;
}

Expected<QString> Store::createSpaceToken(const QString &spaceId)
{
    const QString token = newSecret();
    if (Expected<void> saved =
            SqlWrite::exec(database(), QStringLiteral("save the token of a space"),
                           QStringLiteral("INSERT INTO space_tokens VALUES (?, ?, ?)"),
                           {hashToken(token), spaceId, nowText()});
        !saved)
        return saved.error();
    return token;
}

Expected<void> Store::revokeSpaceTokens(const QString &spaceId)
{
    return SqlWrite::exec(database(), QStringLiteral("revoke the tokens of a space"),
                          QStringLiteral("DELETE FROM space_tokens WHERE space_id = ?"), {spaceId});
}

Expected<void> Store::revokeTokensOfStoppedSpaces()
{
    return SqlWrite::exec(database(), QStringLiteral("revoke the tokens of stopped spaces"),
                          QStringLiteral("DELETE FROM space_tokens WHERE space_id NOT IN"
                                         " (SELECT id FROM spaces WHERE is_deployed = 1"
                                         " OR is_pending = 1)"));
}

qsizetype Store::userCount() const
{
    QSqlQuery query = run(database(), QStringLiteral("SELECT COUNT(*) FROM users"));
    return query.next() ? query.value(0).toLongLong() : 0;
}

Expected<void> Store::saveTemplate(SpaceTemplate &spaceTemplate, bool replaceSameName)
{
    const std::optional<SpaceTemplate> existing = templateByIdOrName(spaceTemplate.name);
    if (existing && !replaceSameName) {
        return ApiError::badRequest(
            QStringLiteral("template name '%1' already used").arg(spaceTemplate.name));
    }
    SpaceTemplate stored = spaceTemplate;
    stored.id = existing ? existing->id : newId();
    const QJsonObject object = stored.toJson();
    const QString id = stored.id;
    // The same document again (every start reinstalls the built-in ones) is not a write: a
    // full disk must not keep the server from starting with the state it has.
    if (existing && object == existing->toJson()) {
        spaceTemplate.id = id;
        return {};
    }
    const QString document =
        QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
    const QString action = QStringLiteral("save template '%1'").arg(spaceTemplate.name);
    Expected<void> saved =
        existing ? SqlWrite::exec(database(), action,
                                  QStringLiteral("UPDATE templates SET document = ? WHERE id = ?"),
                                  {document, id})
                 : SqlWrite::exec(database(), action,
                                  QStringLiteral("INSERT INTO templates VALUES (?, ?, ?, ?)"),
                                  {id, spaceTemplate.name, document, nowText()});
    if (saved)
        spaceTemplate.id = id;
    return saved;
}

SpaceTemplateList Store::templates() const
{
    SpaceTemplateList result;
    QSqlQuery query =
        run(database(), QStringLiteral("SELECT id, document FROM templates ORDER BY name"));
    while (query.next())
        result.append(readTemplate(query));
    return result;
}

std::optional<SpaceTemplate> Store::templateByIdOrName(const QString &key) const
{
    QSqlQuery query =
        run(database(),
            QStringLiteral("SELECT id, document FROM templates WHERE id = ? OR name = ?"
                           " ORDER BY id = ? DESC LIMIT 1"),
            {key.toLower(), key, key.toLower()});
    return query.next() ? std::optional(readTemplate(query)) : std::nullopt;
}

Expected<void> Store::writeFieldValues(const QString &spaceId, const CustomFieldValues &values)
{
    for (const CustomFieldValue &field : values) {
        if (Expected<void> done = SqlWrite::exec(
                database(), QStringLiteral("save the custom field '%1'").arg(field.name),
                QStringLiteral("INSERT OR REPLACE INTO field_values VALUES (?, ?, ?)"),
                {spaceId, field.name, field.value});
            !done)
            return done;
    }
    return {};
}

Expected<void> Store::insertSpace(Space &space)
{
    if (spaceByName(space.userId, space.name))
        return ApiError::badRequest(
            QStringLiteral("failed to save space: space name already used"));
    const QString id = newId();
    const QDateTime createdAt = QDateTime::currentDateTimeUtc();
    const QString action = QStringLiteral("save the space '%1'").arg(space.name);
    Expected<void> saved = SqlWrite::transaction(database(), action, [&] {
        if (Expected<void> inserted = SqlWrite::exec(
                database(), action,
                QStringLiteral("INSERT INTO spaces (id, user_id, name, description, template_id,"
                               " shell, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"),
                {id, space.userId, space.name, space.description, space.templateId, space.shell,
                 createdAt.toString(Qt::ISODateWithMs)});
            !inserted)
            return inserted;
        return writeFieldValues(id, space.customFields);
    });
    if (saved) {
        space.id = id;
        space.createdAt = createdAt;
    }
    return saved;
}

Expected<void> Store::updateSpace(const Space &space)
{
    const std::optional<Space> sameName = spaceByName(space.userId, space.name);
    if (sameName && sameName->id != space.id)
        return ApiError::badRequest(
            QStringLiteral("failed to save space: space name already used"));
    const QString action = QStringLiteral("save the space '%1'").arg(space.name);
    return SqlWrite::transaction(database(), action, [&] {
        if (Expected<void> updated = SqlWrite::exec(
                database(), action,
                QStringLiteral(
                    "UPDATE spaces SET name = ?, description = ?, shell = ? WHERE id = ?"),
                {space.name, space.description, space.shell, space.id});
            !updated)
            return updated;
        return writeFieldValues(space.id, space.customFields);
    });
}

Expected<void> Store::deleteSpace(const QString &id)
{
    return SqlWrite::exec(database(), QStringLiteral("delete the space"),
                          QStringLiteral("DELETE FROM spaces WHERE id = ?"), {id});
}

SpaceList Store::querySpaces(const QString &where, const QVariantList &bindings) const
{
    return SpaceRows::read(database(), where, bindings);
}

std::optional<Space> Store::spaceById(const QString &id) const
{
    const SpaceList found = querySpaces(QStringLiteral("s.id = ?"), {id.toLower()});
    return found.isEmpty() ? std::nullopt : std::optional(found.first());
}

std::optional<Space> Store::spaceByName(const QString &userId, const QString &name) const
{
    const SpaceList found =
        querySpaces(QStringLiteral("s.user_id = ? AND s.name = ?"), {userId, name});
    return found.isEmpty() ? std::nullopt : std::optional(found.first());
}

SpaceList Store::spacesOf(const QString &userId) const
{
    return querySpaces(QStringLiteral("s.user_id = ?"), {userId});
}

SpaceList Store::allSpaces() const
{
    return querySpaces(QStringLiteral("1 = 1"), {});
}

Expected<void> Store::setRuntimeState(const QString &spaceId, const RuntimeState &state)
{
    return SqlWrite::exec(
        database(), QStringLiteral("save the state of the space"),
        QStringLiteral("UPDATE spaces SET is_deployed = ?, is_pending = ?, process_group = ?,"
                       " started_at = ?, runtime_handle = ?, has_state = ?, last_exit = ?"
                       " WHERE id = ?"),
        {state.deployed, state.pending, state.processGroup,
         state.startedAt.isValid() ? state.startedAt.toString(Qt::ISODateWithMs) : QString(),
         state.handle, state.hasState, SpaceRows::lastExitText(state.lastExit), spaceId});
}

Store::RuntimeState Store::runtimeState(const QString &spaceId) const
{
    QSqlQuery query =
        run(database(),
            QStringLiteral("SELECT is_deployed, is_pending, process_group, started_at,"
                           " runtime_handle, has_state, last_exit FROM spaces WHERE id = ?"),
            {spaceId});
    RuntimeState state;
    if (query.next()) {
        state.deployed = query.value(0).toBool();
        state.pending = query.value(1).toBool();
        state.processGroup = query.value(2).toLongLong();
        state.startedAt = QDateTime::fromString(query.value(3).toString(), Qt::ISODateWithMs);
        state.handle = query.value(4).toString();
        state.hasState = query.value(5).toBool();
        state.lastExit = SpaceRows::lastExitOf(query.value(6).toString());
    }
    return state;
}

QList<Store::DeployedSpace> Store::deployedSpaces() const
{
    QList<DeployedSpace> result;
    QSqlQuery query = run(
        database(), QStringLiteral("SELECT id, user_id, process_group, is_pending, runtime_handle"
                                   " FROM spaces WHERE is_deployed = 1 OR is_pending = 1"));
    while (query.next()) {
        result.append({query.value(0).toString(), query.value(1).toString(),
                       query.value(2).toLongLong(), query.value(3).toBool(),
                       query.value(4).toString()});
    }
    return result;
}

Expected<void> Store::setFieldValue(const QString &spaceId, const QString &name,
                                    const QString &value)
{
    return writeFieldValues(spaceId, {{name, value}});
}

Expected<void> Store::insertScript(Script &script)
{
    QSqlQuery existing =
        run(database(), QStringLiteral("SELECT id FROM scripts WHERE user_id = ? AND name = ?"),
            {script.userId, script.name});
    if (existing.next())
        return ApiError::badRequest(
            QStringLiteral("script name '%1' already used").arg(script.name));
    const QString id = newId();
    Expected<void> saved = SqlWrite::exec(
        database(), QStringLiteral("save script '%1'").arg(script.name),
        QStringLiteral("INSERT INTO scripts VALUES (?, ?, ?, ?, ?, ?)"),
        {id, script.userId, script.name, script.description, script.content, nowText()});
    if (saved)
        script.id = id;
    return saved;
}

ScriptList Store::scriptsFor(const QString &userId, bool includeGlobal) const
{
    ScriptList result;
    QSqlQuery query =
        run(database(),
            QStringLiteral("SELECT %1 FROM scripts WHERE user_id = ? OR (? AND user_id = '')"
                           " ORDER BY name")
                .arg(ScriptColumns),
            {userId, includeGlobal});
    while (query.next())
        result.append(readScript(query));
    return result;
}

std::optional<Script> Store::scriptFor(const QString &userId, const QString &idOrName) const
{
    // The user's own script wins over a global one of the same name.
    QSqlQuery query =
        run(database(),
            QStringLiteral("SELECT %1 FROM scripts WHERE (user_id = ? OR user_id = '')"
                           " AND (id = ? OR name = ?) ORDER BY user_id = '' LIMIT 1")
                .arg(ScriptColumns),
            {userId, idOrName.toLower(), idOrName});
    return query.next() ? std::optional(readScript(query)) : std::nullopt;
}

Expected<void> Store::savePersistentForward(const StoredForward &forward)
{
    return SqlWrite::exec(
        database(), QStringLiteral("save the persistent port forward"),
        QStringLiteral("INSERT OR REPLACE INTO persistent_forwards VALUES (?, ?, ?, ?)"),
        {forward.localPort, forward.sourceSpaceId, forward.targetSpaceId, forward.remotePort});
}

Expected<void> Store::removePersistentForward(int localPort)
{
    return SqlWrite::exec(database(), QStringLiteral("remove the persistent port forward"),
                          QStringLiteral("DELETE FROM persistent_forwards WHERE local_port = ?"),
                          {localPort});
}

QList<Store::StoredForward> Store::persistentForwardsFrom(const QString &sourceSpaceId) const
{
    QList<StoredForward> result;
    QSqlQuery query =
        run(database(),
            QStringLiteral("SELECT source_space_id, local_port, target_space_id, remote_port"
                           " FROM persistent_forwards WHERE source_space_id = ?"
                           " ORDER BY local_port"),
            {sourceSpaceId});
    while (query.next()) {
        result.append({query.value(0).toString(), query.value(1).toInt(), query.value(2).toString(),
                       query.value(3).toInt()});
    }
    return result;
}

Expected<void> Store::removeForwardsOf(const QString &spaceId)
{
    return SqlWrite::exec(
        database(), QStringLiteral("remove the port forwards of the space"),
        QStringLiteral(
            "DELETE FROM persistent_forwards WHERE source_space_id = ? OR target_space_id = ?"),
        {spaceId, spaceId});
}

} // namespace spaces
