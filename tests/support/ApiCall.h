#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

namespace spaces::test {

// One HTTP request to a spaces server, waited for (tests only: the product never blocks).
struct ApiReply
{
    int status = 0; // 0: no HTTP answer (connection refused, timeout)
    QByteArray body;
    QJsonObject json; // the body when it is a JSON object
    QByteArray contentType;
    QByteArray entityTag; // the ETag field, when the answer has one
    QString networkError;

    QString error() const { return json.value(QLatin1StringView("error")).toString(); }
};

class ApiCall final
{
public:
    ApiCall(QUrl base, QString token)
        : m_base(std::move(base))
        , m_token(std::move(token))
    {}

    ApiReply get(const QString &path) const;
    ApiReply post(const QString &path, const QJsonObject &body = {}) const;
    ApiReply put(const QString &path, const QJsonObject &body) const;
    ApiReply del(const QString &path) const;
    // Anything else: a raw body and headers of the caller's choosing.
    ApiReply send(const QByteArray &method, const QString &path, const QByteArray &body,
                  const QList<QPair<QByteArray, QByteArray>> &headers, int timeoutMs = 60000) const;

    ApiCall withToken(const QString &token) const { return {m_base, token}; }
    QUrl url(const QString &path) const;

private:
    ApiReply json(const QByteArray &method, const QString &path, const QJsonObject &body) const;

    QUrl m_base;
    QString m_token;
};

} // namespace spaces::test
