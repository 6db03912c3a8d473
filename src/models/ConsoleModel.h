#pragma once

#include "ConsoleEntry.h"

#include <QAbstractListModel>
#include <deque>

namespace spaces {

// The console's scrollback: a bounded ring buffer of entries, oldest dropped first (with
// rowsRemoved), each entry one row.
class ConsoleModel final : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role
    {
        CommandRole = Qt::UserRole + 1,
        OutputRole,
        StateRole,    // ConsoleEntry::State as int
        ExitCodeRole, // int, or invalid
        DurationRole, // milliseconds
        ErrorRole,
        EntryIdRole,
    };

    static constexpr int DefaultCapacity = 500;

    explicit ConsoleModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    void setCapacity(int entries);
    int capacity() const;
    // Appends and returns the entry's id.
    quint64 append(ConsoleEntry entry);
    // Replaces the entry with this id, if it is still in the buffer.
    void update(const ConsoleEntry &entry);
    // Output as it arrives, appended in place (no copy of what came before).
    void appendOutput(quint64 id, const QString &text);
    const ConsoleEntry *entry(quint64 id) const;
    // The entry at `row` (0 <= row < rowCount()).
    const ConsoleEntry &entryAt(int row) const { return m_entries[size_t(row)]; }
    void clear();
    // Removes the entries of one space, keeping every other space's.
    void clearSpace(const QString &spaceId);
    // Everything as plain text (commands, output, statuses), for copying.
    QString toPlainText() const;
    // One entry as plain text: "$ <command>\n<output>[status]\n".
    static QString entryText(const ConsoleEntry &entry);

private:
    // The row of the entry with this id, or -1 (ids grow with the rows: binary search).
    int rowOf(quint64 id) const;
    // Drops the oldest rows until at most `keep` remain.
    void trimTo(int keep);
    static QString statusText(const ConsoleEntry &entry);

    std::deque<ConsoleEntry> m_entries;
    int m_capacity = DefaultCapacity;
    quint64 m_nextId = 1;
};

} // namespace spaces
