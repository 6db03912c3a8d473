#pragma once

#include "Expected.h"

#include <QByteArray>
#include <QString>
#include <sys/types.h>

namespace spaces {

// Files and folders under the data directory hold tokens, custom field values and users'
// work: readable by the server's user only (files 0600, folders 0700) from the moment they
// exist, and written in full or reported as failed. Failures carry the sentence the API
// answers (see StorageError); `action` completes "cannot ...".
class PrivateFiles final
{
public:
    static constexpr mode_t FileMode = 0600;
    static constexpr mode_t DirectoryMode = 0700;

    // mkdir -p with mode 0700 for every folder it creates; an existing folder is tightened.
    static Expected<void> makeDirectory(const QString &path, const QString &action);
    // Creates an empty file of mode 0600 if there is none; an existing one is tightened.
    static Expected<void> createFile(const QString &path, const QString &action);
    // Writes a new file (it must not exist) in full, checking every write and the close;
    // `durable` also fsyncs it, for data that must survive a crash. A partial file is removed.
    static Expected<void> writeNewFile(const QString &path, const QByteArray &data, mode_t mode,
                                       bool durable, const QString &action);

    // Takes group and other permissions away from an existing file or folder (never follows
    // a symbolic link).
    static void tightenFile(const QString &path);
    // At start: the data directory, the files in it, the spaces' own folders and files and
    // what lies directly in their homes (deeper is the users' own work, which the 0700
    // folders above it already shield).
    static void tightenDataDirectory(const QString &dataDirectory);
};

} // namespace spaces
