#pragma once

#include "ApiError.h"
#include "Space.h"
#include "SpaceTemplate.h"
#include "SpacesClient.h"

#include <QAbstractTableModel>
#include <QList>
#include <memory>

namespace spaces {

// The custom fields of one space: the fields its template defines, joined with the space's
// values ("" when unset). The value column is editable; a commit calls set_field and shows
// the value as saved once the server agrees, or restores it and reports the server's answer.
class CustomFieldModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        NameColumn,
        ValueColumn,
        ColumnCount
    };
    enum Role
    {
        NameRole = Qt::UserRole + 1,
        ValueRole,
        DescriptionRole,
        SavingRole
    };

    explicit CustomFieldModel(SpacesClient &client, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

    // Shows the fields of `space` as its template defines them.
    void setSpace(const Space &space, const SpaceTemplate &spaceTemplate);
    void clear();

Q_SIGNALS:
    void fieldSaved(const QString &field);
    void operationFailed(const QString &operation, const spaces::ApiError &error);

private:
    struct Row
    {
        QString name;
        QString description;
        QString value;      // shown: the new value while it is being saved
        QString savedValue; // what the server holds, restored when a save fails
        quint64 saveId = 0; // the save under way (0: none); a later one wins
    };

    int rowOf(const QString &name) const;
    void saveFinished(const QString &name, quint64 saveId, const Expected<bool> &result);
    void emitRowChanged(int row);

    SpacesClient &m_client;
    QString m_spaceId;
    QList<Row> m_rows;
    quint64 m_nextSaveId = 1;
    // Context of the saves for the current space: replaced when the space changes.
    std::unique_ptr<QObject> m_context;
};

} // namespace spaces
