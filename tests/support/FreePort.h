#pragma once

#include <QHostAddress>
#include <QTcpServer>

namespace spaces::test {

// A loopback port that was free a moment ago (bound to port 0 and released).
inline quint16 freeTcpPort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : quint16(0);
}

// True when 127.0.0.1:port can be listened on right now, i.e. nobody listens there.
inline bool canListenOn(quint16 port)
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, port);
}

} // namespace spaces::test
