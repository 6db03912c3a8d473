#pragma once

#include <QStringList>
#include <QUrl>

namespace spaces {

// Addresses of the server's WebSocket streams (logs, run, terminal, tunnel), all built the
// same way from the connection's base URL.
namespace StreamUrl {

// ws:// (wss:// for an https base) at the base URL's path followed by `segments`, each
// percent-encoded on its own, so a space name holding '/' or '?' stays one segment. The base
// URL's query and fragment are dropped.
QUrl webSocket(const QUrl &baseUrl, const QStringList &segments);

// The same address over http(s), for asking with a plain GET why an upgrade was refused.
QUrl plainHttp(const QUrl &webSocketUrl);

} // namespace StreamUrl

} // namespace spaces
