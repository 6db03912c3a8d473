#pragma once

#include "AnsiText.h"

#include <QObject>
#include <QString>
#include <QTimer>
#include <chrono>
#include <deque>

class QTextBrowser;
class QTextCursor;

namespace spaces {

class ConsoleModel;
struct ConsoleEntry;

// Shows one space's entries of the console model in a text browser, incrementally: entries
// that have finished are written once and never laid out again (the oldest are cut from
// the top when the model drops them); only the running and queued ones at the end are
// redrawn when they change. The running entry's output is drawn as it arrives: its complete
// lines once, only its unfinished last line again, and its status in place when it ends.
// Output is drawn with its colours (AnsiText), never as raw escapes.
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
    // Lines of a running command's output kept in the view; older ones are cut from its top.
    static constexpr int MaxStreamedLines = 500;
    // How long one turn of the event loop may draw a running command's output, in slices of
    // whole lines of about this many characters.
    static constexpr std::chrono::milliseconds DrawBudget{8};
    static constexpr qsizetype SliceChars = 2048;

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

    // The running entry whose output is drawn as it arrives: its header and complete lines
    // stay in the document, after the written entries.
    struct Streaming
    {
        quint64 id = 0;
        int blocks = 0;     // header (and notice) and complete lines in the document
        int headBlocks = 0; // of which the header, notice and "earlier lines" note
        int lines = 0;      // of which complete output lines
        bool cutNoted = false;
        qsizetype drawnUpTo = 0; // characters of its output those lines show
        AnsiStyle style;         // in force at drawnUpTo
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
    void writeHeader(QTextCursor &cursor, const ConsoleEntry &entry);
    int writeNotice(QTextCursor &cursor, const ConsoleEntry &entry);
    void writeLines(QTextCursor &cursor, QStringView text, AnsiStyle *style, int *blocks);
    // Draws what is new of the running (or just finished) entry; true when it has finished.
    bool streamEntry(QTextCursor &cursor, const ConsoleEntry &entry);
    // The streamed entry went from the model, or its output is no longer what was drawn.
    bool streamingChanged() const;
    // Cuts the oldest lines of the streamed entry beyond MaxStreamedLines.
    void trimStreamed();
    bool writtenChanged() const;
    int writtenBlocks() const;

    ConsoleModel &m_model;
    QTextBrowser &m_view;
    QString m_spaceId;
    std::deque<Written> m_written; // finished entries, in order, already in the document
    Streaming m_streaming;
    bool m_hasLivePart = false;
    bool m_behind = false; // more output waits to be drawn in the next turn
    QTimer m_syncTimer;
};

} // namespace spaces
