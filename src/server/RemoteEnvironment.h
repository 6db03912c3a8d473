#pragma once

#include "Expected.h"
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
// The address a space was started with goes stale when spacesd restarts on another port
// (the spaces it adopts keep their environment): the current one is also published in the
// connection folder of the data directory (`url`, and under TLS `ca.pem`, the certificate
// the module trusts), which the backends mount read-only into every space. SPACES_URL_FILE
// and SPACES_CA_FILE name those files as the space sees them; the module reads the file
// first.
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
    // reached on loopback. A certificate file: HTTPS, and spaces trust that certificate.
    void setServer(const QHostAddress &address, quint16 port, const QString &certificateFile);
    const QString &url() const { return m_url; }
    // Writes the address (and the certificate, or removes an old one) into `folder`, created
    // if need be (0700, files 0600, each replaced whole), keeping the owner a launch handed
    // the folder to; from then on spaces get the folder mounted and its files named.
    Expected<void> publish(const QString &folder);
    // The folder published into; empty before publish().
    const QString &connectionFolder() const { return m_folder; }
    // The folder and its files, for a backend to hand over to the space's user.
    QStringList connectionPaths() const;

    // <data directory>/connection
    static QString connectionFolderIn(const QString &dataDirectory);
    // The port of the address published in `folder` earlier; 0 when none is.
    static quint16 publishedPort(const QString &folder);
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
    QString m_certificate;
    QString m_folder;
    QString m_spacesModule;
    const SpaceTokens *m_tokens = nullptr;
};

} // namespace spaces
