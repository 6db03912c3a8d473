#include "RemoteEnvironment.h"

#include "LocalRuntime.h"
#include "SpaceBackend.h"
#include "SpaceTokens.h"

#include <QDir>
#include <QFileInfo>
#include <QUrl>

// Set by python/CMakeLists.txt for this file only.
#ifndef SPACES_PYTHON_INSTALL_DIR
#define SPACES_PYTHON_INSTALL_DIR ""
#endif
#ifndef SPACES_PYTHON_SOURCE_DIR
#define SPACES_PYTHON_SOURCE_DIR ""
#endif
#ifndef SPACES_BINARY_DIR
#define SPACES_BINARY_DIR ""
#endif

namespace spaces {

namespace {

bool holdsSpacesModule(const QString &folder)
{
    return !folder.isEmpty() &&
           QFileInfo(QDir(folder).filePath(QStringLiteral("spaces/__init__.py"))).isFile();
}

bool runsFromBuildTree()
{
    const QString binaryDir = QDir::cleanPath(QString::fromUtf8(SPACES_BINARY_DIR));
    const QString executable = QFileInfo(QStringLiteral("/proc/self/exe")).canonicalFilePath();
    return !binaryDir.isEmpty() && executable.startsWith(binaryDir + u'/');
}

} // namespace

RemoteEnvironment::RemoteEnvironment()
    : m_spacesModule(locateSpacesModule())
{
    if (m_spacesModule.isEmpty())
        qCWarning(lcRuntime)
            << "the spaces Python module was not found (set SPACES_PYTHON_MODULES):"
            << "`import spaces` will not work inside spaces";
    else
        qCDebug(lcRuntime) << "spaces Python module for spaces:" << m_spacesModule;
}

QString RemoteEnvironment::locateSpacesModule()
{
    const QString configured = qEnvironmentVariable("SPACES_PYTHON_MODULES");
    if (!configured.isEmpty())
        return holdsSpacesModule(configured) ? QFileInfo(configured).absoluteFilePath() : QString();
    const QString source = QString::fromUtf8(SPACES_PYTHON_SOURCE_DIR);
    const QString installed = QString::fromUtf8(SPACES_PYTHON_INSTALL_DIR);
    // A spacesd of the build tree goes with the module of its own sources, not with whatever
    // an earlier `cmake --install` left behind.
    const QStringList candidates =
        runsFromBuildTree() ? QStringList{source, installed} : QStringList{installed, source};
    for (const QString &candidate : candidates) {
        if (holdsSpacesModule(candidate))
            return QDir::cleanPath(candidate);
    }
    return {};
}

void RemoteEnvironment::setServer(const QHostAddress &address, quint16 port, bool tls)
{
    const bool everywhere = address == QHostAddress::Any || address == QHostAddress::AnyIPv4;
    const bool everywhere6 = address == QHostAddress::AnyIPv6;
    QUrl url;
    url.setScheme(tls ? QStringLiteral("https") : QStringLiteral("http"));
    url.setHost(everywhere    ? QStringLiteral("127.0.0.1")
                : everywhere6 ? QStringLiteral("::1")
                              : address.toString());
    url.setPort(port);
    m_url = url.toString();
}

SpaceEnvironment::Remote RemoteEnvironment::variablesFor(const QString &spaceId,
                                                         const SpaceBackend &backend) const
{
    SpaceEnvironment::Remote remote;
    remote.token = m_tokens ? m_tokens->tokenOf(spaceId) : QString();
    // A URL without a token would only make the module fail later, with a vaguer sentence.
    if (!remote.token.isEmpty())
        remote.url = m_url;
    if (!m_spacesModule.isEmpty())
        remote.pythonPath = backend.spacesModuleInside(m_spacesModule);
    return remote;
}

} // namespace spaces
