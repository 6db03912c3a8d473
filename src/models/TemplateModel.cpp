#include "TemplateModel.h"

#include "KeyedListDiff.h"

#include <utility>

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
    if (m_loading) {
        m_refreshAgain = true; // the list under way may predate what prompted this
        return;
    }
    m_loading = true;
    m_client.listTemplates(this, [this](const Expected<SpaceTemplateList> &result) {
        m_loading = false;
        if (std::exchange(m_refreshAgain, false)) {
            refresh();
            return;
        }
        if (!result) {
            Q_EMIT refreshFailed(result.error());
            return;
        }
        // Rows are what create may offer; inactive templates still describe the spaces made
        // from them (their custom fields), so lookups by id find them too.
        SpaceTemplateList active;
        m_inactive.clear();
        for (const SpaceTemplate &entry : result.value())
            (entry.active ? active : m_inactive).append(entry);
        apply(active);
        Q_EMIT refreshed();
    });
}

const SpaceTemplate *TemplateModel::templateById(const QString &id) const
{
    for (const SpaceTemplateList *list : {&m_templates, &m_inactive}) {
        for (const SpaceTemplate &entry : *list) {
            if (entry.id == id)
                return &entry;
        }
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
