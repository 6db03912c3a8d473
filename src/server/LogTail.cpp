#include "LogTail.h"

#include "LogStampFormat.h"

#include <QFile>
#include <string_view>

namespace spaces {

namespace {

constexpr qint64 ChunkBytes = 64 * 1024;
// A bound on what one request reads, whatever the lines' length.
constexpr qint64 MaximumBytes = 16 * 1024 * 1024;

} // namespace

Expected<LogTail::Tail> LogTail::read(const QString &path, int lines)
{
    QFile file(path);
    if (!file.exists())
        return Tail{};
    if (!file.open(QIODevice::ReadOnly))
        return ApiError{
            500, QStringLiteral("could not read the space's log: %1").arg(file.errorString())};
    const qint64 size = file.size();
    QByteArray text;
    qint64 start = size;
    // Back to the last line break: what follows it is a line still being written.
    qint64 end = -1;
    qsizetype breaks = 0;
    while (start > 0 && size - start < MaximumBytes) {
        const qint64 chunk = std::min(ChunkBytes, start);
        start -= chunk;
        if (!file.seek(start))
            break;
        const QByteArray piece = file.read(chunk);
        text.prepend(piece);
        if (end < 0) {
            const qsizetype last = text.lastIndexOf('\n');
            if (last >= 0) {
                end = start + last + 1;
                text.truncate(last + 1);
            }
        }
        if (end >= 0) {
            breaks = text.count('\n');
            if (breaks > lines)
                break;
        }
    }
    if (end < 0)
        return Tail{{}, 0};
    // Keep the last `lines` lines: cut after the (breaks - lines)th line break.
    qsizetype cut = 0;
    for (qsizetype skip = breaks - lines; skip > 0; --skip)
        cut = text.indexOf('\n', cut) + 1;
    if (breaks <= lines && start > 0) {
        // Stopped by the byte bound in the middle of a line: drop the partial first line.
        cut = text.indexOf('\n') + 1;
    }
    return Tail{text.mid(cut), end};
}

QString LogTail::lastLine(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    if (file.size() > ChunkBytes)
        file.seek(file.size() - ChunkBytes);
    const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
    return lines.isEmpty() ? QString() : QString::fromUtf8(withoutStamps(lines.last())).trimmed();
}

QByteArray LogTail::withoutStamps(const QByteArray &lines)
{
    QByteArray result;
    result.reserve(lines.size());
    for (qsizetype at = 0; at < lines.size();) {
        const qsizetype end = lines.indexOf('\n', at);
        const qsizetype stop = end < 0 ? lines.size() : end + 1;
        const std::string_view line(lines.constData() + at, size_t(stop - at));
        const size_t skip = LogStampFormat::isStamped(line) ? LogStampFormat::PrefixLength : 0;
        result.append(lines.constData() + at + skip, stop - at - qsizetype(skip));
        at = stop;
    }
    return result;
}

} // namespace spaces
