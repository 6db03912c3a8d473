#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

namespace spaces {

// A forward from local_port of a source space to remote_port of a target space (PortForwardInfo).
struct PortForward
{
    int localPort = 0;
    QString space; // the target space, by name
    int remotePort = 0;
    bool persistent = false;
    QString mode = QStringLiteral("direct");

    static PortForward fromJson(const QJsonObject &object);
    QJsonObject toJson() const;

    friend bool operator==(const PortForward &, const PortForward &) = default;
};

using PortForwardList = QList<PortForward>;

} // namespace spaces
