#pragma once

#include <QString>
#include <chrono>

namespace spaces::bench {

// A file a service writes when it runs ("up" in its home), waited for with inotify on its
// folder instead of polling in steps. arm() removes the file and starts watching, before
// whatever writes it is started; waitUntilWritten() returns as soon as the file was closed
// after writing (or is there already with content).
class ReadyFile final
{
public:
    ReadyFile(QString directory, QString name);
    ~ReadyFile();
    ReadyFile(const ReadyFile &) = delete;
    ReadyFile &operator=(const ReadyFile &) = delete;

    // False (and *error) when the folder cannot be watched.
    bool arm(QString *error);
    bool waitUntilWritten(std::chrono::milliseconds limit);
    QString path() const;

private:
    bool hasContent() const;
    void disarm();

    QString m_directory;
    QString m_name;
    int m_inotify = -1;
};

} // namespace spaces::bench
