#pragma once

#include <QObject>
#include <QString>
#include <QTimer>
#include <deque>

class QTextBrowser;
class QTextCursor;

namespace spaces {

class ConsoleModel;
struct ConsoleEntry;

// Shows one space's entries of the console model in a text browser, incrementally: entries
// that have finished are written once and never laid out again (the oldest are cut from
// the top when the model drops them); only the running and queued ones at the end are
// redrawn when they change. Output is drawn with its colours (AnsiText), never as raw
// escapes.
class ConsoleTranscript final : public QObject
{
    Q_OBJECT

public:
    ConsoleTranscript(ConsoleModel &model, QTextBrowser &view, QObject *parent = nullptr);

    // Shows the entries of `spaceId` only (empty: none).
    void setSpace(const QString &spaceId);
    QString spaceId() const { return m_spaceId; }
    // Whether the shown space has entries.
    bool isEmpty() const;
    // The shown space's entries as plain text, escapes removed (for the clipboard).
    QString plainText() const;

    // The end of an output longer than this is shown (Copy has all of it).
    static constexpr qsizetype MaxShownOutput = 64 * 1024;

Q_SIGNALS:
    // After the view changed (for the panel's buttons).
    void updated();

private:
    struct Written
    {
        quint64 id = 0;
        int blocks = 0;
        // What the entry was when written: if it changes again, everything is redrawn.
        int state = 0;
        qsizetype outputSize = 0;
    };

    void scheduleSync();
    void sync();
    void rebuild();
    // Removes the written entries the model no longer has; false if one went missing from
    // the middle (then everything is redrawn).
    bool dropRemoved();
    // Blocks the live part (running and queued entries) starts at.
    void removeLivePart();
    // Writes `entry` at the end; returns the number of blocks it took.
    int writeEntry(QTextCursor &cursor, const ConsoleEntry &entry);
    bool writtenChanged() const;
    int writtenBlocks() const;

    ConsoleModel &m_model;
    QTextBrowser &m_view;
    QString m_spaceId;
    std::deque<Written> m_written; // finished entries, in order, already in the document
    bool m_hasLivePart = false;
    QTimer m_syncTimer;
};

} // namespace spaces
