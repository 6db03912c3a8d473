#include "McpReplyCollector.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace spaces {

std::shared_ptr<McpReplyCollector> McpReplyCollector::create(HttpResponder responder,
                                                             std::size_t count, bool batch)
{
    return std::shared_ptr<McpReplyCollector>(
        new McpReplyCollector(std::move(responder), count, batch));
}

McpReplyCollector::McpReplyCollector(HttpResponder responder, std::size_t count, bool batch)
    : m_responder(std::move(responder))
    , m_answers(count)
    , m_missing(count)
    , m_batch(batch)
{}

void McpReplyCollector::fill(std::size_t slot, const QJsonObject &answer)
{
    QByteArray body;
    {
        const QMutexLocker lock(&m_mutex);
        if (slot >= m_answers.size() || m_missing == 0)
            return;
        m_answers[slot] = answer;
        if (--m_missing > 0)
            return;
        if (m_batch) {
            QJsonArray answers;
            for (const QJsonObject &each : m_answers)
                answers.append(each);
            body = QJsonDocument(answers).toJson(QJsonDocument::Compact);
        } else {
            body = QJsonDocument(m_answers.front()).toJson(QJsonDocument::Compact);
        }
    }
    // Only the thread that filled the last slot gets here, once.
    HttpResponse response;
    response.body = std::move(body);
    m_responder.send(std::move(response));
}

} // namespace spaces
