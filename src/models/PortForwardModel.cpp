#include "PortForwardModel.h"

#include "Validation.h"

#include <QUrl>
#include <algorithm>

namespace spaces {

using namespace Qt::StringLiterals;

PortForwardModel::PortForwardModel(SpacesClient &client, QObject *parent)
    : QAbstractTableModel(parent)
    , m_client(client)
    , m_context(std::make_unique<QObject>())
{}

int PortForwardModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_forwards.size() + m_local.size());
}

int PortForwardModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PortForwardModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    if (index.row() >= m_forwards.size())
        return localData(m_local.at(index.row() - m_forwards.size()), index.column(), role);
    const PortForward &forward = m_forwards.at(index.row());
    const QUrl url(u"http://127.0.0.1:%1/"_s.arg(forward.localPort));
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case LocalPortColumn:
            return forward.localPort;
        case TargetColumn:
            return forward.space;
        case RemotePortColumn:
            return forward.remotePort;
        case PersistentColumn:
            return forward.persistent ? tr("Yes") : tr("No");
        case KindColumn:
            return tr("to space %1").arg(forward.space);
        default:
            return {};
        }
    case Qt::ToolTipRole:
        return tr("Open %1 in a browser").arg(url.toString());
    case IsLocalRole:
        return false;
    case LocalPortRole:
        return forward.localPort;
    case TargetRole:
        return forward.space;
    case RemotePortRole:
        return forward.remotePort;
    case PersistentRole:
        return forward.persistent;
    case UrlRole:
        return url;
    default:
        return {};
    }
}

QVariant PortForwardModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case LocalPortColumn:
        return tr("Local port");
    case TargetColumn:
        return tr("Target space");
    case RemotePortColumn:
        return tr("Remote port");
    case PersistentColumn:
        return tr("Persistent");
    case KindColumn:
        return tr("Kind");
    default:
        return {};
    }
}

QVariant PortForwardModel::localData(const LocalTunnels::Entry &entry, int column, int role) const
{
    const QUrl url(u"http://127.0.0.1:%1/"_s.arg(entry.localPort));
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case LocalPortColumn:
            return entry.localPort;
        case TargetColumn:
            return entry.spaceName;
        case RemotePortColumn:
            return entry.remotePort;
        case PersistentColumn:
            return tr("While the app runs");
        case KindColumn:
            return tr("to this computer");
        default:
            return {};
        }
    case Qt::ToolTipRole:
        return tr("Port %1 of %2 on this computer: open %3 in a browser")
            .arg(entry.remotePort)
            .arg(entry.spaceName, url.toString());
    case LocalPortRole:
        return entry.localPort;
    case TargetRole:
        return entry.spaceName;
    case RemotePortRole:
        return entry.remotePort;
    case PersistentRole:
        return false;
    case UrlRole:
        return url;
    case IsLocalRole:
        return true;
    default:
        return {};
    }
}

void PortForwardModel::setLocalTunnels(LocalTunnels *tunnels)
{
    if (m_tunnels)
        m_tunnels->disconnect(this);
    m_tunnels = tunnels;
    showLocal(tunnels ? tunnels->of(m_spaceId) : QList<LocalTunnels::Entry>{});
    if (!tunnels)
        return;
    const auto reload = [this] {
        showLocal(m_tunnels ? m_tunnels->of(m_spaceId) : QList<LocalTunnels::Entry>{});
    };
    connect(tunnels, &LocalTunnels::added, this, reload);
    connect(tunnels, &LocalTunnels::removed, this, reload);
    connect(tunnels, &LocalTunnels::connectionFailed, this,
            [this](const QString &spaceName, quint16 localPort, const QString &sentence) {
                Q_EMIT operationFailed(
                    tr("Forward of %1 to 127.0.0.1:%2").arg(spaceName).arg(localPort),
                    ApiError::network(sentence));
            });
}

void PortForwardModel::showLocal(const QList<LocalTunnels::Entry> &entries)
{
    // Few rows, changed by the user one at a time: the ones gone are removed, new ones
    // appended, so that views keep their selection.
    const int first = int(m_forwards.size());
    for (int i = int(m_local.size()) - 1; i >= 0; --i) {
        const quint16 port = m_local.at(i).localPort;
        const bool kept = std::any_of(entries.cbegin(), entries.cend(),
                                      [port](const auto &e) { return e.localPort == port; });
        if (!kept) {
            beginRemoveRows({}, first + i, first + i);
            m_local.removeAt(i);
            endRemoveRows();
        }
    }
    for (const LocalTunnels::Entry &entry : entries) {
        const bool shown = std::any_of(m_local.cbegin(), m_local.cend(), [&](const auto &e) {
            return e.localPort == entry.localPort;
        });
        if (shown)
            continue;
        const int row = first + int(m_local.size());
        beginInsertRows({}, row, row);
        m_local.append(entry);
        endInsertRows();
    }
}

void PortForwardModel::addLocal(int remotePort, int localPort, const QString &spaceName)
{
    const QString operation = tr("Forward port %1 to this computer").arg(remotePort);
    if (m_spaceId.isEmpty() || !m_tunnels)
        return failLocally(operation, tr("Choose a space first."));
    if (const QString sentence = Validation::checkRemotePort(remotePort); !sentence.isEmpty())
        return failLocally(operation, sentence);
    if (localPort != 0) {
        if (const QString sentence = Validation::checkLocalPort(localPort); !sentence.isEmpty())
            return failLocally(operation, sentence);
    }
    const Expected<quint16> listening =
        m_tunnels->add(m_spaceId, spaceName, quint16(remotePort), quint16(localPort));
    if (!listening)
        return failLocally(operation, listening.error().message);
    Q_EMIT forwardAdded(*listening);
}

void PortForwardModel::setSpace(const QString &spaceId)
{
    if (spaceId == m_spaceId)
        return refresh();
    m_spaceId = spaceId;
    m_context = std::make_unique<QObject>(); // the previous space's answers are dropped
    if (m_pending > 0) {
        m_pending = 0;
        Q_EMIT busyChanged(false);
    }
    apply({});
    showLocal(m_tunnels ? m_tunnels->of(spaceId) : QList<LocalTunnels::Entry>{});
    refresh();
}

QString PortForwardModel::spaceId() const
{
    return m_spaceId;
}

void PortForwardModel::refresh()
{
    if (m_spaceId.isEmpty())
        return;
    beginOperation();
    m_client.listPortForwards(
        m_spaceId, m_context.get(), [this](const Expected<PortForwardList> &result) {
            if (result)
                apply(*result);
            else
                Q_EMIT operationFailed(tr("Load port forwards"), result.error());
            endOperation();
        });
}

void PortForwardModel::add(const PortForwardRequest &request, const Answer &answered)
{
    const QString operation = tr("Forward port %1").arg(request.localPort);
    const auto refuse = [this, &operation, &answered](const QString &sentence) {
        if (!answered || !answered(ApiError::badRequest(sentence)))
            failLocally(operation, sentence);
    };
    if (m_spaceId.isEmpty())
        return refuse(tr("Choose a space first."));
    for (const QString &sentence : {Validation::checkLocalPort(request.localPort),
                                    Validation::checkRemotePort(request.remotePort)}) {
        if (!sentence.isEmpty())
            return refuse(sentence);
    }
    beginOperation();
    const int localPort = request.localPort;
    m_client.forwardPort(m_spaceId, request, m_context.get(),
                         [this, operation, localPort, answered](const Expected<bool> &result) {
                             if (result) {
                                 if (answered)
                                     answered(result);
                                 Q_EMIT forwardAdded(localPort);
                                 refresh();
                             } else if (!answered || !answered(result)) {
                                 Q_EMIT operationFailed(operation, result.error());
                             }
                             endOperation();
                         });
}

void PortForwardModel::stop(int localPort)
{
    const QString operation = tr("Stop forward of port %1").arg(localPort);
    if (m_spaceId.isEmpty())
        return failLocally(operation, tr("Choose a space first."));
    if (m_tunnels && m_tunnels->stop(quint16(localPort)))
        return;
    beginOperation();
    m_client.stopPortForward(m_spaceId, localPort, m_context.get(),
                             [this, operation, localPort](const Expected<bool> &result) {
                                 if (result) {
                                     if (const int row = rowOf(localPort); row >= 0) {
                                         beginRemoveRows({}, row, row);
                                         m_forwards.removeAt(row);
                                         endRemoveRows();
                                     }
                                 } else {
                                     Q_EMIT operationFailed(operation, result.error());
                                     refresh();
                                 }
                                 endOperation();
                             });
}

bool PortForwardModel::isBusy() const
{
    return m_pending > 0;
}

void PortForwardModel::apply(const PortForwardList &forwards)
{
    for (int row = int(m_forwards.size()) - 1; row >= 0; --row) {
        const int port = m_forwards.at(row).localPort;
        const bool kept = std::any_of(forwards.cbegin(), forwards.cend(),
                                      [port](const PortForward &f) { return f.localPort == port; });
        if (!kept) {
            beginRemoveRows({}, row, row);
            m_forwards.removeAt(row);
            endRemoveRows();
        }
    }
    for (const PortForward &forward : forwards) {
        const int row = rowOf(forward.localPort);
        if (row >= 0) {
            if (m_forwards.at(row) != forward) {
                m_forwards[row] = forward;
                Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
            }
            continue;
        }
        const int last = int(m_forwards.size());
        beginInsertRows({}, last, last);
        m_forwards.append(forward);
        endInsertRows();
    }
}

int PortForwardModel::rowOf(int localPort) const
{
    for (int row = 0; row < int(m_forwards.size()); ++row) {
        if (m_forwards.at(row).localPort == localPort)
            return row;
    }
    return -1;
}

void PortForwardModel::beginOperation()
{
    if (m_pending++ == 0)
        Q_EMIT busyChanged(true);
}

void PortForwardModel::endOperation()
{
    if (m_pending > 0 && --m_pending == 0)
        Q_EMIT busyChanged(false);
}

void PortForwardModel::failLocally(const QString &operation, const QString &sentence)
{
    Q_EMIT operationFailed(operation, ApiError::badRequest(sentence));
}

} // namespace spaces
