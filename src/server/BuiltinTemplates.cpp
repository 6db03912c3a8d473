#include "BuiltinTemplates.h"

#include "Store.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>

namespace spaces {

SpaceTemplateList BuiltinTemplates::all()
{
    SpaceTemplateList result;
    const QDir folder(QStringLiteral(":/templates"));
    const QStringList files = folder.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    for (const QString &name : files) {
        QFile file(folder.filePath(name));
        if (file.open(QIODevice::ReadOnly))
            result.append(
                SpaceTemplate::fromJson(QJsonDocument::fromJson(file.readAll()).object()));
    }
    return result;
}

Expected<void> BuiltinTemplates::install(Store &store)
{
    const SpaceTemplateList templates = all();
    for (SpaceTemplate spaceTemplate : templates) {
        if (Expected<void> saved = store.saveTemplate(spaceTemplate, true); !saved)
            return saved;
    }
    return {};
}

} // namespace spaces
