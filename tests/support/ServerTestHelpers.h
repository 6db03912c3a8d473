#pragma once

// Small helpers shared by the spacesd integration tests (header only).
#include "ApiCall.h"
#include "SpacesdProcess.h"

#include <QByteArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QString>
#include <QStringList>
#include <QTest>
#include <memory>

namespace spaces::test {

// "status 400, body {...}" for failure messages.
inline QByteArray describeReply(const ApiReply &reply)
{
    return "status " + QByteArray::number(reply.status) + ", body " + reply.body.left(500) +
           (reply.networkError.isEmpty() ? QByteArray()
                                         : ", network error " + reply.networkError.toUtf8());
}

// A SpaceRequest for POST /api/spaces; extra fields are merged in (and win).
inline QJsonObject spaceRequest(const QString &name,
                                const QString &templateKey = QStringLiteral("blank"),
                                const QJsonObject &extra = {})
{
    QJsonObject request{{QStringLiteral("name"), name},
                        {QStringLiteral("template_id"), templateKey}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        request.insert(it.key(), it.value());
    return request;
}

// `spacesd user add NAME [flags]` on the server's data directory: the new user's token, or
// an empty string (with *error set) when the command failed.
inline QString addUser(const SpacesdProcess &server, const QString &name,
                       const QStringList &flags = {}, QString *error = nullptr)
{
    QByteArray out;
    QByteArray err;
    const int code = server.runAdminCommand(
        QStringList{QStringLiteral("user"), QStringLiteral("add"), name} + flags, &out, &err);
    if (code != 0) {
        if (error)
            *error = QStringLiteral("spacesd user add exited with %1: %2")
                         .arg(code)
                         .arg(QString::fromUtf8(err));
        return {};
    }
    return QString::fromUtf8(out).trimmed();
}

inline bool isLowercaseUuid(const QString &text)
{
    static const QRegularExpression pattern(QRegularExpression::anchoredPattern(
        QStringLiteral("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")));
    return pattern.match(text).hasMatch();
}

// Knot's sentences for the space routes, which the API tests compare against.
namespace SpaceSentence {
inline const QString NotFound = QStringLiteral("space not found");
inline const QString InvalidName = QStringLiteral("invalid name given for space");
inline const QString NameUsed = QStringLiteral("failed to save space: space name already used");
} // namespace SpaceSentence

// One custom field value as the API takes it.
inline QJsonObject fieldValue(const QString &name, const QString &value)
{
    return {{QStringLiteral("name"), name}, {QStringLiteral("value"), value}};
}

// A started spacesd and three callers: the admin (from server.json), a plain user named
// "plain" (UseSpaces) and a user named "manager" (ManageSpaces), with the admin's and the
// plain user's ids.
struct ApiFixture
{
    std::unique_ptr<SpacesdProcess> server;
    std::unique_ptr<ApiCall> admin;
    std::unique_ptr<ApiCall> user;
    std::unique_ptr<ApiCall> manager;
    QString adminId;
    QString userId;

    bool start(QString *error)
    {
        server = std::make_unique<SpacesdProcess>();
        if (!server->start(error))
            return false;
        admin = std::make_unique<ApiCall>(server->url(), server->token());
        const QString userToken = addUser(*server, QStringLiteral("plain"), {}, error);
        const QString managerToken =
            addUser(*server, QStringLiteral("manager"), {QStringLiteral("--manage")}, error);
        if (userToken.isEmpty() || managerToken.isEmpty())
            return false;
        user = std::make_unique<ApiCall>(admin->withToken(userToken));
        manager = std::make_unique<ApiCall>(admin->withToken(managerToken));
        const QString whoami = QStringLiteral("/api/users/whoami");
        adminId = admin->get(whoami).json.value(QStringLiteral("user_id")).toString();
        userId = user->get(whoami).json.value(QStringLiteral("user_id")).toString();
        if (!isLowercaseUuid(adminId) || !isLowercaseUuid(userId)) {
            *error = QStringLiteral("whoami did not answer the users' ids");
            return false;
        }
        return true;
    }

    // Creates a space as the admin and returns its id (empty on failure, which the caller
    // checks).
    QString createAsAdmin(const QJsonObject &request) const
    {
        const ApiReply reply = admin->post(QStringLiteral("/api/spaces"), request);
        return reply.status == 201 ? reply.json.value(QStringLiteral("space_id")).toString()
                                   : QString();
    }

    // The server's exit code after SIGTERM (0 when it stopped cleanly).
    int stop()
    {
        const int code = server ? server->terminate() : 0;
        server.reset();
        return code;
    }
};

} // namespace spaces::test

// Checks a reply's status code (showing the body when it differs).
#define SPACES_COMPARE_STATUS(replyExpression, expectedStatus)                                     \
    do {                                                                                           \
        const ::spaces::test::ApiReply statusReply_ = (replyExpression);                           \
        QVERIFY2(statusReply_.status == (expectedStatus),                                          \
                 ::spaces::test::describeReply(statusReply_).constData());                         \
    } while (false)

// Checks an error reply: the status, the exact sentence and that it is JSON.
#define SPACES_COMPARE_ERROR(replyExpression, expectedStatus, expectedSentence)                    \
    do {                                                                                           \
        const ::spaces::test::ApiReply errorReply_ = (replyExpression);                            \
        QVERIFY2(errorReply_.status == (expectedStatus),                                           \
                 ::spaces::test::describeReply(errorReply_).constData());                          \
        QCOMPARE(errorReply_.error(), QString(expectedSentence));                                  \
        QVERIFY2(errorReply_.contentType.startsWith("application/json"),                           \
                 errorReply_.contentType.constData());                                             \
    } while (false)
