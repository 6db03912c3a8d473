#pragma once

#include "Expected.h"

#include <QString>

namespace spaces {

// Where a space's files live under the data directory.
class SpacePaths final
{
public:
    explicit SpacePaths(QString dataDirectory)
        : m_dataDirectory(std::move(dataDirectory))
    {}

    QString dataDirectory() const { return m_dataDirectory; }
    QString databaseFile() const;
    QString spaceDirectory(const QString &spaceId) const;
    QString home(const QString &spaceId) const;             // the space's working folder
    QString logFile(const QString &spaceId) const;          // output of its services
    QString scratchDirectory(const QString &spaceId) const; // scripts being run

    // Creates home and scratch folders (0700); the error says why the disk refused.
    Expected<void> prepare(const QString &spaceId) const;

private:
    QString m_dataDirectory;
};

} // namespace spaces
