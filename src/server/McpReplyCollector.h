#pragma once

#include "HttpResponder.h"

#include <QJsonObject>
#include <QMutex>
#include <memory>
#include <vector>

namespace spaces {

// Gathers the answers to the requests of one POST /mcp (one, or several for a JSON-RPC batch)
// as they finish, on whichever thread each finishes, and sends the HTTP response when the last
// one is in: the single answer as an object, a batch's as an array in request order.
class McpReplyCollector final
{
public:
    static std::shared_ptr<McpReplyCollector> create(HttpResponder responder, std::size_t count,
                                                     bool batch);

    // Each slot is filled once.
    void fill(std::size_t slot, const QJsonObject &answer);

private:
    McpReplyCollector(HttpResponder responder, std::size_t count, bool batch);

    QMutex m_mutex;
    HttpResponder m_responder;
    std::vector<QJsonObject> m_answers;
    std::size_t m_missing;
    bool m_batch;
};

} // namespace spaces
