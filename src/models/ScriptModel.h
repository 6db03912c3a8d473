#pragma once

#include "ApiError.h"
#include "Script.h"
#include "SpacesClient.h"

#include <QAbstractListModel>
#include <QStringList>

namespace spaces {

// The scripts run_script offers.
class ScriptModel final : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role
    {
        IdRole = Qt::UserRole + 1,
        DescriptionRole
    };

    explicit ScriptModel(SpacesClient &client, QObject *parent = nullptr);
    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    void refresh();

Q_SIGNALS:
    void refreshed();
    void refreshFailed(const spaces::ApiError &error);

public:
    const Script *scriptByName(const QString &name) const;
    QStringList names() const;

private:
    void apply(const ScriptList &scripts);

    SpacesClient &m_client;
    ScriptList m_scripts;
    bool m_loading = false;
};

} // namespace spaces
