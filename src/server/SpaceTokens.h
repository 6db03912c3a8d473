#pragma once

#include "Expected.h"

#include <QHash>
#include <QString>

namespace spaces {

class Store;

// The tokens a running space's processes call the API with (the Remote environment: SPACES_TOKEN
// inside the space). Each acts for the space's owner, with the owner's permissions and no
// more, and only while the space is deployed or pending (Store::userByToken checks that
// too). The Store keeps only their hashes; the plain token of each space lives here, in
// memory, for the environment of the commands, scripts and terminals started later. A
// server that restarts has lost them: adoption issues a new one, while the one the services
// already hold keeps working until the space stops. Lives on the server thread.
class SpaceTokens final
{
public:
    explicit SpaceTokens(Store &store);

    // The space's token: the one issued earlier, else a new one, committed before it is
    // returned (so before any process of the space can hold it).
    Expected<QString> issue(const QString &spaceId);
    // Empty when none was issued by this server.
    QString tokenOf(const QString &spaceId) const { return m_plain.value(spaceId); }
    // Every token of the space stops working (stop, services ended, delete).
    Expected<void> revoke(const QString &spaceId);
    // At server start: the tokens of spaces found stopped.
    Expected<void> revokeStopped();

private:
    Store &m_store;
    QHash<QString, QString> m_plain;
};

} // namespace spaces
