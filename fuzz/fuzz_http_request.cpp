// libFuzzer target: arbitrary bytes through the transport's request parsing (Beast's parser
// with spacesd's limits, then RequestFraming's strict checks), the route table and the
// validation a route applies to what it finds in the path and body.
//   scripts/fuzz.sh 60        bounded run (CI); scripts/fuzz.sh 3600 for a long one
#include "HttpLimits.h"
#include "HttpRequest.h"
#include "RequestFraming.h"
#include "Router.h"
#include "Validation.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <boost/asio/buffer.hpp>
#include <cstddef>
#include <cstdint>

using namespace spaces;

namespace {

// The patterns spacesd serves (src/server/*Routes.cpp install()).
const Router &apiRoutes()
{
    static const Router router = [] {
        Router routes;
        const auto none = [](const HttpRequest &, const QStringList &) {
            return HttpResponse{};
        };
        for (const auto &[method, pattern] :
             std::initializer_list<std::pair<const char *, const char16_t *>>{
                 {"GET", u"/api/spaces"},
                 {"POST", u"/api/spaces"},
                 {"GET", u"/api/spaces/<arg>"},
                 {"PUT", u"/api/spaces/<arg>"},
                 {"DELETE", u"/api/spaces/<arg>"},
                 {"POST", u"/api/spaces/<arg>/start"},
                 {"POST", u"/api/spaces/<arg>/stop"},
                 {"POST", u"/api/spaces/<arg>/restart"},
                 {"PUT", u"/api/spaces/<arg>/custom-field"},
                 {"GET", u"/api/spaces/<arg>/custom-field/<arg>"},
                 {"POST", u"/api/spaces/<arg>/run-command"},
                 {"POST", u"/api/spaces/<arg>/execute-script"},
                 {"POST", u"/space-io/<arg>/port/forward"},
                 {"GET", u"/space-io/<arg>/port/list"},
                 {"POST", u"/space-io/<arg>/port/stop"},
                 {"GET", u"/api/templates"},
                 {"POST", u"/api/templates"},
                 {"GET", u"/api/scripts"},
                 {"POST", u"/api/scripts"},
                 {"GET", u"/api/users/whoami"},
                 {"GET", u"/api/ping"},
                 {"GET", u"/api/events"},
             }) {
            routes.addAnswer(method, QStringView(pattern), none);
        }
        return routes;
    }();
    return router;
}

void validate(const HttpRequest &request)
{
    const std::optional<Router::Match> match = apiRoutes().match(request);
    if (!match)
        return;
    for (const QString &argument : match->arguments) {
        (void)Validation::checkSpaceName(argument);
        (void)Validation::checkCustomFieldName(argument);
    }
    const QJsonObject body = QJsonDocument::fromJson(request.body).object();
    (void)Validation::checkDescription(body.value(QLatin1StringView("description")).toString());
    (void)Validation::checkShell(body.value(QLatin1StringView("shell")).toString(), true);
    (void)Validation::checkLocalPort(body.value(QLatin1StringView("local_port")).toInteger());
    (void)request.query.queryItemValue(QStringLiteral("user_id"));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    HttpLimits limits;
    limits.maxHeaderBytes = 4096; // small limits reach the limit paths with small inputs
    limits.maxHeaderCount = 20;
    limits.maxBodyBytes = 4096;
    RequestFraming::Parser parser;
    RequestFraming::prepare(parser, limits);
    parser.eager(false);
    boost::system::error_code error;
    std::size_t used = 0;
    // The head first, as the connection reads it.
    while (!error && used < size && !parser.is_header_done()) {
        const std::size_t consumed =
            parser.put(boost::asio::buffer(data + used, size - used), error);
        if (consumed == 0)
            break;
        used += consumed;
    }
    if (error || !parser.is_header_done()) {
        (void)RequestFraming::parseError(error);
        return 0;
    }
    if (RequestFraming::check(parser.get(), limits))
        return 0;
    HttpRequest request = RequestFraming::describe(parser, QHostAddress::LocalHost);
    const auto length = parser.content_length();
    if (length && *length > limits.maxBodyBytes) {
        (void)RequestFraming::bodyTooLarge(limits);
        return 0;
    }
    parser.body_limit(limits.maxBodyBytes);
    parser.eager(true);
    while (!error && used < size && !parser.is_done()) {
        const std::size_t consumed =
            parser.put(boost::asio::buffer(data + used, size - used), error);
        if (consumed == 0)
            break;
        used += consumed;
    }
    if (!error && parser.is_done()) {
        const std::string &body = parser.get().body();
        request.body = QByteArray(body.data(), qsizetype(body.size()));
    }
    validate(request);
    return 0;
}
