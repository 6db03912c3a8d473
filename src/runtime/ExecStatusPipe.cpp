#include "ExecStatusPipe.h"

#include "ErrnoText.h"

#include <QByteArray>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace spaces {

bool ExecStatusPipe::open(QString *error)
{
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
        const int saved = errno;
        if (error)
            *error = QStringLiteral("Could not create a pipe: %1").arg(ErrnoText::describe(saved));
        return false;
    }
    m_read.reset(fds[0]);
    m_write.reset(fds[1]);
    return true;
}

void ExecStatusPipe::send(int fd, Kind kind, qint32 errnum, qint64 value) noexcept
{
    Record record;
    record.kind = kind;
    record.errnum = errnum;
    record.value = value;
    ssize_t written;
    do {
        written = ::write(fd, &record, sizeof record);
    } while (written < 0 && errno == EINTR);
}

QList<ExecStatusPipe::Record> ExecStatusPipe::receiveAll()
{
    QByteArray bytes;
    char buffer[256];
    for (;;) {
        const ssize_t got = ::read(m_read.get(), buffer, sizeof buffer);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        bytes.append(buffer, got);
    }
    m_read.reset();

    QList<Record> records;
    for (qsizetype at = 0; at + qsizetype(sizeof(Record)) <= bytes.size(); at += sizeof(Record)) {
        Record record;
        std::memcpy(&record, bytes.constData() + at, sizeof record);
        records.append(record);
    }
    return records;
}

} // namespace spaces
