#pragma once

#include "Space.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace spaces {

// One entry of the seed's list(): {name, id, is_running, description}.
struct SpaceSummary
{
    QString name;
    QString id;
    bool isRunning = false; // the space's is_deployed
    QString description;

    static SpaceSummary fromSpace(const Space &space);
    // The seed's keys: name, id, is_running, description.
    QJsonObject toJson() const;

    friend bool operator==(const SpaceSummary &, const SpaceSummary &) = default;
};

using SpaceSummaryList = QList<SpaceSummary>;

} // namespace spaces
