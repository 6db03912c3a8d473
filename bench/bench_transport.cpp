// bench_transport: what spacesd's transport costs under the load of issue 8, on a real spacesd.
// In one run it measures
//  - memory: the server's peak RSS (VmHWM) before and after a 500 MiB request body sent
//    without a token, how long the 401 took and how much was sent before the server closed;
//  - connections held: 1,000 idle connections opened against the default cap (512) and
//    against a raised cap (2,000): how many the server kept open;
//  - ping latency: the median of `pings` keep-alive GET /api/ping with no other connection
//    open and with 1,000 idle connections open, interleaved run by run, and their ratio;
//  - with SPACES_BENCH_LIST=1, a server of 10,000 spaces: the server time of GET /api/spaces
//    (its first byte: the head is sent only once the whole body is written) against the
//    anchor, GET of one space, and pings while lists are served.
//
//   cmake --build build --target bench_transport spacesd && ./build/bench/bench_transport [runs]
//   [pings]
#include "ManySpaces.h"
#include "RawHttpConnection.h"
#include "SpacesdProcess.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <functional>
#include <memory>
#include <sys/resource.h>
#include <thread>
#include <vector>

using namespace spaces::test;
using spaces::bench::ManySpaces;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 MiB = 1024 * 1024;

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    const std::size_t middle = values.size() / 2;
    return values.size() % 2 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

bool startServer(SpacesdProcess &server, const QStringList &arguments)
{
    QString error;
    if (!server.start(&error, arguments)) {
        std::fprintf(stderr, "spacesd did not start: %s\n", qPrintable(error));
        return false;
    }
    return true;
}

QByteArray ping(const SpacesdProcess &server)
{
    return "GET /api/ping HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer " +
           server.token().toUtf8() + "\r\n\r\n";
}

void measureMemory(const SpacesdProcess &server)
{
    const qint64 before = server.memoryKiB("VmHWM");
    RawHttpConnection connection(server.url());
    QElapsedTimer answer;
    answer.start();
    connection.send("POST /api/spaces HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json"
                    "\r\nContent-Length: " +
                    QByteArray::number(500 * MiB) + "\r\n\r\n");
    const RawHttpConnection::Response response = connection.readResponse();
    const double answerMs = double(answer.nsecsElapsed()) / 1e6;
    const QByteArray chunk(int(MiB), 'x');
    qint64 sent = 0;
    while (sent < 500 * MiB && connection.send(chunk, 5000))
        sent += chunk.size();
    std::printf("500 MiB body without a token: %d after %.2f ms; %lld MiB sent before the close\n",
                response.status, answerMs, sent / MiB);
    std::printf("  server peak RSS (VmHWM) %lld KiB before, %lld KiB after (VmRSS now %lld KiB)\n",
                before, server.memoryKiB("VmHWM"), server.memoryKiB("VmRSS"));
}

int openIdle(const SpacesdProcess &server, int count,
             std::vector<std::unique_ptr<RawHttpConnection>> *idle)
{
    for (int i = 0; i < count; ++i)
        idle->push_back(std::make_unique<RawHttpConnection>(server.url()));
    // One answered ping shows the server has seen (and capped) every connection before it.
    RawHttpConnection probe(server.url());
    probe.send(ping(server));
    probe.readResponse();
    int open = 0;
    for (const auto &connection : *idle)
        open += connection->isOpen() && !connection->waitForClose(0) ? 1 : 0;
    return open;
}

// Keep-alive pings until `enough` says so (or `pings` when it is empty); each one's time in µs.
std::vector<double> pingTimes(const SpacesdProcess &server, int pings,
                              const std::function<bool()> &enough = {})
{
    RawHttpConnection connection(server.url());
    const QByteArray request = ping(server);
    std::vector<double> times;
    while (enough ? !enough() : int(times.size()) < pings) {
        QElapsedTimer timer;
        timer.start();
        connection.send(request);
        if (connection.readResponse().status != 200)
            break;
        times.push_back(double(timer.nsecsElapsed()) / 1000.0);
    }
    return times;
}

double percentile(std::vector<double> values, double fraction)
{
    std::sort(values.begin(), values.end());
    return values.empty() ? 0 : values[std::size_t(fraction * double(values.size() - 1))];
}

double medianPingMicroseconds(const SpacesdProcess &server, int pings)
{
    RawHttpConnection connection(server.url());
    const QByteArray request = ping(server);
    std::vector<double> times;
    for (int i = 0; i < pings; ++i) {
        QElapsedTimer timer;
        timer.start();
        connection.send(request);
        if (connection.readResponse().status != 200)
            return -1;
        times.push_back(double(timer.nsecsElapsed()) / 1000.0);
    }
    return median(times);
}

struct TimedAnswer
{
    int status = 0;
    double firstByteMs = 0; // the server's time to answer (plus one loopback round trip)
    double wholeMs = 0;     // the body read too
    QByteArray body;
};

TimedAnswer timedGet(RawHttpConnection &connection, const QByteArray &request)
{
    TimedAnswer answer;
    QElapsedTimer timer;
    timer.start();
    if (!connection.send(request) || !connection.waitForData(60000))
        return answer;
    answer.firstByteMs = double(timer.nsecsElapsed()) / 1e6;
    RawHttpConnection::Response response = connection.readResponse(60000);
    answer.wholeMs = double(timer.nsecsElapsed()) / 1e6;
    answer.status = response.status;
    answer.body = std::move(response.body);
    return answer;
}

// The 10,000-space list against its anchor, GET of one space: each run times `Lists` lists
// and, between them, `Anchors` single spaces on the same keep-alive connection; then pings on
// one connection for as long as another fetches the list three times while a third has asked
// for it and does not read.
void measureBigList(int runs, int pings)
{
    SpacesdProcess server;
    if (!startServer(server, {}))
        return;
    constexpr int Spaces = 10000;
    QElapsedTimer created;
    created.start();
    if (!ManySpaces::create(server, Spaces)) {
        std::fprintf(stderr, "creating the spaces failed\n");
        return;
    }
    const QByteArray list = ManySpaces::get(server, "/api/spaces");
    RawHttpConnection sizing(server.url());
    const TimedAnswer first = timedGet(sizing, list);
    const QJsonArray spaces =
        QJsonDocument::fromJson(first.body).object().value(u"spaces"_s).toArray();
    if (first.status != 200 || spaces.size() != Spaces) {
        std::fprintf(stderr, "the list did not come: status %d, %lld spaces\n", first.status,
                     qint64(spaces.size()));
        return;
    }
    const QByteArray one = ManySpaces::get(
        server, "/api/spaces/" + spaces.at(Spaces / 2)[u"space_id"_s].toString().toUtf8());
    std::printf("\n%d spaces created in %lld ms; one list is %lld KiB, fetched in %.1f ms\n",
                Spaces, created.elapsed(), qint64(first.body.size() / 1024), first.wholeMs);
    constexpr int Lists = 10;
    constexpr int Anchors = 5;
    std::vector<double> listRuns;
    std::vector<double> ratioRuns;
    std::vector<double> worstPingRuns;
    for (int run = 0; run < runs; ++run) {
        RawHttpConnection connection(server.url());
        std::vector<double> listFirst;
        std::vector<double> listWhole;
        std::vector<double> anchorFirst;
        for (int i = 0; i < Lists; ++i) {
            for (int a = 0; a < Anchors; ++a) {
                const TimedAnswer anchor = timedGet(connection, one);
                if (anchor.status == 200)
                    anchorFirst.push_back(anchor.firstByteMs);
            }
            const TimedAnswer answer = timedGet(connection, list);
            if (answer.status != 200 || answer.body.size() != first.body.size()) {
                std::fprintf(stderr, "a list came back with %d and %lld bytes\n", answer.status,
                             qint64(answer.body.size()));
                return;
            }
            listFirst.push_back(answer.firstByteMs);
            listWhole.push_back(answer.wholeMs);
        }
        const double listMs = median(listFirst);
        const double anchorMs = median(anchorFirst);
        listRuns.push_back(listMs);
        ratioRuns.push_back(listMs / anchorMs);
        std::printf("run %d: list server time median %.2f ms (min %.2f, max %.2f; %.2f us per "
                    "space), whole answer %.2f ms; anchor GET of one space %.3f ms; ratio %.0f\n",
                    run + 1, listMs, percentile(listFirst, 0), percentile(listFirst, 1.0),
                    listMs * 1000 / Spaces, median(listWhole), anchorMs, listMs / anchorMs);

        constexpr int Concurrent = 3;
        const std::vector<double> quiet = pingTimes(server, pings);
        std::atomic_int fetched = 0;
        RawHttpConnection slowReader(server.url(), 4096);
        slowReader.send(list);
        std::thread fetcher([&] {
            RawHttpConnection lists(server.url());
            while (fetched < Concurrent && lists.send(list) &&
                   lists.readResponse(60000).status == 200)
                ++fetched;
        });
        const std::vector<double> busy =
            pingTimes(server, pings, [&] { return fetched.load() >= Concurrent; });
        fetcher.join();
        worstPingRuns.push_back(percentile(busy, 1.0) / 1000);
        std::printf("  ping alone median %.0f / p99 %.0f / max %.0f us; while %d lists were "
                    "fetched (and one not read), %zu pings: median %.0f / p99 %.0f / max %.0f us\n",
                    percentile(quiet, 0.5), percentile(quiet, 0.99), percentile(quiet, 1.0),
                    Concurrent, busy.size(), percentile(busy, 0.5), percentile(busy, 0.99),
                    percentile(busy, 1.0));
        // The anchor is the same run's pings alone: how much longer the worst ping waited.
        std::printf("  ratio to pings alone: median %.2f, p99 %.2f, max %.2f\n",
                    percentile(busy, 0.5) / percentile(quiet, 0.5),
                    percentile(busy, 0.99) / percentile(quiet, 0.99),
                    percentile(busy, 1.0) / percentile(quiet, 1.0));
    }
    std::printf("\n%d runs: list server time best %.2f / median %.2f / worst %.2f ms (goal <= 20);"
                " ratio to GET of one space best %.0f / median %.0f / worst %.0f\n",
                runs, percentile(listRuns, 0), median(listRuns), percentile(listRuns, 1.0),
                percentile(ratioRuns, 0), median(ratioRuns), percentile(ratioRuns, 1.0));
    std::printf("longest ping while lists were served: best %.2f / median %.2f / worst %.2f ms "
                "(goal <= 2)\n",
                percentile(worstPingRuns, 0), median(worstPingRuns),
                percentile(worstPingRuns, 1.0));
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int runs = argc > 1 ? std::atoi(argv[1]) : 5;
    const int pings = argc > 2 ? std::atoi(argv[2]) : 200;
    if (runs < 1 || pings < 1) {
        std::fprintf(stderr, "usage: bench_transport [runs >= 1] [pings >= 1]\n");
        return 2;
    }
    if (qEnvironmentVariableIsEmpty("SPACES_SPACESD"))
        qputenv("SPACES_SPACESD",
                (QCoreApplication::applicationDirPath() + u"/../bin/spacesd"_s).toLocal8Bit());
    rlimit limit{};
    getrlimit(RLIMIT_NOFILE, &limit);
    limit.rlim_cur = std::min<rlim_t>(limit.rlim_max, 8192);
    setrlimit(RLIMIT_NOFILE, &limit);

    {
        SpacesdProcess server;
        if (!startServer(server, {}))
            return 1;
        measureMemory(server);
        std::vector<std::unique_ptr<RawHttpConnection>> idle;
        std::printf("1,000 idle connections, default cap: %d held open\n",
                    openIdle(server, 1000, &idle));
    }

    SpacesdProcess server;
    if (!startServer(server, {u"--max-connections"_s, u"2000"_s, u"--max-connections-per-address"_s,
                              u"2000"_s}))
        return 1;
    std::vector<double> none;
    std::vector<double> loaded;
    std::vector<double> ratios;
    int held = 0;
    for (int run = 0; run < runs; ++run) {
        const double quiet = medianPingMicroseconds(server, pings);
        std::vector<std::unique_ptr<RawHttpConnection>> idle;
        held = openIdle(server, 1000, &idle);
        const double busy = medianPingMicroseconds(server, pings);
        idle.clear();
        none.push_back(quiet);
        loaded.push_back(busy);
        ratios.push_back(busy / quiet);
        std::printf("run %d: ping median %.1f us alone, %.1f us with %d idle connections, "
                    "ratio %.2f\n",
                    run + 1, quiet, busy, held, busy / quiet);
    }
    std::sort(ratios.begin(), ratios.end());
    std::printf("\n%d runs of %d pings: median %.1f us alone, %.1f us with 1,000 idle open\n", runs,
                pings, median(none), median(loaded));
    std::printf("ratio with/without: best %.2f, median %.2f, worst %.2f\n", ratios.front(),
                median(ratios), ratios.back());
    if (qEnvironmentVariableIsSet("SPACES_BENCH_LIST"))
        measureBigList(runs, pings);
    return 0;
}
