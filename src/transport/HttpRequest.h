#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrlQuery>

namespace spaces {

// One HTTP request as routes see it, whatever carried it. Before the body is read (when the
// transport asks whether it may read it) `body` is empty and `bodyExpected` tells whether one
// follows.
struct HttpRequest
{
    QByteArray method;
    QByteArray target;    // as sent: path and query, percent-encoded
    QString path;         // decoded, for messages
    QStringList segments; // the path split at '/', each percent-decoded
    QUrlQuery query;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QHostAddress peer;
    bool bodyExpected = false;
    bool webSocketUpgrade = false; // Connection: upgrade and Upgrade: websocket

    // The first value of a header, by case-insensitive name; empty when absent.
    QByteArray header(QByteArrayView name) const;
    // Splits and decodes a request target ("/a/b%20c?x=1") into path, segments and query.
    void setTarget(const QByteArray &rawTarget);
};

} // namespace spaces
