#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

namespace spaces {

// A custom field a template declares; spaces made from the template may set a value for it.
struct CustomFieldDefinition
{
    QString name;
    QString description;

    static CustomFieldDefinition fromJson(const QJsonObject &object);
    QJsonObject toJson() const;

    friend bool operator==(const CustomFieldDefinition &, const CustomFieldDefinition &) = default;
};

using CustomFieldDefinitions = QList<CustomFieldDefinition>;

} // namespace spaces
