// bench_mcp: the MCP path against the REST path for the same answer, on a real spacesd with
// 1,000 spaces of one user. In one run, interleaved request by request on two keep-alive
// connections of the same raw HTTP client, it times
//  - rest: GET /api/spaces (the anchor: what the app and spacectl call), and
//  - mcp:  POST /mcp tools/call list_spaces in an initialized session (in-process service
//          call, JSON-RPC framing, the list as text and as structuredContent),
// checks that both name all 1,000 spaces, and reports per round the median latency of each,
// the ratio mcp/rest, and over the rounds the median, best and worst ratio (the noise).
//
//   cmake --build build --target bench_mcp spacesd && ./build/bench/bench_mcp [spaces] [rounds]
//   [calls per round]
#include "ApiCall.h"
#include "RawHttpConnection.h"
#include "SpacesdProcess.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <cstdio>
#include <vector>

using namespace spaces::test;
using namespace Qt::StringLiterals;

namespace {

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    const std::size_t middle = values.size() / 2;
    return values.size() % 2 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

QByteArray post(const SpacesdProcess &server, const QByteArray &body, const QByteArray &session)
{
    QByteArray head = "POST /mcp HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer " +
                      server.token().toUtf8() +
                      "\r\nContent-Type: application/json\r\nAccept: application/json, "
                      "text/event-stream\r\nContent-Length: " +
                      QByteArray::number(body.size()) + "\r\n";
    if (!session.isEmpty())
        head += "Mcp-Session-Id: " + session + "\r\nMCP-Protocol-Version: 2025-06-18\r\n";
    return head + "\r\n" + body;
}

// One request on a kept-alive connection: the answer, or status 0.
RawHttpConnection::Response exchange(RawHttpConnection &connection, const QByteArray &request)
{
    if (!connection.send(request))
        return {};
    return connection.readResponse(60000);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = app.arguments();
    const int count = arguments.size() > 1 ? arguments.at(1).toInt() : 1000;
    const int rounds = arguments.size() > 2 ? arguments.at(2).toInt() : 5;
    const int calls = arguments.size() > 3 ? arguments.at(3).toInt() : 40;
    if (count < 1 || rounds < 1 || calls < 1) {
        std::fprintf(stderr, "usage: bench_mcp [spaces >= 1] [rounds >= 1] [calls >= 1]\n");
        return 2;
    }
    SpacesdProcess server;
    QString error;
    if (!server.start(&error)) {
        std::fprintf(stderr, "spacesd did not start: %s\n", qPrintable(error));
        return 1;
    }
    const ApiCall admin(server.url(), server.token());
    for (int i = 0; i < count; ++i) {
        const ApiReply created = admin.post(
            u"/api/spaces"_s, {{u"name"_s, u"bench-%1"_s.arg(i)},
                               {u"template_id"_s, u"blank"_s},
                               {u"description"_s, u"Space %1 of the MCP benchmark"_s.arg(i)}});
        if (created.status != 201) {
            std::fprintf(stderr, "create %d: %d %s\n", i, created.status, created.body.constData());
            return 1;
        }
    }

    RawHttpConnection rest(server.url());
    RawHttpConnection mcp(server.url());
    const RawHttpConnection::Response opened = exchange(
        mcp,
        post(
            server,
            R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}})",
            {}));
    const QByteArray session = opened.header("Mcp-Session-Id");
    if (opened.status != 200 || session.isEmpty()) {
        std::fprintf(stderr, "initialize failed: %d %s\n", opened.status, opened.body.constData());
        return 1;
    }
    const QByteArray listRest =
        "GET /api/spaces HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer " +
        server.token().toUtf8() + "\r\n\r\n";
    const QByteArray listMcp = post(
        server,
        R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"list_spaces","arguments":{}}})",
        session);

    std::printf("%d spaces, %d rounds of %d calls each path, interleaved\n", count, rounds, calls);
    std::printf("| round | rest median ms | mcp median ms | mcp/rest |\n|---|---|---|---|\n");
    std::vector<double> ratios;
    std::vector<double> allRest;
    std::vector<double> allMcp;
    qsizetype restBytes = 0;
    qsizetype mcpBytes = 0;
    for (int round = 0; round < rounds; ++round) {
        std::vector<double> restTimes;
        std::vector<double> mcpTimes;
        for (int call = 0; call < calls; ++call) {
            QElapsedTimer timer;
            timer.start();
            const RawHttpConnection::Response restAnswer = exchange(rest, listRest);
            restTimes.push_back(double(timer.nsecsElapsed()) / 1e6);
            timer.restart();
            const RawHttpConnection::Response mcpAnswer = exchange(mcp, listMcp);
            mcpTimes.push_back(double(timer.nsecsElapsed()) / 1e6);
            if (call == 0) {
                // Both must carry the whole list, every round.
                const int restCount = QJsonDocument::fromJson(restAnswer.body)
                                          .object()
                                          .value("spaces"_L1)
                                          .toArray()
                                          .size();
                const int mcpCount = QJsonDocument::fromJson(mcpAnswer.body)
                                         .object()
                                         .value("result"_L1)["structuredContent"_L1]["spaces"_L1]
                                         .toArray()
                                         .size();
                if (restAnswer.status != 200 || mcpAnswer.status != 200 || restCount != count ||
                    mcpCount != count) {
                    std::fprintf(stderr, "wrong answers: rest %d (%d spaces), mcp %d (%d)\n",
                                 restAnswer.status, restCount, mcpAnswer.status, mcpCount);
                    return 1;
                }
                restBytes = restAnswer.body.size();
                mcpBytes = mcpAnswer.body.size();
            }
        }
        const double restMedian = median(restTimes);
        const double mcpMedian = median(mcpTimes);
        ratios.push_back(mcpMedian / restMedian);
        allRest.insert(allRest.end(), restTimes.begin(), restTimes.end());
        allMcp.insert(allMcp.end(), mcpTimes.begin(), mcpTimes.end());
        std::printf("| %d | %.2f | %.2f | %.2f |\n", round + 1, restMedian, mcpMedian,
                    mcpMedian / restMedian);
    }
    std::printf("\nall calls: rest median %.2f ms (best %.2f), mcp median %.2f ms (best %.2f)\n",
                median(allRest), *std::min_element(allRest.begin(), allRest.end()), median(allMcp),
                *std::min_element(allMcp.begin(), allMcp.end()));
    std::printf("mcp/rest ratio over rounds: median %.2f, best %.2f, worst %.2f\n", median(ratios),
                *std::min_element(ratios.begin(), ratios.end()),
                *std::max_element(ratios.begin(), ratios.end()));
    std::printf("answer bytes: rest %lld, mcp %lld\n", static_cast<long long>(restBytes),
                static_cast<long long>(mcpBytes));
    return server.terminate() == 0 ? 0 : 1;
}
