#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

namespace spaces {

// The value a space holds for one of its template's custom fields.
struct CustomFieldValue
{
    QString name;
    QString value;

    static CustomFieldValue fromJson(const QJsonObject &object);
    QJsonObject toJson() const;

    friend bool operator==(const CustomFieldValue &, const CustomFieldValue &) = default;
};

using CustomFieldValues = QList<CustomFieldValue>;

} // namespace spaces
