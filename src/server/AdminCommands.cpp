#include "AdminCommands.h"

#include "BuiltinTemplates.h"
#include "CatalogRoutes.h"
#include "PrivateFiles.h"
#include "SpacePaths.h"
#include "Store.h"
#include "Validation.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>

namespace spaces {

AdminCommands::AdminCommands(QString dataDirectory, QTextStream &out, QTextStream &err)
    : m_dataDirectory(std::move(dataDirectory))
    , m_out(out)
    , m_err(err)
{}

bool AdminCommands::openStore(Store &store)
{
    // The same owner-only data directory as the server's, whoever creates it first.
    Expected<void> ready = PrivateFiles::makeDirectory(
        m_dataDirectory, QStringLiteral("create the data directory %1").arg(m_dataDirectory));
    if (ready)
        ready = store.open();
    if (ready)
        ready = BuiltinTemplates::install(store);
    if (!ready) {
        m_err << "spacesd: " << ready.error().message << Qt::endl;
        return false;
    }
    return true;
}

int AdminCommands::addUser(const QString &username, Permissions permissions)
{
    if (username.trimmed().isEmpty()) {
        m_err << "spacesd: the user name must not be empty" << Qt::endl;
        return 1;
    }
    Store store(SpacePaths(m_dataDirectory).databaseFile());
    if (!openStore(store))
        return 1;
    const Expected<User> user = store.createUser(username, permissions);
    if (!user) {
        m_err << "spacesd: " << user.error().message << Qt::endl;
        return 1;
    }
    const Expected<QString> token =
        store.createToken(user->id, QStringLiteral("created by spacesd user add"));
    if (!token) {
        m_err << "spacesd: " << token.error().message << Qt::endl;
        return 1;
    }
    // Only the token goes to stdout, so that scripts can capture it.
    m_out << *token << Qt::endl;
    return 0;
}

int AdminCommands::addTemplate(const QString &file)
{
    QFile input(file);
    if (!input.open(QIODevice::ReadOnly)) {
        m_err << "spacesd: cannot read " << file << ": " << input.errorString() << Qt::endl;
        return 1;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(input.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        // Valid JSON of another kind (an array, a string) has no parse error to name.
        m_err << "spacesd: " << file << " is not a JSON object";
        if (parseError.error != QJsonParseError::NoError)
            m_err << ": " << parseError.errorString();
        m_err << Qt::endl;
        return 1;
    }
    Expected<SpaceTemplate> spaceTemplate = CatalogRoutes::parseTemplate(document.object());
    if (!spaceTemplate) {
        m_err << "spacesd: " << file << ": " << spaceTemplate.error().message << Qt::endl;
        return 1;
    }
    Store store(SpacePaths(m_dataDirectory).databaseFile());
    if (!openStore(store))
        return 1;
    if (const Expected<void> saved = store.saveTemplate(spaceTemplate.value(), false); !saved) {
        m_err << "spacesd: " << saved.error().message << Qt::endl;
        return 1;
    }
    m_out << spaceTemplate->id << Qt::endl;
    return 0;
}

int AdminCommands::addScript(const QString &name, const QString &file, const QString &description)
{
    if (const QString problem = Validation::checkScriptName(name); !problem.isEmpty()) {
        m_err << "spacesd: " << problem << Qt::endl;
        return 1;
    }
    QFile input(file);
    if (!input.open(QIODevice::ReadOnly)) {
        m_err << "spacesd: cannot read " << file << ": " << input.errorString() << Qt::endl;
        return 1;
    }
    Store store(SpacePaths(m_dataDirectory).databaseFile());
    if (!openStore(store))
        return 1;
    Script script;
    script.name = name;
    script.description = description;
    script.content = QString::fromUtf8(input.readAll());
    if (const Expected<void> saved = store.insertScript(script); !saved) {
        m_err << "spacesd: " << saved.error().message << Qt::endl;
        return 1;
    }
    m_out << script.id << Qt::endl;
    return 0;
}

} // namespace spaces
