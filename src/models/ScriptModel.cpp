#include "ScriptModel.h"

#include "KeyedListDiff.h"

namespace spaces {

ScriptModel::ScriptModel(SpacesClient &client, QObject *parent)
    : QAbstractListModel(parent)
    , m_client(client)
{}

int ScriptModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_scripts.size());
}

QVariant ScriptModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Script &script = m_scripts.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return script.name;
    case Qt::ToolTipRole:
        if (!script.description.isEmpty())
            return script.description;
        return script.userId.isEmpty() ? tr("Global script %1").arg(script.name)
                                       : tr("Script %1").arg(script.name);
    case IdRole:
        return script.id;
    case DescriptionRole:
        return script.description;
    default:
        return {};
    }
}

void ScriptModel::refresh()
{
    if (m_loading)
        return; // the list under way answers this too
    m_loading = true;
    m_client.listScripts(this, [this](const Expected<ScriptList> &result) {
        m_loading = false;
        if (!result) {
            Q_EMIT refreshFailed(result.error());
            return;
        }
        apply(result.value());
        Q_EMIT refreshed();
    });
}

const Script *ScriptModel::scriptByName(const QString &name) const
{
    for (const Script &script : m_scripts) {
        if (script.name == name)
            return &script;
    }
    return nullptr;
}

QStringList ScriptModel::names() const
{
    QStringList names;
    names.reserve(m_scripts.size());
    for (const Script &script : m_scripts)
        names.append(script.name);
    return names;
}

void ScriptModel::apply(const ScriptList &scripts)
{
    detail::applyById(
        *this, m_scripts, scripts, [this](int row) { beginRemoveRows({}, row, row); },
        [this] { endRemoveRows(); }, [this](int row) { beginInsertRows({}, row, row); },
        [this] { endInsertRows(); });
}

} // namespace spaces
