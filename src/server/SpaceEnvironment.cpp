#include "SpaceEnvironment.h"

#include <QProcessEnvironment>
#include <QRegularExpression>

namespace spaces {

QString SpaceEnvironment::expand(const QString &text, const QHash<QString, QString> &values)
{
    static const QRegularExpression reference(QStringLiteral("\\$\\{([A-Za-z_][A-Za-z0-9_]*)\\}"));
    QString result;
    qsizetype last = 0;
    auto it = reference.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        result += QStringView(text).mid(last, match.capturedStart() - last);
        result += values.value(match.captured(1));
        last = match.capturedEnd();
    }
    result += QStringView(text).mid(last);
    return result;
}

QStringList SpaceEnvironment::build(const Space &space, const SpaceTemplate &spaceTemplate,
                                    const QString &home, const QString &shellPath,
                                    const Remote &remote)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    // Variables of this server's own session would leak into spaces and confuse them.
    for (const auto *name :
         {"SPACES_URL", "SPACES_TOKEN", "SPACES_URL_FILE", "SPACES_CA_FILE", "OLDPWD", "PWD"})
        environment.remove(QString::fromLatin1(name));
    environment.insert(QStringLiteral("HOME"), home);
    environment.insert(QStringLiteral("SHELL"), shellPath);

    QHash<QString, QString> values;
    for (const CustomFieldValue &field : space.customFields)
        values.insert(field.name, field.value);
    values.insert(QStringLiteral("SPACE_NAME"), space.name);
    values.insert(QStringLiteral("SPACE_ID"), space.id);

    for (auto it = spaceTemplate.environment.begin(); it != spaceTemplate.environment.end(); ++it)
        environment.insert(it.key(), expand(it.value(), values));
    for (const CustomFieldValue &field : space.customFields)
        environment.insert(field.name, field.value);
    environment.insert(QStringLiteral("SPACE_NAME"), space.name);
    environment.insert(QStringLiteral("SPACE_ID"), space.id);

    if (!remote.url.isEmpty())
        environment.insert(QStringLiteral("SPACES_URL"), remote.url);
    if (!remote.token.isEmpty())
        environment.insert(QStringLiteral("SPACES_TOKEN"), remote.token);
    if (!remote.urlFile.isEmpty())
        environment.insert(QStringLiteral("SPACES_URL_FILE"), remote.urlFile);
    if (!remote.caFile.isEmpty())
        environment.insert(QStringLiteral("SPACES_CA_FILE"), remote.caFile);
    if (!remote.pythonPath.isEmpty()) {
        // First, so that `import spaces` is this server's module whatever else is there.
        const QString rest = environment.value(QStringLiteral("PYTHONPATH"));
        environment.insert(QStringLiteral("PYTHONPATH"),
                           rest.isEmpty() ? remote.pythonPath : remote.pythonPath + u':' + rest);
    }
    return environment.toStringList();
}

} // namespace spaces
