#include "ManySpaces.h"

#include "RawHttpConnection.h"
#include "SpacesdProcess.h"

#include <algorithm>

namespace spaces::bench {

bool ManySpaces::create(const test::SpacesdProcess &server, int count)
{
    test::RawHttpConnection connection(server.url());
    const QByteArray auth = "Authorization: Bearer " + server.token().toUtf8() + "\r\n";
    constexpr int Batch = 16;
    for (int first = 0; first < count; first += Batch) {
        QByteArray batch;
        const int size = std::min(Batch, count - first);
        for (int i = 0; i < size; ++i) {
            const QByteArray body = "{\"name\":\"space-" + QByteArray::number(first + i) +
                                    "\",\"template_id\":\"blank\",\"description\":\"a space "
                                    "of the benchmark\"}";
            batch += "POST /api/spaces HTTP/1.1\r\nHost: bench\r\n" + auth +
                     "Content-Type: application/json\r\nContent-Length: " +
                     QByteArray::number(body.size()) + "\r\n\r\n" + body;
        }
        if (!connection.send(batch))
            return false;
        for (int i = 0; i < size; ++i) {
            if (connection.readResponse().status != 201)
                return false;
        }
    }
    return true;
}

QByteArray ManySpaces::get(const test::SpacesdProcess &server, const QByteArray &path)
{
    return "GET " + path + " HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer " +
           server.token().toUtf8() + "\r\n\r\n";
}

} // namespace spaces::bench
