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
    return parent.isValid() ? 0 : int(m_forwards.size());
}

int PortForwardModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PortForwardModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
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
        default:
            return {};
        }
    case Qt::ToolTipRole:
        return tr("Open %1 in a browser").arg(url.toString());
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
    default:
        return {};
    }
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

void PortForwardModel::add(const PortForwardRequest &request)
{
    const QString operation = tr("Forward port %1").arg(request.localPort);
    if (m_spaceId.isEmpty())
        return failLocally(operation, tr("Choose a space first."));
    for (const QString &sentence : {Validation::checkLocalPort(request.localPort),
                                    Validation::checkRemotePort(request.remotePort)}) {
        if (!sentence.isEmpty())
            return failLocally(operation, sentence);
    }
    beginOperation();
    const int localPort = request.localPort;
    m_client.forwardPort(m_spaceId, request, m_context.get(),
                         [this, operation, localPort](const Expected<bool> &result) {
                             if (result) {
                                 Q_EMIT forwardAdded(localPort);
                                 refresh();
                             } else {
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
