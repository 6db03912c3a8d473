#pragma once

#include "SpaceEnvironment.h"

#include <QHostAddress>
#include <QString>

namespace spaces {

class SpaceBackend;
class SpaceTokens;

// What puts the Remote environment into a space: `import spaces` works inside and connects
// back to this server as the space's owner. SPACES_URL is this server as the space reaches
// it (sandboxes and podman containers share the host network, so loopback works),
// SPACES_TOKEN the space's own token (SpaceTokens), PYTHONPATH the folder holding the
// `spaces` package as the backend mounts it (read-only). Lives on the server thread.
//
// The folder, in this order: $SPACES_PYTHON_MODULES (a folder holding spaces/__init__.py);
// the source tree's python/ when this spacesd runs from its build tree; the folder
// `cmake --install` put the module in; the source tree's python/ if it still exists. None:
// spaces get no PYTHONPATH, and the server says so once in its log.
class RemoteEnvironment final
{
public:
    RemoteEnvironment();

    // The server's address as spaces reach it; an address that means "every interface" is
    // reached on loopback.
    void setServer(const QHostAddress &address, quint16 port, bool tls);
    void setTokens(const SpaceTokens *tokens) { m_tokens = tokens; }
    // The folder holding the `spaces` package on this computer; empty when none was found.
    const QString &spacesModule() const { return m_spacesModule; }

    // The variables for one space's processes; empty parts (no server yet, no token, no
    // module) are left out.
    SpaceEnvironment::Remote variablesFor(const QString &spaceId,
                                          const SpaceBackend &backend) const;

    static QString locateSpacesModule();

private:
    QString m_url;
    QString m_spacesModule;
    const SpaceTokens *m_tokens = nullptr;
};

} // namespace spaces
