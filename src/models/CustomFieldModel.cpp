#include "CustomFieldModel.h"

#include "Validation.h"

#include <algorithm>

namespace spaces {

CustomFieldModel::CustomFieldModel(SpacesClient &client, QObject *parent)
    : QAbstractTableModel(parent)
    , m_client(client)
    , m_context(std::make_unique<QObject>())
{}

int CustomFieldModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int CustomFieldModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CustomFieldModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        return index.column() == NameColumn ? row.name : row.value;
    case Qt::ToolTipRole:
    case DescriptionRole:
        return row.description;
    case NameRole:
        return row.name;
    case ValueRole:
        return row.value;
    case SavingRole:
        return row.saveId != 0;
    default:
        return {};
    }
}

QVariant CustomFieldModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Field");
    case ValueColumn:
        return tr("Value");
    default:
        return {};
    }
}

Qt::ItemFlags CustomFieldModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags result = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == ValueColumn)
        result |= Qt::ItemIsEditable;
    return result;
}

bool CustomFieldModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || index.column() != ValueColumn ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    Row &row = m_rows[index.row()];
    const QString text = value.toString();
    if (text == row.value)
        return true;
    const QString operation = tr("Save the field %1").arg(row.name);
    if (const QString sentence = Validation::checkCustomFieldName(row.name); !sentence.isEmpty()) {
        Q_EMIT operationFailed(operation, ApiError::badRequest(sentence));
        return false;
    }
    // While a save is under way the new value shows; a later edit replaces the earlier one
    // (its answer is then ignored, except that the server's value stays the last saved one).
    row.value = text;
    row.saveId = m_nextSaveId++;
    emitRowChanged(index.row());
    const QString name = row.name;
    const quint64 saveId = row.saveId;
    m_client.setCustomField(m_spaceId, name, text, m_context.get(),
                            [this, name, saveId, text](const Expected<bool> &result) {
                                if (result) {
                                    if (const int at = rowOf(name); at >= 0)
                                        m_rows[at].savedValue = text;
                                }
                                saveFinished(name, saveId, result);
                            });
    return true;
}

void CustomFieldModel::setSpace(const Space &space, const SpaceTemplate &spaceTemplate)
{
    QList<Row> rows;
    for (const CustomFieldDefinition &definition : spaceTemplate.customFields) {
        const QString value = space.fieldValue(definition.name);
        rows.append({definition.name, definition.description, value, value, 0});
    }
    const bool sameFields = space.id == m_spaceId && rows.size() == m_rows.size() &&
                            std::equal(rows.cbegin(), rows.cend(), m_rows.cbegin(),
                                       [](const Row &a, const Row &b) { return a.name == b.name; });
    if (sameFields) {
        // A re-fetch of the same space: values update in place; a row being saved keeps the
        // value the user typed until the server answers.
        for (int at = 0; at < int(rows.size()); ++at) {
            Row &row = m_rows[at];
            const Row &fresh = rows.at(at);
            const bool changed = row.description != fresh.description ||
                                 (row.saveId == 0 && row.value != fresh.value);
            row.description = fresh.description;
            if (row.saveId == 0) {
                row.value = fresh.value;
                row.savedValue = fresh.value;
            }
            if (changed)
                emitRowChanged(at);
        }
        return;
    }
    clear();
    m_spaceId = space.id;
    if (rows.isEmpty())
        return;
    beginInsertRows({}, 0, int(rows.size()) - 1);
    m_rows = rows;
    endInsertRows();
}

void CustomFieldModel::clear()
{
    m_context = std::make_unique<QObject>(); // pending saves of the previous space are dropped
    m_spaceId.clear();
    if (m_rows.isEmpty())
        return;
    beginRemoveRows({}, 0, int(m_rows.size()) - 1);
    m_rows.clear();
    endRemoveRows();
}

int CustomFieldModel::rowOf(const QString &name) const
{
    for (int at = 0; at < int(m_rows.size()); ++at) {
        if (m_rows.at(at).name == name)
            return at;
    }
    return -1;
}

void CustomFieldModel::saveFinished(const QString &name, quint64 saveId,
                                    const Expected<bool> &result)
{
    const int at = rowOf(name);
    if (at < 0)
        return;
    Row &row = m_rows[at];
    if (row.saveId == saveId) {
        row.saveId = 0;
        if (!result)
            row.value = row.savedValue;
        emitRowChanged(at);
    }
    if (result)
        Q_EMIT fieldSaved(name);
    else
        Q_EMIT operationFailed(tr("Save the field %1").arg(name), result.error());
}

void CustomFieldModel::emitRowChanged(int row)
{
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

} // namespace spaces
