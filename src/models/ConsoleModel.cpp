#include "ConsoleModel.h"

#include <algorithm>

namespace spaces {

using namespace Qt::StringLiterals;

ConsoleModel::ConsoleModel(QObject *parent)
    : QAbstractListModel(parent)
{}

int ConsoleModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

QVariant ConsoleModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ConsoleEntry &entry = m_entries[size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return entryText(entry);
    case Qt::ToolTipRole:
        return entry.error.isEmpty() ? QVariant() : QVariant(entry.error);
    case CommandRole:
        return entry.commandLine;
    case OutputRole:
        return entry.output;
    case StateRole:
        return int(entry.state);
    case ExitCodeRole:
        return entry.exitCode ? QVariant(*entry.exitCode) : QVariant();
    case DurationRole:
        return entry.durationMs;
    case ErrorRole:
        return entry.error;
    case EntryIdRole:
        return QVariant::fromValue(entry.id);
    default:
        return {};
    }
}

void ConsoleModel::setCapacity(int entries)
{
    m_capacity = std::max(1, entries);
    trimTo(m_capacity);
}

int ConsoleModel::capacity() const
{
    return m_capacity;
}

quint64 ConsoleModel::append(ConsoleEntry entry)
{
    entry.id = m_nextId++;
    trimTo(m_capacity - 1);
    const int row = int(m_entries.size());
    beginInsertRows({}, row, row);
    m_entries.push_back(std::move(entry));
    endInsertRows();
    return m_entries.back().id;
}

void ConsoleModel::update(const ConsoleEntry &entry)
{
    const int row = rowOf(entry.id);
    if (row < 0)
        return;
    m_entries[size_t(row)] = entry;
    const QModelIndex changed = index(row);
    Q_EMIT dataChanged(changed, changed);
}

void ConsoleModel::appendOutput(quint64 id, const QString &text)
{
    const int row = rowOf(id);
    if (row < 0 || text.isEmpty())
        return;
    m_entries[size_t(row)].output += text;
    const QModelIndex changed = index(row);
    Q_EMIT dataChanged(changed, changed, {OutputRole});
}

const ConsoleEntry *ConsoleModel::entry(quint64 id) const
{
    const int row = rowOf(id);
    return row < 0 ? nullptr : &m_entries[size_t(row)];
}

void ConsoleModel::clear()
{
    trimTo(0);
}

void ConsoleModel::clearSpace(const QString &spaceId)
{
    // From the end, one contiguous run of the space's rows at a time, so that rows stay valid.
    int row = int(m_entries.size()) - 1;
    while (row >= 0) {
        if (m_entries[size_t(row)].spaceId != spaceId) {
            --row;
            continue;
        }
        int first = row;
        while (first > 0 && m_entries[size_t(first - 1)].spaceId == spaceId)
            --first;
        beginRemoveRows({}, first, row);
        m_entries.erase(m_entries.begin() + first, m_entries.begin() + row + 1);
        endRemoveRows();
        row = first - 1;
    }
}

QString ConsoleModel::toPlainText() const
{
    QString text;
    for (const ConsoleEntry &entry : m_entries)
        text += entryText(entry);
    return text;
}

QString ConsoleModel::entryText(const ConsoleEntry &entry)
{
    QString text = u"$ "_s + entry.commandLine + u'\n';
    if (!entry.output.isEmpty()) {
        text += entry.output;
        if (!entry.output.endsWith(u'\n'))
            text += u'\n';
    }
    return text + statusText(entry) + u'\n';
}

QString ConsoleModel::statusText(const ConsoleEntry &entry)
{
    switch (entry.state) {
    case ConsoleEntry::State::Queued:
        return tr("[queued]");
    case ConsoleEntry::State::Running:
        return tr("[running]");
    case ConsoleEntry::State::Succeeded:
    case ConsoleEntry::State::Failed:
        if (entry.exitCode && entry.error.isEmpty())
            return tr("[exit %1, %2 ms]").arg(*entry.exitCode).arg(entry.durationMs);
        if (entry.exitCode)
            return tr("[exit %1, %2 ms: %3]")
                .arg(*entry.exitCode)
                .arg(entry.durationMs)
                .arg(entry.error);
        if (entry.state == ConsoleEntry::State::Succeeded)
            return tr("[done, %1 ms]").arg(entry.durationMs);
        return tr("[failed, %1 ms: %2]").arg(entry.durationMs).arg(entry.error);
    case ConsoleEntry::State::TimedOut:
        return tr("[timed out after %1 ms]").arg(entry.durationMs);
    case ConsoleEntry::State::Abandoned:
        return tr("[abandoned after %1 ms]").arg(entry.durationMs);
    }
    return {};
}

int ConsoleModel::rowOf(quint64 id) const
{
    const auto it = std::lower_bound(
        m_entries.cbegin(), m_entries.cend(), id,
        [](const ConsoleEntry &candidate, quint64 wanted) { return candidate.id < wanted; });
    if (it == m_entries.cend() || it->id != id)
        return -1;
    return int(it - m_entries.cbegin());
}

void ConsoleModel::trimTo(int keep)
{
    const int excess = int(m_entries.size()) - std::max(0, keep);
    if (excess <= 0)
        return;
    beginRemoveRows({}, 0, excess - 1);
    m_entries.erase(m_entries.begin(), m_entries.begin() + excess);
    endRemoveRows();
}

} // namespace spaces
