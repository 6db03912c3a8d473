#pragma once

#include <QAbstractItemModel>
#include <QHash>
#include <QList>
#include <QSet>

namespace spaces::detail {

// Applies a new list to a small list model by id, as narrow signals: gone rows removed,
// changed rows get dataChanged, new ones appended. The model passes its protected row
// notifications in; `T` has an `id` and operator==.
template<typename T, typename BeginRemove, typename EndRemove, typename BeginInsert,
         typename EndInsert>
void applyById(QAbstractItemModel &model, QList<T> &rows, const QList<T> &incoming,
               BeginRemove beginRemove, EndRemove endRemove, BeginInsert beginInsert,
               EndInsert endInsert)
{
    QHash<QString, qsizetype> wanted;
    for (qsizetype i = 0; i < incoming.size(); ++i) {
        if (!wanted.contains(incoming.at(i).id))
            wanted.insert(incoming.at(i).id, i);
    }
    for (int row = int(rows.size()) - 1; row >= 0; --row) {
        if (wanted.contains(rows.at(row).id))
            continue;
        beginRemove(row);
        rows.removeAt(row);
        endRemove();
    }
    QHash<QString, int> rowOf;
    for (int row = 0; row < rows.size(); ++row)
        rowOf.insert(rows.at(row).id, row);
    for (qsizetype i = 0; i < incoming.size(); ++i) {
        const T &item = incoming.at(i);
        if (wanted.value(item.id) != i)
            continue;
        const auto found = rowOf.constFind(item.id);
        if (found == rowOf.constEnd()) {
            const int row = int(rows.size());
            beginInsert(row);
            rows.append(item);
            rowOf.insert(item.id, row);
            endInsert();
        } else if (!(rows.at(*found) == item)) {
            rows[*found] = item;
            const QModelIndex changed = model.index(*found, 0);
            Q_EMIT model.dataChanged(changed, changed);
        }
    }
}

} // namespace spaces::detail
