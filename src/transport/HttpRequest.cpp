#include "HttpRequest.h"

#include <QUrl>

namespace spaces {

QByteArray HttpRequest::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

void HttpRequest::setTarget(const QByteArray &rawTarget)
{
    target = rawTarget;
    const qsizetype question = rawTarget.indexOf('?');
    const QByteArray rawPath = question < 0 ? rawTarget : rawTarget.left(question);
    query = question < 0 ? QUrlQuery() : QUrlQuery(QString::fromUtf8(rawTarget.mid(question + 1)));
    path = QUrl::fromPercentEncoding(rawPath);
    segments.clear();
    // Split before decoding, so that an encoded '/' stays inside its segment.
    const QList<QByteArray> parts = rawPath.split('/');
    for (qsizetype i = 1; i < parts.size(); ++i)
        segments.append(QUrl::fromPercentEncoding(parts[i]));
}

} // namespace spaces
