#pragma once

#include "ConnectionRegistry.h"
#include "HttpLimits.h"

#include <QLoggingCategory>
#include <QObject>
#include <memory>

Q_DECLARE_LOGGING_CATEGORY(lcHttp)

namespace spaces {

class HttpHandler;

// What every connection of one server shares: the limits, the registry, and the way to the Qt
// thread where the routes (and the Store under them) live.
struct TransportContext
{
    TransportContext(const HttpLimits &httpLimits, HttpHandler &httpHandler, QObject &qtObject)
        : limits(httpLimits)
        , handler(httpHandler)
        , qtContext(qtObject)
        , registry(httpLimits.maxConnections, httpLimits.maxConnectionsPerAddress)
    {}

    // Runs `work` on the Qt thread. The server joins its I/O threads before the Qt object
    // goes, so the object outlives every call posted here.
    template<typename Work> void onQtThread(Work work)
    {
        QMetaObject::invokeMethod(&qtContext, std::move(work), Qt::QueuedConnection);
    }

    // The I/O context, type-erased: every connection holds this struct, so the context
    // outlives every socket.
    std::shared_ptr<void> ioContext;
    const HttpLimits limits;
    HttpHandler &handler;
    QObject &qtContext;
    ConnectionRegistry registry;
};

} // namespace spaces
