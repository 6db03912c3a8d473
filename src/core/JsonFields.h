#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace spaces::json {

// Tolerant readers: a missing field or a field of the wrong type yields the default, because
// Knot servers of different versions add, drop and retype optional fields.
QString string(const QJsonObject &object, QLatin1StringView key, const QString &fallback = {});
bool boolean(const QJsonObject &object, QLatin1StringView key, bool fallback = false);
qint64 integer(const QJsonObject &object, QLatin1StringView key, qint64 fallback = 0);
QStringList stringList(const QJsonObject &object, QLatin1StringView key);
QJsonArray array(const QJsonObject &object, QLatin1StringView key);
QJsonObject object(const QJsonObject &object, QLatin1StringView key);

QJsonArray toArray(const QStringList &strings);

} // namespace spaces::json
