#pragma once

#include <QByteArray>
#include <QString>

namespace spaces {

// An error as the API reports it: the HTTP status and the server's own sentence, which is
// what the user gets to read.
struct ApiError
{
    int status = 0;
    QString message;

    bool isError() const { return status >= 400 || !message.isEmpty(); }

    // {"error":"<message>"}
    QByteArray toJson() const;
    // Reads Knot's JSON error bodies and its plain-text ones alike; an empty body gets a
    // sentence of its own so the user never sees a blank error.
    static ApiError fromBody(int status, const QByteArray &body);

    static ApiError badRequest(const QString &message) { return {400, message}; }
    static ApiError unauthorized() { return {401, QStringLiteral("Authentication token is not valid")}; }
    static ApiError forbidden(const QString &message) { return {403, message}; }
    static ApiError notFound(const QString &message) { return {404, message}; }
    static ApiError conflict(const QString &message) { return {409, message}; }
    static ApiError locked(const QString &message) { return {423, message}; }

    friend bool operator==(const ApiError &, const ApiError &) = default;
};

} // namespace spaces
