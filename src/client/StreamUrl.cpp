#include "StreamUrl.h"

namespace spaces::StreamUrl {

QUrl webSocket(const QUrl &baseUrl, const QStringList &segments)
{
    QUrl url = baseUrl;
    url.setScheme(baseUrl.scheme() == QLatin1StringView("https") ? QStringLiteral("wss")
                                                                 : QStringLiteral("ws"));
    QString path = baseUrl.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    for (const QString &segment : segments)
        path += u'/' + QString::fromLatin1(QUrl::toPercentEncoding(segment));
    url.setPath(path, QUrl::TolerantMode);
    url.setQuery(QString());
    url.setFragment(QString());
    return url;
}

QUrl plainHttp(const QUrl &webSocketUrl)
{
    QUrl url = webSocketUrl;
    url.setScheme(webSocketUrl.scheme() == QLatin1StringView("wss") ? QStringLiteral("https")
                                                                    : QStringLiteral("http"));
    return url;
}

} // namespace spaces::StreamUrl
