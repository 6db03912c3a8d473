// Scale tests for spaces::PortRelay on real loopback sockets: many concurrent connections on a
// bounded number of threads, a slow reader that must not make the relay buffer, churn without
// descriptor leaks, and a prompt stop with many live connections.
//
// Peers are plain blocking sockets with timeouts (a broken relay fails a test instead of hanging
// it); the target side is driven from the test thread or from one std::jthread that is stopped
// and joined by its owner, also when a QVERIFY returns early.

#include "BlockingSockets.h"
#include "PortRelay.h"
#include "UniqueFd.h"

#include <QElapsedTimer>
#include <QtTest>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <netinet/in.h>
#include <poll.h>
#include <string>
#include <sys/resource.h>
#include <sys/socket.h>
#include <thread>
#include <vector>

using spaces::PortRelay;
using spaces::UniqueFd;
using namespace spaces::test;

namespace {

constexpr qint64 kPromptMs = 5000;

// True if the connection ends (orderly EOF or a reset) within kPromptMs, after whatever data was
// still in flight towards this end.
bool closedByPeer(int fd)
{
    setTimeouts(fd, static_cast<int>(kPromptMs / 1000));
    char buffer[64 << 10];
    for (;;) {
        const ssize_t received = ::recv(fd, buffer, sizeof buffer, 0);
        if (received > 0 || (received < 0 && errno == EINTR)) {
            continue;
        }
        return received == 0 || errno != EAGAIN;
    }
}

// A payload that differs per connection, so that crossed connections cannot go unnoticed.
QByteArray payload(int index, qsizetype size)
{
    QByteArray data(size, Qt::Uninitialized);
    std::uint32_t state = 2654435761u * static_cast<std::uint32_t>(index + 1);
    for (qsizetype i = 0; i < size; ++i) {
        state = state * 1664525u + 1013904223u;
        data[i] = static_cast<char>(state >> 24);
    }
    return data;
}

QByteArray indexBytes(int index)
{
    return QByteArray::number(index).rightJustified(8, '0');
}

// A field of /proc/self/status such as "Threads" or "VmRSS" (kB), or -1.
long statusField(const std::string &name)
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind(name + ":", 0) == 0) {
            return std::stol(line.substr(name.size() + 1));
        }
    }
    return -1;
}

// Loopback connections each cost the test 8 descriptors (client, accepted target, and in the
// relay both sockets and two pipes): raise the soft limit to the hard one and size accordingly.
int affordableConnections(int wanted)
{
    rlimit limit{};
    ::getrlimit(RLIMIT_NOFILE, &limit);
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
    ::getrlimit(RLIMIT_NOFILE, &limit);
    const auto affordable = static_cast<long>((limit.rlim_cur - 64) / 8);
    return static_cast<int>(std::min<long>(wanted, affordable));
}

} // namespace

class TestRelayScale final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void manyConcurrentConnectionsOnFewThreads();
    void slowReaderDoesNotGrowBuffers();
    void churnLeavesNoDescriptors();
    void stopWithManyLiveConnectionsIsPrompt();
};

// 1,000 connections open at once, each relaying its own bytes both ways, while the process's
// thread count stays what the relay's loops cost before the first connection.
void TestRelayScale::manyConcurrentConnectionsOnFewThreads()
{
    const int connections = affordableConnections(1000);
    QVERIFY2(connections >= 500, "the descriptor limit allows fewer than 500 connections");
    constexpr qsizetype kBytesEachWay = 16 * 1024; // fits the socket buffers: no thread per peer

    const long threadsWithoutRelay = statusField("Threads");
    quint16 targetPort = 0;
    const UniqueFd target = listenLoopback(&targetPort);
    QVERIFY(target.isValid());
    QString error;
    const std::unique_ptr<PortRelay> relay = PortRelay::open(0, targetPort, &error);
    QVERIFY2(relay, qPrintable(error));
    const long threadsWithRelay = statusField("Threads");
    const long cores = std::max(1u, std::thread::hardware_concurrency());
    QVERIFY2(threadsWithRelay - threadsWithoutRelay <= 2 * cores,
             qPrintable(QStringLiteral("%1 threads").arg(threadsWithRelay - threadsWithoutRelay)));

    std::vector<UniqueFd> clients;
    for (int i = 0; i < connections; ++i) {
        clients.push_back(connectLoopback(relay->listenPort()));
        QVERIFY2(clients.back().isValid(), qPrintable(QStringLiteral("connection %1").arg(i)));
        QVERIFY(sendAll(clients.back().get(), indexBytes(i) + payload(i, kBytesEachWay)));
    }
    std::vector<UniqueFd> accepted(static_cast<std::size_t>(connections));
    for (int i = 0; i < connections; ++i) {
        UniqueFd server = acceptOne(target.get());
        QVERIFY2(server.isValid(), qPrintable(QStringLiteral("accept %1").arg(i)));
        bool ok = false;
        const int index = receiveExactly(server.get(), 8).toInt(&ok);
        QVERIFY(ok && index >= 0 && index < connections);
        QVERIFY2(!accepted[static_cast<std::size_t>(index)].isValid(), "index seen twice");
        QCOMPARE(receiveExactly(server.get(), kBytesEachWay), payload(index, kBytesEachWay));
        accepted[static_cast<std::size_t>(index)] = std::move(server);
    }
    QCOMPARE(relay->activeConnections(), connections);
    QCOMPARE(statusField("Threads"), threadsWithRelay);

    for (int i = 0; i < connections; ++i) {
        const int fd = accepted[static_cast<std::size_t>(i)].get();
        QVERIFY(sendAll(fd, payload(connections + i, kBytesEachWay)));
        QCOMPARE(::shutdown(fd, SHUT_WR), 0);
    }
    for (int i = 0; i < connections; ++i) {
        const int fd = clients[static_cast<std::size_t>(i)].get();
        QCOMPARE(receiveExactly(fd, kBytesEachWay), payload(connections + i, kBytesEachWay));
        char byte = 0;
        QCOMPARE(::recv(fd, &byte, 1, 0), ssize_t(0)); // the target's half-close, passed on
        QCOMPARE(::shutdown(fd, SHUT_WR), 0);
    }
    for (const UniqueFd &server : accepted) {
        char byte = 0;
        QCOMPARE(::recv(server.get(), &byte, 1, 0), ssize_t(0));
    }
    QCOMPARE(statusField("Threads"), threadsWithRelay);
    QTRY_COMPARE_WITH_TIMEOUT(relay->activeConnections(), 0, kPromptMs);
}

// A client that does not read while the target streams: the relay must stop reading the target
// (its pipe is the only buffer), so the target stalls after what the kernel's socket buffers
// hold, and the process does not grow. Then everything arrives, in full.
void TestRelayScale::slowReaderDoesNotGrowBuffers()
{
    constexpr qint64 kTotal = 512ll << 20;
    // Socket buffers on both sides of the relay (tcp_wmem/tcp_rmem autotuning) hold tens of MiB
    // at most; a relay that buffered itself would take all of kTotal.
    constexpr qint64 kStallBound = 160ll << 20;
    constexpr long kRssGrowthBoundKiB = 16 * 1024;

    quint16 targetPort = 0;
    const UniqueFd target = listenLoopback(&targetPort);
    QVERIFY(target.isValid());
    QString error;
    const std::unique_ptr<PortRelay> relay = PortRelay::open(0, targetPort, &error);
    QVERIFY2(relay, qPrintable(error));
    UniqueFd client = connectLoopback(relay->listenPort());
    QVERIFY(client.isValid());
    UniqueFd server = acceptOne(target.get());
    QVERIFY(server.isValid());
    const long rssBefore = statusField("VmRSS");

    std::atomic<qint64> sent{0};
    std::atomic<qint64> sentAtStall{-1};
    std::atomic<bool> sendOk{false};
    std::jthread sender([fd = server.get(), &sent, &sentAtStall, &sendOk] {
        const std::vector<char> chunk(1 << 20, 's');
        while (sent.load() < kTotal) {
            const auto size = static_cast<std::size_t>(
                std::min<qint64>(qint64(chunk.size()), kTotal - sent.load()));
            const ssize_t written = ::send(fd, chunk.data(), size, MSG_NOSIGNAL | MSG_DONTWAIT);
            if (written > 0) {
                sent += written;
                continue;
            }
            if (written < 0 && errno != EAGAIN && errno != EINTR) {
                return;
            }
            // Not writable for a whole second while nobody reads: the relay holds back.
            pollfd writable{fd, POLLOUT, 0};
            if (::poll(&writable, 1, 1000) == 0 && sentAtStall.load() < 0) {
                sentAtStall = sent.load();
            }
        }
        sendOk = ::shutdown(fd, SHUT_WR) == 0;
    });
    QTRY_VERIFY_WITH_TIMEOUT(sentAtStall.load() >= 0, BlockingIoTimeoutSeconds * 1000);
    QVERIFY2(sentAtStall.load() < kStallBound,
             qPrintable(
                 QStringLiteral("%1 MiB accepted before stalling").arg(sentAtStall.load() >> 20)));
    const long rssGrowth = statusField("VmRSS") - rssBefore;
    qInfo("target stalled after %lld MiB; RSS grew by %ld KiB", sentAtStall.load() >> 20,
          rssGrowth);
    QVERIFY2(rssGrowth < kRssGrowthBoundKiB, qPrintable(QStringLiteral("%1 KiB").arg(rssGrowth)));

    std::vector<char> buffer(1 << 20);
    qint64 received = 0;
    for (;;) {
        const ssize_t n = ::recv(client.get(), buffer.data(), buffer.size(), 0);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            QCOMPARE(n, ssize_t(0));
            break;
        }
        received += n;
    }
    sender.join();
    QVERIFY(sendOk.load());
    QCOMPARE(received, kTotal);
}

// 2,000 short connections (connect, one byte each way, close): every one relayed, and not a
// descriptor more afterwards. Each leaves two loopback sockets in TIME_WAIT for a minute, on a
// machine whose other tests need ephemeral ports too: enough to show a leak, no more.
void TestRelayScale::churnLeavesNoDescriptors()
{
    constexpr int kConnections = 2000;
    quint16 targetPort = 0;
    const UniqueFd target = listenLoopback(&targetPort);
    QVERIFY(target.isValid());
    QString error;
    const std::unique_ptr<PortRelay> relay = PortRelay::open(0, targetPort, &error);
    QVERIFY2(relay, qPrintable(error));

    std::atomic<int> echoed{0};
    std::jthread server([listener = target.get(), &echoed](std::stop_token stop) {
        while (!stop.stop_requested()) {
            const UniqueFd fd = acceptOne(listener);
            if (!fd.isValid()) {
                return; // shut down by the test, or timed out
            }
            char byte = 0;
            if (::recv(fd.get(), &byte, 1, 0) == 1 &&
                ::send(fd.get(), &byte, 1, MSG_NOSIGNAL) == 1) {
                ++echoed;
            }
        }
    });
    const auto stopServer = qScopeGuard([&] {
        server.request_stop();
        ::shutdown(target.get(), SHUT_RDWR); // wakes accept()
    });

    const int before = openDescriptorCount();
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < kConnections; ++i) {
        const UniqueFd client = connectLoopback(relay->listenPort());
        QVERIFY2(client.isValid(), qPrintable(QStringLiteral("connection %1").arg(i)));
        const char byte = static_cast<char>(i);
        QVERIFY(sendAll(client.get(), &byte, 1));
        QCOMPARE(receiveExactly(client.get(), 1), QByteArray(1, byte));
    }
    qInfo("%d connections relayed in %lld ms", kConnections, timer.elapsed());
    QCOMPARE(echoed.load(), kConnections);
    QTRY_COMPARE_WITH_TIMEOUT(relay->activeConnections(), 0, kPromptMs);
    QCOMPARE(openDescriptorCount(), before);
}

// Destroying a relay with hundreds of live connections (some of them mid-transfer) returns
// promptly, ends every connection, releases every descriptor and thread, and frees the port.
void TestRelayScale::stopWithManyLiveConnectionsIsPrompt()
{
    const int connections = affordableConnections(300);
    const long threadsBefore = statusField("Threads");
    const int descriptorsBefore = openDescriptorCount();
    quint16 targetPort = 0;
    const UniqueFd target = listenLoopback(&targetPort);
    QVERIFY(target.isValid());
    QString error;
    std::unique_ptr<PortRelay> relay = PortRelay::open(0, targetPort, &error);
    QVERIFY2(relay, qPrintable(error));
    const quint16 port = relay->listenPort();

    std::vector<UniqueFd> clients;
    std::vector<UniqueFd> servers;
    for (int i = 0; i < connections; ++i) {
        clients.push_back(connectLoopback(port));
        QVERIFY(clients.back().isValid());
        servers.push_back(acceptOne(target.get()));
        QVERIFY(servers.back().isValid());
    }
    // Fill the first few connections in both directions until they stall, so that the relay
    // holds data in its pipes when it is stopped.
    const std::vector<char> chunk(256 << 10, 'x');
    for (int i = 0; i < 8; ++i) {
        for (const int fd : {clients[std::size_t(i)].get(), servers[std::size_t(i)].get()}) {
            while (::send(fd, chunk.data(), chunk.size(), MSG_NOSIGNAL | MSG_DONTWAIT) > 0) {
            }
        }
    }
    QCOMPARE(relay->activeConnections(), connections);

    QElapsedTimer timer;
    timer.start();
    relay.reset();
    QVERIFY2(timer.elapsed() < 1000,
             qPrintable(QStringLiteral("stopping took %1 ms").arg(timer.elapsed())));
    for (int i = 0; i < connections; ++i) {
        QVERIFY2(closedByPeer(clients[std::size_t(i)].get()), "a client was left open");
        QVERIFY2(closedByPeer(servers[std::size_t(i)].get()), "a target was left open");
    }

    relay = PortRelay::open(port, targetPort, &error);
    QVERIFY2(relay, qPrintable(error));
    relay.reset();
    clients.clear();
    servers.clear();
    // The loops of the last relay are joined with it.
    QCOMPARE(statusField("Threads"), threadsBefore);
    QCOMPARE(openDescriptorCount(), descriptorsBefore + 1); // the target listener
}

QTEST_GUILESS_MAIN(TestRelayScale)
#include "tst_relayscale.moc"
