#include "ConsoleTranscript.h"

#include "AnsiText.h"
#include "ConsoleEntry.h"
#include "ConsoleModel.h"
#include "DisplayText.h"
#include "PanelStyle.h"

#include <QElapsedTimer>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextCursor>
#include <QTextDocument>

namespace spaces {

namespace {

// The console is dark like a terminal; these read well on it.
const QColor ConsoleText = PanelStyle::outputText();
const QColor ConsoleBackground = PanelStyle::outputBackground();
const QColor PromptColour(0x56, 0xb6, 0xc2);
const QColor CommandColour(0xff, 0xff, 0xff);
const QColor MutedColour = PanelStyle::outputMuted();
const QColor SuccessColour(0x98, 0xc3, 0x79);
const QColor FailureColour(0xe0, 0x6c, 0x75);
const QColor WarningColour(0xe5, 0xc0, 0x7b);
const QColor RunningColour(0x61, 0xaf, 0xef);

bool isFinished(const ConsoleEntry &entry)
{
    return entry.state != ConsoleEntry::State::Queued &&
           entry.state != ConsoleEntry::State::Running;
}

QString formatDuration(qint64 ms)
{
    if (ms < 1000)
        return ConsoleTranscript::tr("%1 ms").arg(ms);
    if (ms < 60000)
        return ConsoleTranscript::tr("%1 s").arg(double(ms) / 1000.0, 0, 'f', 2);
    return ConsoleTranscript::tr("%1 min %2 s").arg(ms / 60000).arg((ms % 60000) / 1000);
}

// The server's sentence for a plain non-zero exit says what the exit code already says.
bool sayApartFromExitCode(const QString &error, int exitCode)
{
    return !error.isEmpty() && error != QStringLiteral("exit status %1").arg(exitCode);
}

struct Status
{
    QString text;
    QColor colour;
    bool bold = true;
};

// "✓ exit 0 · 12 ms" and the like, coloured by outcome.
Status statusOf(const ConsoleEntry &entry)
{
    const QString duration = formatDuration(entry.durationMs);
    const QString error = DisplayText::oneLine(entry.error);
    switch (entry.state) {
    case ConsoleEntry::State::Queued:
        return {ConsoleTranscript::tr("queued"), MutedColour, false};
    case ConsoleEntry::State::Running:
        return {ConsoleTranscript::tr("running…"), RunningColour, false};
    case ConsoleEntry::State::Succeeded:
    case ConsoleEntry::State::Failed: {
        if (entry.exitCode) {
            const int code = *entry.exitCode;
            QString text = code == 0
                               ? ConsoleTranscript::tr("✓ exit %1 · %2").arg(code).arg(duration)
                               : ConsoleTranscript::tr("✗ exit %1 · %2").arg(code).arg(duration);
            if (sayApartFromExitCode(error, code))
                text += QStringLiteral(" · ") + error;
            return {text, code == 0 && error.isEmpty() ? SuccessColour : FailureColour};
        }
        if (entry.state == ConsoleEntry::State::Succeeded)
            return {ConsoleTranscript::tr("✓ done · %1").arg(duration), SuccessColour};
        return {ConsoleTranscript::tr("✗ failed · %1: %2").arg(duration, error), FailureColour};
    }
    case ConsoleEntry::State::TimedOut:
        return {ConsoleTranscript::tr("⏱ timed out after %1").arg(duration), WarningColour};
    case ConsoleEntry::State::Abandoned:
        if (entry.streamed)
            return {ConsoleTranscript::tr("■ stopped after %1").arg(duration), WarningColour};
        return {entry.durationMs > 0
                    ? ConsoleTranscript::tr("stopped waiting after %1").arg(duration)
                    : ConsoleTranscript::tr("stopped waiting"),
                WarningColour};
    }
    return {};
}

QTextCharFormat plainFormat(const QColor &colour, bool bold = false)
{
    QTextCharFormat format;
    format.setForeground(colour);
    format.setFontWeight(bold ? QFont::DemiBold : QFont::Normal);
    return format;
}

QTextBlockFormat headerFormat(bool first)
{
    QTextBlockFormat format;
    format.setTopMargin(first ? 0 : 10);
    format.setBottomMargin(2);
    return format;
}

QTextBlockFormat outputFormat()
{
    QTextBlockFormat format;
    format.setTopMargin(0);
    format.setBottomMargin(0);
    return format;
}

} // namespace

ConsoleTranscript::ConsoleTranscript(ConsoleModel &model, QTextBrowser &view, QObject *parent)
    : QObject(parent)
    , m_model(model)
    , m_view(view)
{
    m_view.document()->setUndoRedoEnabled(false);
    m_syncTimer.setSingleShot(true);
    m_syncTimer.setInterval(0);
    connect(&m_syncTimer, &QTimer::timeout, this, &ConsoleTranscript::sync);
    connect(&m_model, &QAbstractItemModel::rowsInserted, this, &ConsoleTranscript::scheduleSync);
    connect(&m_model, &QAbstractItemModel::rowsRemoved, this, &ConsoleTranscript::scheduleSync);
    connect(&m_model, &QAbstractItemModel::dataChanged, this, &ConsoleTranscript::scheduleSync);
    connect(&m_model, &QAbstractItemModel::modelReset, this, &ConsoleTranscript::rebuild);
}

void ConsoleTranscript::setSpace(const QString &spaceId)
{
    if (spaceId == m_spaceId)
        return;
    m_spaceId = spaceId;
    rebuild();
}

bool ConsoleTranscript::isEmpty() const
{
    for (int row = 0; row < m_model.rowCount(); ++row) {
        if (m_model.entryAt(row).spaceId == m_spaceId)
            return false;
    }
    return true;
}

QString ConsoleTranscript::plainText() const
{
    QString text;
    for (int row = 0; row < m_model.rowCount(); ++row) {
        ConsoleEntry entry = m_model.entryAt(row);
        if (entry.spaceId != m_spaceId)
            continue;
        entry.output = AnsiText::plainText(entry.output);
        text += ConsoleModel::entryText(entry);
    }
    return text;
}

void ConsoleTranscript::scheduleSync()
{
    if (!m_syncTimer.isActive())
        m_syncTimer.start();
}

void ConsoleTranscript::rebuild()
{
    m_view.document()->clear();
    m_written.clear();
    m_streaming = Streaming{};
    m_hasLivePart = false;
    sync();
}

int ConsoleTranscript::writtenBlocks() const
{
    int blocks = 0;
    for (const Written &written : m_written)
        blocks += written.blocks;
    return blocks;
}

bool ConsoleTranscript::writtenChanged() const
{
    for (const Written &written : m_written) {
        const ConsoleEntry *entry = m_model.entry(written.id);
        if (!entry || int(entry->state) != written.state ||
            entry->output.size() != written.outputSize)
            return true;
    }
    return false;
}

bool ConsoleTranscript::streamingChanged() const
{
    if (m_streaming.id == 0)
        return false;
    const ConsoleEntry *entry = m_model.entry(m_streaming.id);
    return !entry || entry->output.size() < m_streaming.drawnUpTo;
}

bool ConsoleTranscript::dropRemoved()
{
    int blocks = 0;
    while (!m_written.empty() && !m_model.entry(m_written.front().id)) {
        blocks += m_written.front().blocks;
        m_written.pop_front();
    }
    if (blocks == 0)
        return true;
    QTextDocument *document = m_view.document();
    if (blocks >= document->blockCount()) {
        document->clear();
        m_hasLivePart = false;
        m_streaming = Streaming{};
        return m_written.empty();
    }
    QTextCursor cursor(document);
    cursor.setPosition(document->findBlockByNumber(blocks).position(), QTextCursor::KeepAnchor);
    cursor.removeSelectedText();
    cursor.setBlockFormat(headerFormat(true));
    return true;
}

void ConsoleTranscript::removeLivePart()
{
    if (!m_hasLivePart)
        return;
    m_hasLivePart = false;
    QTextDocument *document = m_view.document();
    const int start = writtenBlocks() + m_streaming.blocks;
    if (start == 0) {
        document->clear();
        return;
    }
    const QTextBlock last = document->findBlockByNumber(start - 1);
    QTextCursor cursor(document);
    cursor.setPosition(last.position() + last.length() - 1);
    cursor.movePosition(QTextCursor::End, QTextCursor::KeepAnchor);
    cursor.removeSelectedText();
}

void ConsoleTranscript::writeHeader(QTextCursor &cursor, const ConsoleEntry &entry)
{
    cursor.insertText(QStringLiteral("$ "), plainFormat(PromptColour, true));
    cursor.insertText(DisplayText::oneLine(entry.commandLine), plainFormat(CommandColour, true));
    const Status status = statusOf(entry);
    cursor.insertText(QStringLiteral("   "), plainFormat(ConsoleText));
    cursor.insertText(status.text, plainFormat(status.colour, status.bold));
}

int ConsoleTranscript::writeNotice(QTextCursor &cursor, const ConsoleEntry &entry)
{
    if (entry.notice.isEmpty())
        return 0;
    cursor.insertBlock(outputFormat());
    cursor.insertText(entry.notice, plainFormat(MutedColour));
    return 1;
}

void ConsoleTranscript::writeLines(QTextCursor &cursor, QStringView text, AnsiStyle *style,
                                   int *blocks)
{
    for (const AnsiLine &line : AnsiText::parse(text, style)) {
        cursor.insertBlock(outputFormat());
        ++*blocks;
        for (const AnsiRun &run : line)
            cursor.insertText(run.text,
                              AnsiText::charFormat(run.style, ConsoleText, ConsoleBackground));
    }
}

void ConsoleTranscript::trimStreamed()
{
    // In batches, so that a chatty command costs one cut per quarter of the limit.
    if (m_streaming.lines <= MaxStreamedLines + MaxStreamedLines / 4)
        return;
    QTextDocument *document = m_view.document();
    const int first = writtenBlocks() + m_streaming.headBlocks;
    if (!m_streaming.cutNoted) {
        // One line says that the top was cut, in place of the first line cut.
        QTextCursor note(document->findBlockByNumber(first));
        note.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
        note.removeSelectedText();
        note.insertText(tr("… earlier lines not shown; Copy all has everything"),
                        plainFormat(MutedColour));
        m_streaming.cutNoted = true;
        ++m_streaming.headBlocks;
        --m_streaming.lines;
    }
    const int cut = m_streaming.lines - MaxStreamedLines;
    const int from = writtenBlocks() + m_streaming.headBlocks;
    QTextCursor cursor(document->findBlockByNumber(from));
    cursor.setPosition(document->findBlockByNumber(from + cut).position(), QTextCursor::KeepAnchor);
    cursor.removeSelectedText();
    m_streaming.lines -= cut;
    m_streaming.blocks -= cut;
}

bool ConsoleTranscript::streamEntry(QTextCursor &cursor, const ConsoleEntry &entry)
{
    const bool finished = isFinished(entry);
    if (m_streaming.id != entry.id) {
        m_streaming = Streaming{};
        m_streaming.id = entry.id;
        if (m_view.document()->isEmpty())
            cursor.setBlockFormat(headerFormat(true));
        else
            cursor.insertBlock(headerFormat(false));
        writeHeader(cursor, entry);
        m_streaming.blocks = 1 + writeNotice(cursor, entry);
        m_streaming.headBlocks = m_streaming.blocks;
        // Shown again after a switch of spaces: the end of a long output, from a line start.
        if (entry.output.size() > MaxShownOutput) {
            cursor.insertBlock(outputFormat());
            ++m_streaming.blocks;
            cursor.insertText(tr("… earlier output not shown; Copy all has everything"),
                              plainFormat(MutedColour));
            const qsizetype cut = entry.output.size() - MaxShownOutput;
            const qsizetype lineStart = entry.output.indexOf(u'\n', cut);
            m_streaming.drawnUpTo = lineStart >= 0 ? lineStart + 1 : cut;
            m_streaming.headBlocks = m_streaming.blocks;
            m_streaming.cutNoted = true;
        }
    } else if (finished) {
        // The status changes once, in place: the lines above stay as they are.
        QTextCursor header(m_view.document()->findBlockByNumber(writtenBlocks()));
        header.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
        header.removeSelectedText();
        writeHeader(header, entry);
    }
    const QStringView fresh = QStringView(entry.output).sliced(m_streaming.drawnUpTo);
    // Complete lines are drawn once; the last, unfinished one is redrawn each time (it may
    // still change: a progress bar's carriage returns).
    const qsizetype complete = finished ? fresh.size() : fresh.lastIndexOf(u'\n') + 1;
    // A flood is drawn a slice at a time for at most DrawBudget per turn of the event loop, so
    // that no turn takes long; the rest waits for the next turn.
    QElapsedTimer spent;
    spent.start();
    qsizetype drawn = 0;
    bool behind = false;
    while (drawn < complete) {
        if (spent.elapsed() >= DrawBudget.count()) {
            behind = true;
            break;
        }
        qsizetype slice = complete - drawn;
        if (slice > SliceChars) {
            if (const qsizetype cut = fresh.sliced(drawn, SliceChars).lastIndexOf(u'\n') + 1;
                cut > 0)
                slice = cut;
        }
        const int before = m_streaming.blocks;
        writeLines(cursor, fresh.sliced(drawn, slice), &m_streaming.style, &m_streaming.blocks);
        m_streaming.lines += m_streaming.blocks - before;
        drawn += slice;
        trimStreamed();
    }
    m_streaming.drawnUpTo += drawn;
    if (behind) {
        m_behind = true;
        return false;
    }
    if (finished)
        return true;
    AnsiStyle style = m_streaming.style;
    int tailBlocks = 0;
    writeLines(cursor, fresh.sliced(complete), &style, &tailBlocks);
    return false;
}

int ConsoleTranscript::writeEntry(QTextCursor &cursor, const ConsoleEntry &entry)
{
    if (m_view.document()->isEmpty())
        cursor.setBlockFormat(headerFormat(true));
    else
        cursor.insertBlock(headerFormat(false));
    int blocks = 1;
    writeHeader(cursor, entry);
    blocks += writeNotice(cursor, entry);

    QStringView output = entry.output;
    if (output.size() > MaxShownOutput) {
        cursor.insertBlock(outputFormat());
        ++blocks;
        cursor.insertText(tr("… %1 earlier characters not shown; Copy all has everything")
                              .arg(output.size() - MaxShownOutput),
                          plainFormat(MutedColour));
        output = output.last(MaxShownOutput);
        // Start at a line so that no escape sequence is cut in two.
        if (const qsizetype lineStart = output.indexOf(u'\n'); lineStart >= 0)
            output = output.sliced(lineStart + 1);
    }
    AnsiStyle style;
    writeLines(cursor, output, &style, &blocks);
    return blocks;
}

void ConsoleTranscript::sync()
{
    m_syncTimer.stop();
    if (!dropRemoved() || writtenChanged() || streamingChanged()) {
        m_written.clear();
        m_streaming = Streaming{};
        m_hasLivePart = false;
        m_view.document()->clear();
    }
    QScrollBar *scroll = m_view.verticalScrollBar();
    const bool atEnd = scroll->value() >= scroll->maximum() - 4;
    const int position = scroll->value();

    removeLivePart();
    const quint64 lastWritten = m_written.empty() ? 0 : m_written.back().id;
    QTextCursor cursor(m_view.document());
    cursor.movePosition(QTextCursor::End);
    cursor.beginEditBlock();
    bool live = false;
    for (int row = 0; row < m_model.rowCount(); ++row) {
        const ConsoleEntry &entry = m_model.entryAt(row);
        if (entry.spaceId != m_spaceId || entry.id <= lastWritten)
            continue;
        // The running command's output is drawn as it arrives, never redrawn in full.
        if (!live && (entry.id == m_streaming.id ||
                      (m_streaming.id == 0 && entry.state == ConsoleEntry::State::Running))) {
            if (streamEntry(cursor, entry)) {
                m_written.push_back(
                    {entry.id, m_streaming.blocks, int(entry.state), entry.output.size()});
                m_streaming = Streaming{};
            } else {
                live = true;
                m_hasLivePart = true;
            }
            continue;
        }
        const int blocks = writeEntry(cursor, entry);
        // A space runs its commands one after another: what follows a running one waits.
        live = live || !isFinished(entry);
        if (live)
            m_hasLivePart = true;
        else
            m_written.push_back({entry.id, blocks, int(entry.state), entry.output.size()});
    }
    cursor.endEditBlock();
    scroll->setValue(atEnd ? scroll->maximum() : position);
    if (std::exchange(m_behind, false))
        scheduleSync();
    Q_EMIT updated();
}

} // namespace spaces
