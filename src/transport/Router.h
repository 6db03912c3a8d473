#pragma once

#include "HttpRequest.h"
#include "HttpResponder.h"
#include "HttpResponse.h"

#include <QStringList>
#include <functional>
#include <optional>
#include <vector>

namespace spaces {

// Method and path patterns ("/api/spaces/<arg>/start") to handlers. `<arg>` stands for one
// non-empty path segment, handed to the handler percent-decoded.
class Router final
{
public:
    using Handler =
        std::function<void(const HttpRequest &, const QStringList &arguments, HttpResponder)>;
    using Answer = std::function<HttpResponse(const HttpRequest &, const QStringList &arguments)>;

    void add(QByteArrayView method, QStringView pattern, Handler handler);
    // For routes that answer at once.
    void addAnswer(QByteArrayView method, QStringView pattern, Answer answer);

    struct Match
    {
        const Handler *handler = nullptr;
        QStringList arguments;
    };
    std::optional<Match> match(const HttpRequest &request) const;

private:
    struct Route
    {
        QByteArray method;
        QStringList segments;
        Handler handler;
    };
    std::vector<Route> m_routes;
};

} // namespace spaces
