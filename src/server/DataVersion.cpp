#include "DataVersion.h"

#include <QCryptographicHash>
#include <QList>
#include <QRandomGenerator>
#include <atomic>

namespace spaces {

namespace {

std::atomic<quint64> version{1};

QByteArray serverRun()
{
    static const QByteArray run = QByteArray::number(QRandomGenerator::system()->generate64(), 36);
    return run;
}

// The opaque part of a tag, without W/ and quotes.
QByteArrayView opaque(QByteArrayView tag)
{
    tag = tag.trimmed();
    if (tag.startsWith("W/"))
        tag = tag.sliced(2);
    if (tag.size() >= 2 && tag.startsWith('"') && tag.endsWith('"'))
        tag = tag.sliced(1, tag.size() - 2);
    return tag;
}

} // namespace

void DataVersion::bump()
{
    version.fetch_add(1, std::memory_order_acq_rel);
}

quint64 DataVersion::current()
{
    return version.load(std::memory_order_acquire);
}

QByteArray DataVersion::entityTag(quint64 at, QStringView scope)
{
    const QByteArray scopeHash =
        QCryptographicHash::hash(scope.toUtf8(), QCryptographicHash::Sha1).toHex().left(12);
    return QByteArray("W/\"") + serverRun() + '-' + QByteArray::number(at) + '-' + scopeHash + '"';
}

bool DataVersion::matches(const QByteArray &ifNoneMatch, const QByteArray &tag)
{
    if (ifNoneMatch.trimmed() == "*")
        return true;
    const QByteArrayView wanted = opaque(tag);
    for (const QByteArray &candidate : ifNoneMatch.split(',')) {
        if (opaque(candidate) == wanted)
            return true;
    }
    return false;
}

} // namespace spaces
