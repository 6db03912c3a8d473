#include "Router.h"

namespace spaces {

namespace {

const QString Argument = QStringLiteral("<arg>");

} // namespace

void Router::add(QByteArrayView method, QStringView pattern, Handler handler)
{
    Route route;
    route.method = method.toByteArray();
    route.segments = pattern.toString().split(u'/');
    route.segments.removeFirst(); // before the leading '/'
    route.handler = std::move(handler);
    m_routes.push_back(std::move(route));
}

void Router::addAnswer(QByteArrayView method, QStringView pattern, Answer answer)
{
    add(method, pattern,
        [answer = std::move(answer)](const HttpRequest &request, const QStringList &arguments,
                                     HttpResponder responder) {
            responder.send(answer(request, arguments));
        });
}

std::optional<Router::Match> Router::match(const HttpRequest &request) const
{
    for (const Route &route : m_routes) {
        if (route.method != request.method || route.segments.size() != request.segments.size())
            continue;
        Match found;
        bool matches = true;
        for (qsizetype i = 0; matches && i < route.segments.size(); ++i) {
            const QString &want = route.segments[i];
            const QString &have = request.segments[i];
            if (want == Argument) {
                matches = !have.isEmpty();
                found.arguments.append(have);
            } else {
                matches = want == have;
            }
        }
        if (matches) {
            found.handler = &route.handler;
            return found;
        }
    }
    return std::nullopt;
}

} // namespace spaces
