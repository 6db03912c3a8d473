#include "RemoteEnvironment.h"

#include "LocalRuntime.h"
#include "PrivateFiles.h"
#include "SpaceBackend.h"
#include "SpaceTokens.h"
#include "StorageError.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QUrl>
#include <cerrno>
#include <cstdio>
#include <sys/stat.h>
#include <unistd.h>

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

const auto UrlFile = QStringLiteral("url");
const auto CertificateFile = QStringLiteral("ca.pem");

// Replaces `name` in `folder` whole (a space reading it sees the old text or the new, never
// a part), owned by whoever owns the folder: a launch may have handed it to the space's user.
Expected<void> replaceFile(const QString &folder, const QString &name, const QByteArray &data)
{
    const QDir dir(folder);
    const QString target = dir.filePath(name);
    const QString staged = dir.filePath(u'.' + name + QStringLiteral(".new"));
    const QString action = QStringLiteral("write %1").arg(target);
    QFile::remove(staged);
    if (Expected<void> written =
            PrivateFiles::writeNewFile(staged, data, PrivateFiles::FileMode, false, action);
        !written)
        return written;
    struct stat owner = {};
    if (::stat(QFile::encodeName(folder).constData(), &owner) == 0 &&
        ::lchown(QFile::encodeName(staged).constData(), owner.st_uid, owner.st_gid) != 0 &&
        errno != EPERM) {
        const int saved = errno;
        QFile::remove(staged);
        return StorageError::fromErrno(saved, action);
    }
    if (::rename(QFile::encodeName(staged).constData(), QFile::encodeName(target).constData()) !=
        0) {
        const int saved = errno;
        QFile::remove(staged);
        return StorageError::fromErrno(saved, action);
    }
    return {};
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

void RemoteEnvironment::setServer(const QHostAddress &address, quint16 port,
                                  const QString &certificateFile)
{
    const bool tls = !certificateFile.isEmpty();
    m_certificate = certificateFile;
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

QString RemoteEnvironment::connectionFolderIn(const QString &dataDirectory)
{
    return QDir(dataDirectory).filePath(QStringLiteral("connection"));
}

quint16 RemoteEnvironment::publishedPort(const QString &folder)
{
    QFile file(QDir(folder).filePath(UrlFile));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    const QUrl url(QString::fromUtf8(file.read(4096)).trimmed());
    const int port = url.isValid() ? url.port() : -1;
    return port > 0 && port <= 65535 ? quint16(port) : quint16(0);
}

Expected<void> RemoteEnvironment::publish(const QString &folder)
{
    if (Expected<void> made = PrivateFiles::makeDirectory(
            folder, QStringLiteral("create the connection folder %1").arg(folder));
        !made)
        return made;
    if (Expected<void> written = replaceFile(folder, UrlFile, m_url.toUtf8() + '\n'); !written)
        return written;
    const QString certificateCopy = QDir(folder).filePath(CertificateFile);
    if (m_certificate.isEmpty()) {
        QFile::remove(certificateCopy);
    } else {
        QFile source(m_certificate);
        if (!source.open(QIODevice::ReadOnly))
            return ApiError{500, QStringLiteral("cannot read the TLS certificate %1: %2")
                                     .arg(m_certificate, source.errorString())};
        if (Expected<void> written = replaceFile(folder, CertificateFile, source.readAll());
            !written)
            return written;
    }
    m_folder = folder;
    return {};
}

QStringList RemoteEnvironment::connectionPaths() const
{
    if (m_folder.isEmpty())
        return {};
    QStringList paths{m_folder, QDir(m_folder).filePath(UrlFile)};
    if (!m_certificate.isEmpty())
        paths.append(QDir(m_folder).filePath(CertificateFile));
    return paths;
}

SpaceEnvironment::Remote RemoteEnvironment::variablesFor(const QString &spaceId,
                                                         const SpaceBackend &backend) const
{
    SpaceEnvironment::Remote remote;
    remote.token = m_tokens ? m_tokens->tokenOf(spaceId) : QString();
    // A URL without a token would only make the module fail later, with a vaguer sentence.
    if (!remote.token.isEmpty()) {
        remote.url = m_url;
        if (!m_folder.isEmpty()) {
            const QDir inside(backend.connectionInside(m_folder));
            remote.urlFile = inside.filePath(UrlFile);
            if (!m_certificate.isEmpty())
                remote.caFile = inside.filePath(CertificateFile);
        }
    }
    if (!m_spacesModule.isEmpty())
        remote.pythonPath = backend.spacesModuleInside(m_spacesModule);
    return remote;
}

} // namespace spaces
