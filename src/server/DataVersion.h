#pragma once

#include <QByteArray>
#include <QStringView>
#include <QtGlobal>

namespace spaces {

// A number that grows with every change a client could see: each statement the Store
// commits and each event published (runtime changes announced without a write included).
// A list answered at version V stays valid while the version is V, so it is the list's
// entity tag, and a client that sends it back gets 304 Not Modified instead of megabytes.
// Bumped only after the change is visible, and read before a list is read: a tag can be
// older than its list, never newer, so a 304 never hides a change.
class DataVersion final
{
public:
    static void bump();
    static quint64 current();

    // W/"<this server's run>-<version>-<scope>": `scope` names whose list it is (the caller
    // and the owner asked for), so that another user's tag never matches; the run makes tags
    // of an earlier server start stale.
    static QByteArray entityTag(quint64 version, QStringView scope);
    // Whether an If-None-Match field value ("*", or a list of tags, weak or not) names `tag`.
    static bool matches(const QByteArray &ifNoneMatch, const QByteArray &tag);
};

} // namespace spaces
