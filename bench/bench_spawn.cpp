// bench_spawn: what run-command `true` costs through spacesd against fork+exec of `sh -c true`
// (the anchor), in one run, interleaved, `rounds` times of `calls` calls each. Against a real
// spacesd on a random loopback port (the one built next to it, or $SPACES_SPACESD):
//  - run-command `true` in a sandboxed space (the default platform: the command enters the
//    space's namespaces) and in an unisolated one (`"platform": "manual"`), POST until its 200;
//  - the anchor: fork(), execve("/bin/sh", "-c", "true") and waitpid() in this process;
//  - `GET /api/ping`, the HTTP round trip alone (a new connection per call, as run-command's),
//    for scale: no API call can be cheaper than that.
// spacesd's resident size is printed, since the cost of fork() grows with it.
//
//   cmake --build build --target bench_spawn spacesd && ./build/bench/bench_spawn [rounds] [calls]
#include "SpaceTestKit.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <algorithm>
#include <cstdio>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace spaces::test;
using namespace Qt::StringLiterals;

namespace {

double median(std::vector<double> values)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const std::size_t middle = values.size() / 2;
    return values.size() % 2 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

double milliseconds(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

// The anchor: what starting and reaping a shell that runs `true` costs from a small process.
double forkExec()
{
    static char shell[] = "/bin/sh";
    static char dashC[] = "-c";
    static char command[] = "true";
    char *const arguments[] = {shell, dashC, command, nullptr};
    QElapsedTimer timer;
    timer.start();
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::execve(shell, arguments, environ);
        ::_exit(127);
    }
    int status = 0;
    while (pid > 0 && ::waitpid(pid, &status, 0) < 0) {
    }
    const double elapsed = milliseconds(timer);
    return pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? elapsed : -1;
}

double runCommand(const TestServer &server, const QString &space)
{
    QElapsedTimer timer;
    timer.start();
    const ApiReply reply = server.api().post(u"/api/spaces/%1/run-command"_s.arg(space),
                                             QJsonObject{{u"command"_s, u"true"_s}});
    const double elapsed = milliseconds(timer);
    if (reply.status != 200 || !reply.json.value(u"success"_s).toBool()) {
        std::fprintf(stderr, "run-command in %s answered %d: %s\n", qPrintable(space), reply.status,
                     reply.body.constData());
        return -1;
    }
    return elapsed;
}

double ping(const TestServer &server)
{
    QElapsedTimer timer;
    timer.start();
    const ApiReply reply = server.api().get(u"/api/ping"_s);
    return reply.status == 200 ? milliseconds(timer) : -1;
}

QByteArray residentSize(qint64 pid)
{
    QFile status(u"/proc/%1/status"_s.arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return "?";
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).simplified();
    }
    return "?";
}

enum Variant
{
    Floor,
    Sandbox,
    Manual,
    Ping,
    VariantCount
};

const char *const VariantNames[VariantCount] = {"fork+exec sh -c true (anchor)",
                                                "run-command true, sandbox",
                                                "run-command true, manual", "GET /api/ping"};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int rounds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 10;
    const int calls = argc > 2 ? std::max(1, std::atoi(argv[2])) : 20;
    if (qEnvironmentVariableIsEmpty("SPACES_SPACESD"))
        qputenv("SPACES_SPACESD",
                (QCoreApplication::applicationDirPath() + u"/../bin/spacesd"_s).toLocal8Bit());

    TestServer server;
    QString error;
    if (!server.start(&error)) {
        std::fprintf(stderr, "spacesd did not start: %s\n", qPrintable(error));
        return 1;
    }
    ApiReply reply;
    const QString manualTemplate = server.createTemplate(
        {{u"name"_s, u"bench-manual"_s}, {u"platform"_s, u"manual"_s}}, &reply);
    const QString sandbox = server.createSpace(u"spawn-sandbox"_s, u"blank"_s);
    const QString manual = server.createSpace(u"spawn-manual"_s, manualTemplate);
    if (sandbox.isEmpty() || manual.isEmpty() || server.startSpace(sandbox) != 200 ||
        server.startSpace(manual) != 200) {
        std::fprintf(stderr, "could not set the spaces up: %s\n", qPrintable(reply.error()));
        return 1;
    }
    const auto measure = [&](Variant variant) {
        switch (variant) {
        case Floor:
            return forkExec();
        case Sandbox:
            return runCommand(server, sandbox);
        case Manual:
            return runCommand(server, manual);
        case Ping:
            return ping(server);
        case VariantCount:
            break;
        }
        return -1.0;
    };
    // Untimed: the first calls of each kind warm caches and the server's threads.
    for (int variant = 0; variant < VariantCount; ++variant) {
        for (int i = 0; i < 3; ++i) {
            if (measure(Variant(variant)) < 0) {
                std::fprintf(stderr, "%s failed\n", VariantNames[variant]);
                return 1;
            }
        }
    }
    std::printf("spacesd pid %lld, RSS %s; %d rounds of %d calls each; medians in ms\n",
                server.process.processId(), residentSize(server.process.processId()).constData(),
                rounds, calls);
    std::printf("%-6s %10s %10s %10s %10s %9s %9s\n", "round", "anchor", "sandbox", "manual",
                "ping", "sbx/anch", "man/anch");

    std::vector<double> perRound[VariantCount];
    std::vector<double> sandboxRatios, manualRatios, sandboxNet, manualNet;
    for (int round = 0; round < rounds; ++round) {
        std::vector<double> values[VariantCount];
        // Interleaved call by call, so that a busy moment of the machine hits every variant.
        for (int i = 0; i < calls; ++i) {
            for (int variant = 0; variant < VariantCount; ++variant) {
                const double value = measure(Variant(variant));
                if (value < 0) {
                    std::fprintf(stderr, "%s failed\n", VariantNames[variant]);
                    return 1;
                }
                values[variant].push_back(value);
            }
        }
        double medians[VariantCount];
        for (int variant = 0; variant < VariantCount; ++variant) {
            medians[variant] = median(values[variant]);
            perRound[variant].push_back(medians[variant]);
        }
        sandboxRatios.push_back(medians[Sandbox] / medians[Floor]);
        manualRatios.push_back(medians[Manual] / medians[Floor]);
        // What the server adds beyond the HTTP round trip that any call costs.
        sandboxNet.push_back((medians[Sandbox] - medians[Ping]) / medians[Floor]);
        manualNet.push_back((medians[Manual] - medians[Ping]) / medians[Floor]);
        std::printf("%-6d %10.3f %10.3f %10.3f %10.3f %9.2f %9.2f\n", round + 1, medians[Floor],
                    medians[Sandbox], medians[Manual], medians[Ping], sandboxRatios.back(),
                    manualRatios.back());
        std::fflush(stdout);
    }

    std::printf("\nmedian of the rounds (min-max of the round medians), ms\n");
    for (int variant = 0; variant < VariantCount; ++variant) {
        const auto [low, high] =
            std::minmax_element(perRound[variant].begin(), perRound[variant].end());
        std::printf("  %-32s %8.3f   %.3f-%.3f\n", VariantNames[variant], median(perRound[variant]),
                    *low, *high);
    }
    std::printf("ratios to the anchor (median of the per-round ratios, min-max)\n");
    for (const auto &[name, ratios] : {std::pair{"run-command true, sandbox", &sandboxRatios},
                                       std::pair{"run-command true, manual", &manualRatios},
                                       std::pair{"(sandbox - ping), no HTTP", &sandboxNet},
                                       std::pair{"(manual - ping), no HTTP", &manualNet}}) {
        const auto [low, high] = std::minmax_element(ratios->begin(), ratios->end());
        std::printf("  %-32s %8.2f   %.2f-%.2f\n", name, median(*ratios), *low, *high);
    }
    std::printf("  (goal of issue 13: run-command true <= 1.5x the anchor)\n");
    std::printf("spacesd RSS at the end: %s\n",
                residentSize(server.process.processId()).constData());
    return 0;
}
