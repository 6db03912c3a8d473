#include "SpawnRequest.h"

#include "ChildIsolation.h"

#include <QDataStream>
#include <QIODevice>

namespace spaces {

namespace {

// Both ends are the same build of the same program; the version only guards the format.
constexpr quint32 FormatVersion = 1;

} // namespace

QByteArray SpawnRequest::encode(std::vector<int> *fds) const
{
    QByteArray bytes;
    QDataStream stream(&bytes, QIODevice::WriteOnly);
    stream << FormatVersion << program << arguments << environment << workingDirectory
           << bool(isolation);
    if (isolation)
        isolation->writeTo(stream, fds);
    return bytes;
}

std::optional<SpawnRequest> SpawnRequest::decode(const QByteArray &bytes,
                                                 std::vector<UniqueFd> &fds)
{
    if (fds.size() < FixedCount)
        return std::nullopt;
    QDataStream stream(bytes);
    SpawnRequest request;
    quint32 version = 0;
    bool isolated = false;
    stream >> version;
    if (version != FormatVersion)
        return std::nullopt;
    stream >> request.program >> request.arguments >> request.environment >>
        request.workingDirectory >> isolated;
    if (stream.status() != QDataStream::Ok)
        return std::nullopt;
    if (isolated) {
        size_t next = FixedCount;
        request.isolation = ChildIsolation::readFrom(stream, fds, &next);
        if (!request.isolation)
            return std::nullopt;
    }
    return request;
}

} // namespace spaces
