#include "PrivatePodman.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>

namespace spaces::bench {

namespace {

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

} // namespace

PrivatePodman::~PrivatePodman()
{
    if (!m_configured)
        return;
    run({QStringLiteral("rm"), QStringLiteral("-a"), QStringLiteral("-f"), QStringLiteral("-t"),
         QStringLiteral("0")});
    run({QStringLiteral("rmi"), QStringLiteral("-a"), QStringLiteral("-f")});
    // vfs keeps layers as plain folders; QTemporaryDir removes them with the rest.
}

PrivatePodman::Outcome PrivatePodman::run(const QStringList &arguments,
                                          const QByteArray &input) const
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(m_program, arguments);
    if (!process.waitForStarted())
        return {-1, QStringLiteral("podman could not be started")};
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(120000)) {
        process.kill();
        process.waitForFinished();
        return {-1, QStringLiteral("podman timed out")};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAll()).trimmed()};
}

QString PrivatePodman::prepare()
{
    m_program = QStandardPaths::findExecutable(QStringLiteral("podman"));
    if (m_program.isEmpty())
        return QStringLiteral("podman is not installed");
    if (!m_storage.isValid())
        return QStringLiteral("no temporary folder for podman's storage");
    if (const QString failed = writeConfiguration(); !failed.isEmpty())
        return failed;
    m_configured = true;
    if (const QString failed = buildImage(); !failed.isEmpty())
        return failed;
    const Outcome probe =
        run({QStringLiteral("run"), QStringLiteral("--rm"), QStringLiteral("--network"),
             QStringLiteral("host"), image(), QStringLiteral("true")});
    if (probe.exitCode != 0)
        return QStringLiteral("podman cannot run a container here: ") + probe.output;
    m_usable = true;
    return {};
}

QString PrivatePodman::writeConfiguration()
{
    const QString conf = m_storage.filePath(QStringLiteral("containers.conf"));
    const QString storage = m_storage.filePath(QStringLiteral("storage.conf"));
    const bool written =
        writeFile(conf, "[containers]\n"
                        "default_ulimits = [\"nofile=1024:1024\", \"nproc=4096:4096\"]\n"
                        "[engine]\nruntime = \"runc\"\n") &&
        writeFile(storage, QStringLiteral("[storage]\ndriver = \"vfs\"\ngraphroot = \"%1/root\"\n"
                                          "runroot = \"%1/runroot\"\n")
                               .arg(m_storage.path())
                               .toUtf8());
    if (!written)
        return QStringLiteral("cannot write podman's configuration in %1").arg(m_storage.path());
    qputenv("CONTAINERS_CONF", QFile::encodeName(conf));
    qputenv("CONTAINERS_STORAGE_CONF", QFile::encodeName(storage));
    return {};
}

QString PrivatePodman::buildImage()
{
    const QString busybox = QStringLiteral("/bin/busybox");
    if (!QFileInfo(busybox).isExecutable())
        return QStringLiteral("busybox-static is not installed");
    const QString root = m_storage.filePath(QStringLiteral("rootfs"));
    for (const char *folder : {"bin", "etc", "tmp", "proc", "dev", "sys", "home", "run"})
        QDir().mkpath(root + u'/' + QString::fromLatin1(folder));
    if (!QFile::copy(busybox, root + QStringLiteral("/bin/busybox")))
        return QStringLiteral("cannot copy busybox into the image");
    QProcess list;
    list.start(busybox, {QStringLiteral("--list")});
    list.waitForFinished();
    const QStringList applets =
        QString::fromUtf8(list.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts);
    for (const QString &applet : applets) {
        if (applet != u"busybox")
            QFile::link(QStringLiteral("busybox"), root + QStringLiteral("/bin/") + applet);
    }
    writeFile(root + QStringLiteral("/etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
    QProcess tar;
    tar.start(QStringLiteral("tar"),
              {QStringLiteral("-C"), root, QStringLiteral("-c"), QStringLiteral(".")});
    if (!tar.waitForFinished(60000) || tar.exitCode() != 0)
        return QStringLiteral("tar of the image's root file system failed");
    const Outcome imported =
        run({QStringLiteral("import"), QStringLiteral("-"), image()}, tar.readAllStandardOutput());
    if (imported.exitCode != 0)
        return QStringLiteral("podman import failed: ") + imported.output;
    return {};
}

} // namespace spaces::bench
