#pragma once

#include "ApiError.h"
#include "SpaceTemplate.h"
#include "SpacesClient.h"

#include <QAbstractListModel>

namespace spaces {

// The templates create offers (active ones): display = name, tooltip/DescriptionRole =
// description. templateById also finds inactive ones, for the spaces made from them.
class TemplateModel final : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role
    {
        IdRole = Qt::UserRole + 1,
        DescriptionRole,
        TemplateRole
    };

    explicit TemplateModel(SpacesClient &client, QObject *parent = nullptr);
    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    void refresh();
    const SpaceTemplate *templateById(const QString &id) const;
    const SpaceTemplate *templateByName(const QString &name) const; // active ones only

Q_SIGNALS:
    void refreshed();
    void refreshFailed(const spaces::ApiError &error);

private:
    void apply(const SpaceTemplateList &templates);

    SpacesClient &m_client;
    SpaceTemplateList m_templates;
    SpaceTemplateList m_inactive;
    bool m_loading = false;
    bool m_refreshAgain = false;
};

} // namespace spaces
