#pragma once

#include <QByteArray>
#include <QString>

namespace spaces {

// An error as the API reports it: the HTTP status and the server's own sentence, which is
// what the user gets to read.
struct ApiError
{
    // What went wrong, for code that must react differently (retry, reconnect, ask to start
    // the space); the user reads `message`.
    enum class Kind
    {
        None,
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
        Conflict,    // 409, and 423 for a space in the wrong state
        NotRunning,  // the space must be running first
        NotReady,    // running, but its agent is not connected yet: try again shortly (Knot)
        Server,      // 5xx
        Network,     // no HTTP answer: refused, reset, DNS, TLS
        Timeout,     // no answer in time
        BadResponse, // an answer that is not what the API promises
    };

    int status = 0; // 0 when there was no HTTP answer
    QString message;
    Kind transportKind = Kind::None; // set for Network, Timeout and BadResponse

    // The kind: transportKind when set, else derived from the status and the sentence.
    Kind kind() const;

    bool isError() const { return status >= 400 || !message.isEmpty(); }

    // {"error":"<message>"}
    QByteArray toJson() const;
    // Reads Knot's JSON error bodies and its plain-text ones alike; an empty body gets a
    // sentence of its own so the user never sees a blank error.
    static ApiError fromBody(int status, const QByteArray &body);

    static ApiError network(const QString &message) { return {0, message, Kind::Network}; }
    static ApiError timeout(const QString &message) { return {0, message, Kind::Timeout}; }
    static ApiError badResponse(int status, const QString &message)
    {
        return {status, message, Kind::BadResponse};
    }
    static ApiError badRequest(const QString &message) { return {400, message}; }
    static ApiError unauthorized()
    {
        return {401, QStringLiteral("Authentication token is not valid")};
    }
    static ApiError forbidden(const QString &message) { return {403, message}; }
    static ApiError notFound(const QString &message) { return {404, message}; }
    static ApiError conflict(const QString &message) { return {409, message}; }
    static ApiError locked(const QString &message) { return {423, message}; }

    friend bool operator==(const ApiError &, const ApiError &) = default;
};

} // namespace spaces
