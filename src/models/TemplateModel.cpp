#include "TemplateModel.h"

#include "KeyedListDiff.h"

namespace spaces {

TemplateModel::TemplateModel(SpacesClient &client, QObject *parent)
    : QAbstractListModel(parent)
    , m_client(client)
{}

int TemplateModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_templates.size());
}

QVariant TemplateModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SpaceTemplate &entry = m_templates.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return entry.name;
    case Qt::ToolTipRole:
        return entry.description.isEmpty() ? tr("Template %1").arg(entry.name) : entry.description;
    case IdRole:
        return entry.id;
    case DescriptionRole:
        return entry.description;
    case TemplateRole:
        return QVariant::fromValue(entry);
    default:
        return {};
    }
}

void TemplateModel::refresh()
{
    if (m_loading)
        return; // the list under way answers this too
    m_loading = true;
    m_client.listTemplates(this, [this](const Expected<SpaceTemplateList> &result) {
        m_loading = false;
        if (!result) {
            Q_EMIT refreshFailed(result.error());
            return;
        }
        apply(result.value());
        Q_EMIT refreshed();
    });
}

const SpaceTemplate *TemplateModel::templateById(const QString &id) const
{
    for (const SpaceTemplate &entry : m_templates) {
        if (entry.id == id)
            return &entry;
    }
    return nullptr;
}

const SpaceTemplate *TemplateModel::templateByName(const QString &name) const
{
    for (const SpaceTemplate &entry : m_templates) {
        if (entry.name == name)
            return &entry;
    }
    return nullptr;
}

void TemplateModel::apply(const SpaceTemplateList &templates)
{
    detail::applyById(
        *this, m_templates, templates, [this](int row) { beginRemoveRows({}, row, row); },
        [this] { endRemoveRows(); }, [this](int row) { beginInsertRows({}, row, row); },
        [this] { endInsertRows(); });
}

} // namespace spaces
