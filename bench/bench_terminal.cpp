// bench_terminal: terminal output throughput through spacesd's terminal route, against the
// floor of a local PTY. In one run, `runs` times and interleaved:
//  - through spacesd: `cat` of a file in a sandboxed space on the route's PTY
//    (?run=cat&run=FILE), read by a QWebSocket client in this process, from the upgrade
//    request to the close that follows cat's exit;
//  - the floor: `cat` of the same file (the space's home, seen from the host) on a PTY of
//    this process, its master read as fast as possible (64 KiB reads) until EIO.
// Both carry the same bytes (the PTY turns each \n into \r\n either way).
//
//   cmake --build build --target bench_terminal spacesd && ./build/bench/bench_terminal [MiB]
//   [runs]
#include "ServerTestHelpers.h"
#include "SpaceTestKit.h"
#include "TerminalClient.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <algorithm>
#include <cstdio>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>
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

struct Run
{
    qint64 bytes = 0;
    double seconds = 0;
    double mbPerSecond() const { return seconds > 0 ? double(bytes) / 1e6 / seconds : 0; }
};

Run localPty(const QByteArray &file)
{
    Run run;
    int master = -1;
    winsize size{24, 80, 0, 0};
    QElapsedTimer timer;
    timer.start();
    const pid_t pid = ::forkpty(&master, nullptr, nullptr, &size);
    if (pid == 0) {
        ::execl("/bin/cat", "cat", file.constData(), static_cast<char *>(nullptr));
        ::_exit(127);
    }
    std::vector<char> buffer(64 * 1024);
    for (;;) {
        const ssize_t got = ::read(master, buffer.data(), buffer.size());
        if (got > 0)
            run.bytes += got;
        else if (got < 0 && errno == EINTR)
            continue;
        else
            break; // EIO: cat exited and the slave is closed
    }
    run.seconds = double(timer.nsecsElapsed()) / 1e9;
    int status = 0;
    ::waitpid(pid, &status, 0);
    ::close(master);
    return run;
}

Run throughSpacesd(const TestServer &server, const QString &space)
{
    Run run;
    TerminalClient client(server.process.url(), server.process.token());
    QElapsedTimer timer;
    timer.start();
    if (!client.open(space, u"bash"_s, u"run=cat&run=big.txt"_s) ||
        !client.waitForDisconnected(600000)) {
        std::fprintf(stderr, "the terminal failed: %s\n", qPrintable(client.errorString()));
        return run;
    }
    run.seconds = double(timer.nsecsElapsed()) / 1e9;
    run.bytes = client.bytesReceived();
    return run;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const qint64 mebibytes = argc > 1 ? QByteArray(argv[1]).toLongLong() : 100;
    const int runs = argc > 2 ? std::atoi(argv[2]) : 3;
    TestServer server;
    QString error;
    if (!server.start(&error)) {
        std::fprintf(stderr, "spacesd did not start: %s\n", qPrintable(error));
        return 1;
    }
    const QString id = server.createSpace(u"bench"_s, u"blank"_s);
    if (id.isEmpty() || server.startSpace(u"bench"_s) != 200) {
        std::fprintf(stderr, "could not start a space\n");
        return 1;
    }
    // Lines of 99 letters and a newline: text as a build log would print it.
    const QString make =
        u"head -c %1 /dev/zero | tr '\\0' a | fold -w 99 > big.txt; wc -c < big.txt"_s.arg(
            mebibytes * 1024 * 1024);
    const ApiReply made = server.api().post(u"/api/spaces/bench/run-command"_s,
                                            QJsonObject{{u"command"_s, make}, {u"timeout"_s, 300}});
    std::printf("file: %s bytes of text in the space's home\n",
                qPrintable(made.json.value(u"output"_s).toString().trimmed()));
    const QByteArray hostFile = QFile::encodeName(server.home(id) + u"/big.txt"_s);

    std::vector<double> floors;
    std::vector<double> routes;
    std::vector<double> ratios;
    std::printf("%-4s %14s %14s %12s %12s %7s\n", "run", "local PTY B", "spacesd B", "local MB/s",
                "spacesd MB/s", "ratio");
    for (int i = 0; i < runs; ++i) {
        const Run floor = localPty(hostFile);
        const Run route = throughSpacesd(server, u"bench"_s);
        floors.push_back(floor.mbPerSecond());
        routes.push_back(route.mbPerSecond());
        ratios.push_back(route.mbPerSecond() / floor.mbPerSecond());
        std::printf("%-4d %14lld %14lld %12.1f %12.1f %7.2f\n", i + 1, floor.bytes, route.bytes,
                    floor.mbPerSecond(), route.mbPerSecond(), ratios.back());
        std::fflush(stdout);
    }
    std::printf("median: local PTY %.1f MB/s, through spacesd %.1f MB/s, ratio %.2f\n",
                median(floors), median(routes), median(ratios));
    server.process.killRecordedSpaces();
    return 0;
}
