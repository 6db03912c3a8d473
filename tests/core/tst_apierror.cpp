// ApiError: reading the error bodies Knot and spacesd send (JSON, plain text, nothing, HTML)
// and writing spacesd's own {"error":"..."}.

#include "ApiError.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using spaces::ApiError;

namespace {

QString noExplanation(int status)
{
    return u"The server answered with status %1 and no explanation"_s.arg(status);
}

} // namespace

class TestApiError final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fromBody_data();
    void fromBody();

    void isError_data();
    void isError();

    void factories();

    void kind_data();
    void kind();

    void toJson_data();
    void toJson();
    void toJsonRoundTrip_data();
    void toJsonRoundTrip();
};

void TestApiError::fromBody_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("message");

    // JSON bodies: {"error":...} first, {"message":...} second.
    QTest::newRow("error") << 404 << QByteArray(R"({"error":"space not found"})")
                           << u"space not found"_s;
    QTest::newRow("error, pretty-printed")
        << 400 << QByteArray("{\n  \"error\": \"invalid name given for space\"\n}\n")
        << u"invalid name given for space"_s;
    QTest::newRow("error with other fields")
        << 423 << QByteArray(R"({"code":423,"error":"space cannot be deleted","status":false})")
        << u"space cannot be deleted"_s;
    QTest::newRow("message") << 400 << QByteArray(R"({"message":"Invalid local port"})")
                             << u"Invalid local port"_s;
    QTest::newRow("error wins over message")
        << 409 << QByteArray(R"({"message":"second","error":"first"})") << u"first"_s;
    QTest::newRow("empty error falls back to message")
        << 400 << QByteArray(R"({"error":"","message":"description too long"})")
        << u"description too long"_s;
    QTest::newRow("non-string error falls back to message")
        << 400 << QByteArray(R"({"error":42,"message":"bad request"})") << u"bad request"_s;
    QTest::newRow("escapes and unicode")
        << 400 << QByteArray(R"({"error":"custom field 'caf\u00e9' not \"defined\"\nin template"})")
        << u"custom field 'café' not \"defined\"\nin template"_s;
    QTest::newRow("UTF-8 in JSON") << 404 << QByteArray(R"({"error":"espace « été » introuvable"})")
                                   << u"espace « été » introuvable"_s;
    QTest::newRow("message is kept untrimmed")
        << 400 << QByteArray(R"({"error":"  padded  "})") << u"  padded  "_s;

    // JSON without a sentence is never shown raw.
    QTest::newRow("empty object") << 500 << QByteArray("{}") << noExplanation(500);
    QTest::newRow("non-string error only")
        << 500 << QByteArray(R"({"error":{"code":5}})") << noExplanation(500);
    QTest::newRow("null error") << 500 << QByteArray(R"({"error":null})") << noExplanation(500);
    QTest::newRow("JSON array") << 500 << QByteArray(R"(["space not found"])")
                                << noExplanation(500);
    QTest::newRow("other fields only")
        << 503 << QByteArray(R"({"status":false,"code":503})") << noExplanation(503);

    // Malformed JSON is not shown raw either.
    QTest::newRow("unterminated JSON")
        << 400 << QByteArray(R"({"error":"space not fo)") << noExplanation(400);
    QTest::newRow("trailing comma") << 400 << QByteArray(R"({"error":"x",})") << noExplanation(400);
    QTest::newRow("JSON and garbage")
        << 400 << QByteArray(R"({"error":"x"} garbage)") << noExplanation(400);

    // Plain text, as Go's http.Error writes it (with a trailing newline).
    QTest::newRow("plain text") << 404 << QByteArray("space not found\n") << u"space not found"_s;
    QTest::newRow("plain text, surrounding whitespace")
        << 500 << QByteArray("  \r\n\tPort forward not found \r\n") << u"Port forward not found"_s;
    QTest::newRow("Go's 404 page")
        << 404 << QByteArray("404 page not found\n") << u"404 page not found"_s;
    QTest::newRow("plain text, UTF-8") << 400 << QByteArray("nom « invalide » pour l’espace\n")
                                       << u"nom « invalide » pour l’espace"_s;
    QTest::newRow("plain text, two lines")
        << 500 << QByteArray("first line\nsecond line\n") << u"first line\nsecond line"_s;
    QTest::newRow("plain text that starts with a bracket")
        << 500 << QByteArray("[relay] connection refused\n") << u"[relay] connection refused"_s;

    // Empty bodies get a sentence naming the status.
    QTest::newRow("empty 500") << 500 << QByteArray() << noExplanation(500);
    QTest::newRow("empty 404") << 404 << QByteArray() << noExplanation(404);
    QTest::newRow("whitespace only 502") << 502 << QByteArray(" \r\n\t\n") << noExplanation(502);

    // HTML pages (proxies, load balancers) are not shown raw.
    QTest::newRow("HTML page")
        << 502
        << QByteArray("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
                      "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
                      "</body>\r\n</html>\r\n")
        << noExplanation(502);
    QTest::newRow("HTML with doctype after blank lines")
        << 503 << QByteArray("\n\n<!DOCTYPE html><html><body>Service Unavailable</body></html>")
        << noExplanation(503);
}

void TestApiError::fromBody()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QString, message);

    const ApiError error = ApiError::fromBody(status, body);
    QCOMPARE(error.status, status);
    QCOMPARE(error.message, message);
    QVERIFY(error.isError());
}

void TestApiError::isError_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("message");
    QTest::addColumn<bool>("isError");

    QTest::newRow("default") << 0 << QString() << false;
    QTest::newRow("200 without message") << 200 << QString() << false;
    QTest::newRow("399 without message") << 399 << QString() << false;
    QTest::newRow("400 without message") << 400 << QString() << true;
    QTest::newRow("500 without message") << 500 << QString() << true;
    QTest::newRow("no status, a message") << 0 << u"connection refused"_s << true;
    QTest::newRow("200 with a message") << 200 << u"unexpected answer"_s << true;
}

void TestApiError::isError()
{
    QFETCH(int, status);
    QFETCH(QString, message);
    QFETCH(bool, isError);
    QCOMPARE((ApiError{status, message}.isError()), isError);
}

void TestApiError::factories()
{
    QCOMPARE(ApiError::badRequest(u"description too long"_s),
             (ApiError{400, u"description too long"_s}));
    QCOMPARE(ApiError::unauthorized(), (ApiError{401, u"Authentication token is not valid"_s}));
    QCOMPARE(ApiError::forbidden(u"No permission to manage or use spaces"_s),
             (ApiError{403, u"No permission to manage or use spaces"_s}));
    QCOMPARE(ApiError::notFound(u"space not found"_s), (ApiError{404, u"space not found"_s}));
    QCOMPARE(ApiError::conflict(u"local port in use"_s), (ApiError{409, u"local port in use"_s}));
    QCOMPARE(ApiError::locked(u"space cannot be deleted"_s),
             (ApiError{423, u"space cannot be deleted"_s}));

    // The 401 body is exactly the one API.md gives.
    QCOMPARE(ApiError::unauthorized().toJson(),
             QByteArray(R"({"error":"Authentication token is not valid"})"));
    QVERIFY((ApiError{404, u"x"_s} != ApiError{400, u"x"_s}));
    QVERIFY((ApiError{404, u"x"_s} != ApiError{404, u"y"_s}));
}

void TestApiError::toJson_data()
{
    QTest::addColumn<QString>("message");
    QTest::addColumn<QByteArray>("json");

    QTest::newRow("plain") << u"space not found"_s << QByteArray(R"({"error":"space not found"})");
    QTest::newRow("empty") << QString() << QByteArray(R"({"error":""})");
    QTest::newRow("quotes") << u"custom field \"x\" not defined"_s
                            << QByteArray(R"({"error":"custom field \"x\" not defined"})");
    QTest::newRow("newline and tab")
        << u"line one\nline\ttwo"_s << QByteArray(R"({"error":"line one\nline\ttwo"})");
    QTest::newRow("backslash") << u"C:\\path"_s << QByteArray(R"({"error":"C:\\path"})");
    QTest::newRow("control character")
        << u"bell\u0007"_s << QByteArray(R"({"error":"bell\u0007"})");
    QTest::newRow("unicode as UTF-8")
        << u"café 日本 🚀"_s << QByteArray(R"({"error":"café 日本 🚀"})");
}

void TestApiError::toJson()
{
    QFETCH(QString, message);
    QFETCH(QByteArray, json);
    QCOMPARE((ApiError{400, message}.toJson()), json);
}

void TestApiError::toJsonRoundTrip_data()
{
    QTest::addColumn<QString>("message");

    QTest::newRow("plain") << u"space cannot be started"_s;
    QTest::newRow("quotes") << u"\"quoted\" and 'single'"_s;
    QTest::newRow("newlines") << u"first\nsecond\r\nthird"_s;
    QTest::newRow("backslashes") << u"\\n is not a newline \\"_s;
    QTest::newRow("unicode") << u"espace « été » 日本 ｓｐａｃｅ 🚀"_s;
    QTest::newRow("JSON inside") << u"{\"error\":\"nested\"}"_s;
    QTest::newRow("HTML inside") << u"<b>bold</b>"_s;
    QTest::newRow("surrounding whitespace") << u"  padded\n"_s;
}

void TestApiError::toJsonRoundTrip()
{
    QFETCH(QString, message);
    const ApiError original{409, message};
    const QByteArray body = original.toJson();

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    QCOMPARE(parseError.error, QJsonParseError::NoError);
    QVERIFY(document.isObject());
    QCOMPARE(document.object().keys(), QStringList{u"error"_s});
    QCOMPARE(document.object().value(u"error"_s).toString(), message);

    QCOMPARE(ApiError::fromBody(409, body), original);
}

void TestApiError::kind_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("transport");
    QTest::addColumn<int>("kind");
    using Kind = ApiError::Kind;
    const auto row = [](const char *name, int status, const QString &message, Kind transport,
                        Kind kind) {
        QTest::newRow(name) << status << message << int(transport) << int(kind);
    };
    row("no error", 0, QString(), Kind::None, Kind::None);
    row("400 validation", 400, u"invalid name given for space"_s, Kind::None, Kind::BadRequest);
    row("400 not running (run-command)", 400, u"Space is not running"_s, Kind::None,
        Kind::NotRunning);
    row("401", 401, u"Authentication token is not valid"_s, Kind::None, Kind::Unauthorized);
    row("403", 403, u"No permission to manage or use spaces"_s, Kind::None, Kind::Forbidden);
    row("404", 404, u"space not found"_s, Kind::None, Kind::NotFound);
    row("409 port taken", 409, u"local port 8080 is already in use"_s, Kind::None, Kind::Conflict);
    row("409 not running (forward)", 409, u"space 'a' is not running"_s, Kind::None,
        Kind::NotRunning);
    row("423 wrong state", 423, u"space cannot be deleted"_s, Kind::None, Kind::Conflict);
    row("503 not running (script)", 503, u"Space is not running"_s, Kind::None, Kind::NotRunning);
    row("500", 500, u"failed to start space"_s, Kind::None, Kind::Server);
    row("502", 502, u"bad gateway"_s, Kind::None, Kind::Server);
    row("network", 0, u"Cannot reach the server"_s, Kind::Network, Kind::Network);
    row("no status but a sentence", 0, u"connection refused"_s, Kind::None, Kind::Network);
    row("timeout", 0, u"The server did not answer"_s, Kind::Timeout, Kind::Timeout);
    row("bad response wins over status", 200, u"not JSON"_s, Kind::BadResponse, Kind::BadResponse);
    row("other 4xx", 418, u"teapot"_s, Kind::None, Kind::BadRequest);
}

void TestApiError::kind()
{
    QFETCH(int, status);
    QFETCH(QString, message);
    QFETCH(int, transport);
    QFETCH(int, kind);
    const ApiError error{status, message, ApiError::Kind(transport)};
    QCOMPARE(int(error.kind()), kind);
}

QTEST_APPLESS_MAIN(TestApiError)

#include "tst_apierror.moc"
