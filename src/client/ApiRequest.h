#pragma once

#include "Expected.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QNetworkRequest>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>
#include <chrono>
#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

namespace spaces {

// A successful HTTP answer (2xx), before a route makes sense of its body.
struct ApiResponse
{
    int status = 0; // 2xx, or 304 for a conditional request whose answer has not changed
    QByteArray body;
    QByteArray entityTag; // the answer's ETag, when the server gave one
};

// One request, one result: sends one HTTP request, enforces its transfer timeout and turns
// whatever happens into exactly one Expected<ApiResponse>: the 2xx answer, or an ApiError
// (a 4xx/5xx with the server's own sentence, or Network, Timeout, BadResponse with a sentence
// of ours). Every SpacesClient call goes through here (cf. Nextcloud's AbstractNetworkJob).
//
// The handler runs on the event loop, never inside send(). It is not run when the context
// given was destroyed: the request is then aborted. The request deletes itself afterwards.
class ApiRequest final : public QObject
{
    Q_OBJECT

public:
    using Handler = std::function<void(const Expected<ApiResponse> &)>;

    // `context` may be null: the handler then always runs.
    ApiRequest(QObject *context, Handler handler, QObject *parent);
    ~ApiRequest() override;

    // Sends the request. No bytes moving for `timeout` (connecting, waiting for the answer,
    // receiving it) ends it with an ApiError of kind Timeout. `server` names the server in
    // sentences ("Cannot reach <server>: ...").
    void send(QNetworkAccessManager *network, const QNetworkRequest &request,
              const QByteArray &verb, const QByteArray &body, std::chrono::milliseconds timeout,
              const QUrl &server);
    // Delivers a result known without asking the network, on the next turn of the event loop.
    void finishLater(const Expected<ApiResponse> &result);
    // The same after `delay`: a wait that the client's destruction ends early, like a request.
    void finishAfter(const Expected<ApiResponse> &result, std::chrono::milliseconds delay);
    // Ends the request now with `error` (the handler runs at once if the context lives).
    void cancel(const ApiError &error);

    bool isFinished() const { return m_finished; }

    // The largest 2xx body taken in: a JSON answer of the API (10,000 spaces included) is far
    // smaller; an endless or huge one ends the call with BadResponse instead of filling memory.
    static constexpr qint64 DefaultMaxBodyBytes = 64 * 1024 * 1024;
    // Of an error answer only its start is read: enough for the sentence.
    static constexpr qint64 MaxErrorBodyBytes = 64 * 1024;
    // Set before send(); at least 1.
    void setMaxBodyBytes(qint64 bytes);

    // The API version this client speaks, sent as X-Knot-Api-Version.
    static constexpr const char *ApiVersion = "2025-03-10";
    // A request for `path` ("/api/spaces", already percent-encoded) under the server's base
    // URL (which may carry a path prefix), with the bearer token and the API version.
    static QNetworkRequest prepare(const QUrl &baseUrl, const QString &token, const QString &path,
                                   const QUrlQuery &query = {});

private:
    void onMetaData();
    void onReadyRead();
    void onFinished();
    void onTimeout();
    void onProgress();
    void onContextDestroyed();
    void finish(const Expected<ApiResponse> &result);
    void releaseReply();
    // The most of the body kept for the reply's status (2xx or not).
    qint64 bodyLimit(const QNetworkReply &reply) const;
    // Moves what has arrived into m_body, never more than one byte over the limit; false when
    // that ended the call (too large, or enough of an error answer).
    bool absorb(QNetworkReply &reply);
    // The one result for the reply's status and the body read so far.
    Expected<ApiResponse> resultOf(const QNetworkReply &reply) const;

    QPointer<QObject> m_context;
    bool m_hasContext = false;
    Handler m_handler;
    QPointer<QNetworkReply> m_reply;
    QTimer m_timer;
    std::chrono::milliseconds m_timeout{0};
    QUrl m_server;
    // What the trace says of the call (spaces.client at debug level).
    QByteArray m_verb;
    QString m_path;
    QElapsedTimer m_clock;
    qint64 m_maxBodyBytes = DefaultMaxBodyBytes;
    QByteArray m_body;
    bool m_finished = false;
};

} // namespace spaces
