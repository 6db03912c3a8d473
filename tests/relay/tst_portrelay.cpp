// Tests for spaces::PortRelay on real loopback sockets.
//
// Peers are plain blocking POSIX sockets on std::jthread, like the relay itself: every socket
// gets a receive/send timeout so that a broken relay makes a test fail instead of hang, and
// every thread is owned by an object that shuts its sockets down and joins it on destruction,
// also when a QVERIFY returns early.

#include "BlockingSockets.h"
#include "PortRelay.h"
#include "UniqueFd.h"

#include <QElapsedTimer>
#include <QtTest>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <netinet/in.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

using spaces::PortRelay;
using spaces::UniqueFd;
using namespace spaces::test;

namespace {

// "Promptly": a closed connection must be noticed well within this.
constexpr qint64 kPromptMs = 5000;

enum class Closure
{
    Eof,
    Reset,
    TimedOut,
    Data
};

// What the next recv() says about a connection the relay is supposed to have closed.
Closure waitForClosure(int fd, int timeoutSeconds)
{
    setTimeouts(fd, timeoutSeconds);
    char byte = 0;
    for (;;) {
        const ssize_t received = ::recv(fd, &byte, 1, 0);
        if (received == 0) {
            return Closure::Eof;
        }
        if (received > 0) {
            return Closure::Data;
        }
        if (errno == EINTR) {
            continue;
        }
        return errno == EAGAIN ? Closure::TimedOut : Closure::Reset;
    }
}

// Deterministic pseudo-random bytes (xorshift64*), so the receiver can regenerate and compare
// the exact stream the sender produced without keeping a copy.
class Pattern final
{
public:
    explicit Pattern(std::uint64_t seed)
        : m_state(seed * 0x9E3779B97F4A7C15ull + 1)
    {}

    void fill(char *out, std::size_t size)
    {
        for (std::size_t i = 0; i < size; ++i) {
            if (m_left == 0) {
                m_state ^= m_state >> 12;
                m_state ^= m_state << 25;
                m_state ^= m_state >> 27;
                m_word = m_state * 0x2545F4914F6CDD1Dull;
                m_left = 8;
            }
            out[i] = static_cast<char>(m_word & 0xff);
            m_word >>= 8;
            --m_left;
        }
    }

private:
    std::uint64_t m_state;
    std::uint64_t m_word = 0;
    int m_left = 0;
};

// A loopback server that runs handler(fd) on a thread per accepted connection and closes the
// connection when the handler returns. stop() shuts the remaining ones down (waking blocked
// handlers) and joins everything.
class TestServer final
{
public:
    using Handler = std::function<void(int fd)>;

    explicit TestServer(Handler handler)
        : m_handler(std::move(handler))
    {
        m_listener = bindLoopback(0, true, true, &m_port);
        if (m_listener.isValid()) {
            m_acceptThread = std::jthread([this] { acceptLoop(); });
        }
    }
    ~TestServer() { stop(); }
    TestServer(const TestServer &) = delete;
    TestServer &operator=(const TestServer &) = delete;

    bool isListening() const { return m_listener.isValid(); }
    quint16 port() const { return m_port; }
    int acceptedCount() const { return m_accepted.load(); }

    void stop()
    {
        if (m_listener.isValid()) {
            ::shutdown(m_listener.get(), SHUT_RDWR); // wakes accept()
        }
        if (m_acceptThread.joinable()) {
            m_acceptThread.join();
        }
        {
            const std::lock_guard lock(m_mutex);
            for (const UniqueFd &fd : m_connections) {
                ::shutdown(fd.get(), SHUT_RDWR);
            }
        }
        m_handlers.clear(); // joins; the handlers close their connections
        m_listener.reset();
    }

private:
    void acceptLoop()
    {
        for (;;) {
            const int fd = ::accept4(m_listener.get(), nullptr, nullptr, SOCK_CLOEXEC);
            if (fd < 0) {
                if (errno == EINTR || errno == ECONNABORTED) {
                    continue;
                }
                return; // shut down by stop()
            }
            setTimeouts(fd);
            const std::lock_guard lock(m_mutex);
            m_connections.emplace_back(fd);
            m_accepted.fetch_add(1);
            m_handlers.emplace_back([this, fd] {
                m_handler(fd);
                // Closed under the lock so that stop() never shuts down a reused number.
                const std::lock_guard closeLock(m_mutex);
                m_connections.remove_if([fd](const UniqueFd &entry) { return entry.get() == fd; });
            });
        }
    }

    Handler m_handler;
    UniqueFd m_listener;
    quint16 m_port = 0;
    std::atomic<int> m_accepted{0};
    std::mutex m_mutex;
    std::list<UniqueFd> m_connections;
    std::list<std::jthread> m_handlers;
    std::jthread m_acceptThread;
};

// Echoes everything; on EOF passes the half-close on.
void echo(int fd)
{
    std::vector<char> buffer(256 << 10);
    for (;;) {
        const ssize_t received = ::recv(fd, buffer.data(), buffer.size(), 0);
        if (received < 0 && errno == EINTR) {
            continue;
        }
        if (received <= 0 || !sendAll(fd, buffer.data(), static_cast<std::size_t>(received))) {
            break;
        }
    }
    ::shutdown(fd, SHUT_WR);
}

} // namespace

class TestPortRelay final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parallelTransfers_data();
    void parallelTransfers();
    void halfClose_data();
    void halfClose();
    void targetNotListening();
    void peerFailsMidTransfer_data();
    void peerFailsMidTransfer();
    void portAlreadyInUse_data();
    void portAlreadyInUse();
    void stopClosesConnectionsAndFreesPort();
    void usableFromAnyThread();
    void noDescriptorLeaks();
};

void TestPortRelay::parallelTransfers_data()
{
    QTest::addColumn<int>("connections");
    QTest::addColumn<qint64>("bytesEachWay");

    QTest::newRow("1 x 64 MiB") << 1 << qint64(64) * 1024 * 1024;
    QTest::newRow("50 x 8 MiB") << 50 << qint64(8) * 1024 * 1024;
    QTest::newRow("200 x 64 KiB") << 200 << qint64(64) * 1024;
}

// Every client sends its own pattern through relay and echo server and checks, byte by byte,
// that exactly the same stream comes back, followed by EOF (the echo passes the half-close on).
void TestPortRelay::parallelTransfers()
{
    QFETCH(int, connections);
    QFETCH(qint64, bytesEachWay);

    TestServer server(echo);
    QVERIFY(server.isListening());
    QString error;
    const std::unique_ptr<PortRelay> relay = PortRelay::open(0, server.port(), &error);
    QVERIFY2(relay, qPrintable(error));
    QVERIFY(relay->listenPort() != 0);
    QCOMPARE(relay->targetPort(), server.port());

    struct Result
    {
        qint64 sent = 0;
        qint64 received = 0;
        qint64 firstMismatch = -1;
        bool eof = false;
        bool sendOk = false;
    };
    std::vector<Result> results(static_cast<std::size_t>(connections));
    std::vector<UniqueFd> sockets;
    for (int i = 0; i < connections; ++i) {
        sockets.push_back(connectLoopback(relay->listenPort()));
        QVERIFY2(sockets.back().isValid(), qPrintable(QStringLiteral("connection %1").arg(i)));
    }
    {
        // Declared after the sockets so that the threads are joined before the sockets close.
        std::vector<std::jthread> threads;
        for (int i = 0; i < connections; ++i) {
            const int fd = sockets[static_cast<std::size_t>(i)].get();
            Result &result = results[static_cast<std::size_t>(i)];
            threads.emplace_back([fd, &result, bytesEachWay, seed = std::uint64_t(i)] {
                Pattern pattern(seed);
                std::vector<char> chunk(256 << 10);
                qint64 left = bytesEachWay;
                while (left > 0) {
                    const auto size = static_cast<std::size_t>(
                        std::min<qint64>(left, static_cast<qint64>(chunk.size())));
                    pattern.fill(chunk.data(), size);
                    if (!sendAll(fd, chunk.data(), size)) {
                        return;
                    }
                    left -= static_cast<qint64>(size);
                    result.sent += static_cast<qint64>(size);
                }
                result.sendOk = ::shutdown(fd, SHUT_WR) == 0;
            });
            threads.emplace_back([fd, &result, seed = std::uint64_t(i)] {
                Pattern expected(seed);
                std::vector<char> buffer(256 << 10);
                std::vector<char> reference(buffer.size());
                for (;;) {
                    const ssize_t received = ::recv(fd, buffer.data(), buffer.size(), 0);
                    if (received < 0 && errno == EINTR) {
                        continue;
                    }
                    if (received <= 0) {
                        result.eof = received == 0;
                        return;
                    }
                    const auto size = static_cast<std::size_t>(received);
                    expected.fill(reference.data(), size);
                    if (result.firstMismatch < 0) {
                        for (std::size_t k = 0; k < size; ++k) {
                            if (buffer[k] != reference[k]) {
                                result.firstMismatch = result.received + qint64(k);
                                break;
                            }
                        }
                    }
                    result.received += received;
                }
            });
        }
    }

    for (int i = 0; i < connections; ++i) {
        const Result &result = results[static_cast<std::size_t>(i)];
        const QByteArray context = QByteArray("connection ") + QByteArray::number(i);
        QVERIFY2(result.sendOk, context.constData());
        QCOMPARE(result.sent, bytesEachWay);
        QCOMPARE(result.received, bytesEachWay);
        QCOMPARE(result.firstMismatch, qint64(-1));
        QVERIFY2(result.eof, context.constData());
    }
    QCOMPARE(server.acceptedCount(), connections);
    sockets.clear();
    QTRY_COMPARE_WITH_TIMEOUT(relay->activeConnections(), 0, kPromptMs);
}

void TestPortRelay::halfClose_data()
{
    QTest::addColumn<bool>("clientEndsFirst");

    QTest::newRow("client ends its request first") << true;
    QTest::newRow("target ends its greeting first") << false;
}

// One side sends and shuts down its write side; the other must get all of it plus EOF, and can
// then still answer through the direction that is left open.
void TestPortRelay::halfClose()
{
    QFETCH(bool, clientEndsFirst);

    // More than the socket and pipe buffers hold, so the relay has to drain before passing EOF on.
    QByteArray first(3 * 1024 * 1024 + 17, Qt::Uninitialized);
    Pattern(7).fill(first.data(), static_cast<std::size_t>(first.size()));
    const QByteArray answer = QByteArrayLiteral("received everything, here is the answer");

    std::atomic<bool> serverOk{false};
    TestServer server([&](int fd) {
        QByteArray data;
        if (clientEndsFirst) {
            // Request/response: read the whole request, then answer and end.
            serverOk = receiveToEof(fd, &data) && data == first && sendAll(fd, answer) &&
                       ::shutdown(fd, SHUT_WR) == 0;
        } else {
            // Greeting first, then wait for the answer on the direction still open.
            serverOk = sendAll(fd, first) && ::shutdown(fd, SHUT_WR) == 0 &&
                       receiveToEof(fd, &data) && data == answer;
        }
    });
    QVERIFY(server.isListening());
    QString error;
    const std::unique_ptr<PortRelay> relay = PortRelay::open(0, server.port(), &error);
    QVERIFY2(relay, qPrintable(error));

    UniqueFd client = connectLoopback(relay->listenPort());
    QVERIFY(client.isValid());
    QByteArray received;
    if (clientEndsFirst) {
        QVERIFY(sendAll(client.get(), first));
        QCOMPARE(::shutdown(client.get(), SHUT_WR), 0);
        QVERIFY(receiveToEof(client.get(), &received));
        QCOMPARE(received, answer);
    } else {
        QVERIFY(receiveToEof(client.get(), &received));
        QCOMPARE(received.size(), first.size());
        QVERIFY(received == first);
        QVERIFY(sendAll(client.get(), answer));
        QCOMPARE(::shutdown(client.get(), SHUT_WR), 0);
    }
    QTRY_VERIFY_WITH_TIMEOUT(serverOk.load(), kPromptMs);
    QTRY_COMPARE_WITH_TIMEOUT(relay->activeConnections(), 0, kPromptMs);
}

void TestPortRelay::targetNotListening()
{
    QString error;
    const std::unique_ptr<PortRelay> relay = PortRelay::open(0, unusedPort(), &error);
    QVERIFY2(relay, qPrintable(error));

    for (int attempt = 0; attempt < 3; ++attempt) {
        UniqueFd client = connectLoopback(relay->listenPort());
        QVERIFY(client.isValid()); // the relay itself accepts...
        QElapsedTimer timer;
        timer.start();
        // ...and closes as soon as the target refuses.
        const Closure closure = waitForClosure(client.get(), kPromptMs / 1000);
        QVERIFY(closure == Closure::Eof || closure == Closure::Reset);
        QVERIFY(timer.elapsed() < kPromptMs);
    }
    QTRY_COMPARE_WITH_TIMEOUT(relay->activeConnections(), 0, kPromptMs);
}

void TestPortRelay::peerFailsMidTransfer_data()
{
    QTest::addColumn<bool>("targetFails");

    QTest::newRow("target resets while the client uploads") << true;
    QTest::newRow("client resets while the target streams") << false;
}

// A peer that disappears with a reset while data is flowing must end the whole relayed
// connection: the other peer is told, no relay thread stays blocked.
void TestPortRelay::peerFailsMidTransfer()
{
    QFETCH(bool, targetFails);

    const auto resetOnClose = [](int fd) {
        const linger abortive{1, 0};
        ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &abortive, sizeof abortive);
    };
    std::atomic<bool> serverDone{false};
    TestServer server([&](int fd) {
        if (targetFails) {
            receiveExactly(fd, 64 * 1024);
            resetOnClose(fd); // the server closes the socket when the handler returns
        } else {
            // Streams until the relay gives up on the connection.
            std::vector<char> chunk(256 << 10, 'x');
            while (sendAll(fd, chunk.data(), chunk.size())) {
            }
        }
        serverDone = true;
    });
    QVERIFY(server.isListening());
    QString error;
    const std::unique_ptr<PortRelay> relay = PortRelay::open(0, server.port(), &error);
    QVERIFY2(relay, qPrintable(error));

    UniqueFd client = connectLoopback(relay->listenPort());
    QVERIFY(client.isValid());
    if (targetFails) {
        // Upload far more than the target takes; the upload must fail, not block.
        std::vector<char> chunk(256 << 10, 'y');
        int sendError = 0;
        for (int i = 0; i < 4096 && sendError == 0; ++i) {
            if (!sendAll(client.get(), chunk.data(), chunk.size())) {
                sendError = errno;
            }
        }
        QVERIFY2(sendError == EPIPE || sendError == ECONNRESET,
                 qPrintable(QString::number(sendError)));
    } else {
        QCOMPARE(receiveExactly(client.get(), 1024 * 1024).size(), 1024 * 1024);
        resetOnClose(client.get());
        client.reset();
    }
    QTRY_VERIFY_WITH_TIMEOUT(serverDone.load(), kPromptMs);
    QTRY_COMPARE_WITH_TIMEOUT(relay->activeConnections(), 0, kPromptMs);
}

void TestPortRelay::portAlreadyInUse_data()
{
    QTest::addColumn<bool>("listening");
    QTest::addColumn<bool>("reuseAddress");

    QTest::newRow("listening socket") << true << false;
    QTest::newRow("listening socket with SO_REUSEADDR") << true << true;
    QTest::newRow("bound, not listening") << false << false;
}

void TestPortRelay::portAlreadyInUse()
{
    QFETCH(bool, listening);
    QFETCH(bool, reuseAddress);

    quint16 port = 0;
    const UniqueFd occupant = bindLoopback(0, reuseAddress, listening, &port);
    QVERIFY(occupant.isValid());

    QString error;
    const std::unique_ptr<PortRelay> relay = PortRelay::open(port, 9, &error);
    QVERIFY(!relay);
    QVERIFY2(error.contains(QLatin1String("already in use")), qPrintable(error));
    QCOMPARE(error, QStringLiteral("local port %1 is already in use").arg(port));
}

// Destroying the relay ends every connection, including one blocked mid-transfer, and frees the
// port at once, even though the closed connections leave TIME_WAIT entries on it.
void TestPortRelay::stopClosesConnectionsAndFreesPort()
{
    TestServer server(echo);
    QVERIFY(server.isListening());
    QString error;
    std::unique_ptr<PortRelay> relay = PortRelay::open(0, server.port(), &error);
    QVERIFY2(relay, qPrintable(error));
    const quint16 port = relay->listenPort();

    std::vector<UniqueFd> idle;
    for (int i = 0; i < 3; ++i) {
        idle.push_back(connectLoopback(port));
        QVERIFY(idle.back().isValid());
        const QByteArray ping = "ping " + QByteArray::number(i);
        QVERIFY(sendAll(idle.back().get(), ping));
        QCOMPARE(receiveExactly(idle.back().get(), ping.size()), ping);
    }

    // A client that only uploads and never reads: the echo server blocks on it, so the relay is
    // stuck in a blocking write towards the target when it is told to stop.
    UniqueFd busy = connectLoopback(port);
    QVERIFY(busy.isValid());
    std::atomic<qint64> uploaded{0};
    std::atomic<int> uploadError{0};
    std::jthread uploader([fd = busy.get(), &uploaded, &uploadError] {
        std::vector<char> chunk(64 << 10, 'z');
        while (sendAll(fd, chunk.data(), chunk.size())) {
            uploaded += qint64(chunk.size());
        }
        uploadError = errno;
    });
    QTRY_COMPARE_WITH_TIMEOUT(relay->activeConnections(), 4, kPromptMs);
    // Data is flowing through the relay (which soon blocks writing towards the target).
    QTRY_VERIFY_WITH_TIMEOUT(uploaded.load() >= 1024 * 1024, BlockingIoTimeoutSeconds * 1000);

    QElapsedTimer timer;
    timer.start();
    relay.reset();
    QVERIFY2(timer.elapsed() < kPromptMs, "stopping the relay took too long");

    for (const UniqueFd &client : idle) {
        const Closure closure = waitForClosure(client.get(), kPromptMs / 1000);
        QVERIFY(closure == Closure::Eof || closure == Closure::Reset);
    }
    uploader.join(); // its send() fails once the relay has closed the connection
    QVERIFY(uploadError.load() == EPIPE || uploadError.load() == ECONNRESET);

    // The port is free at once: a new relay on it works end to end.
    relay = PortRelay::open(port, server.port(), &error);
    QVERIFY2(relay, qPrintable(error));
    QCOMPARE(relay->listenPort(), port);
    UniqueFd again = connectLoopback(port);
    QVERIFY(again.isValid());
    QVERIFY(sendAll(again.get(), QByteArrayLiteral("again")));
    QCOMPARE(receiveExactly(again.get(), 5), QByteArrayLiteral("again"));
}

// Created on one thread, used from another, destroyed on a third: no event loop, no affinity.
void TestPortRelay::usableFromAnyThread()
{
    TestServer server(echo);
    QVERIFY(server.isListening());
    std::unique_ptr<PortRelay> relay;
    QString error;
    std::jthread([&] { relay = PortRelay::open(0, server.port(), &error); }).join();
    QVERIFY2(relay, qPrintable(error));

    UniqueFd client = connectLoopback(relay->listenPort());
    QVERIFY(client.isValid());
    QVERIFY(sendAll(client.get(), QByteArrayLiteral("hello")));
    QCOMPARE(receiveExactly(client.get(), 5), QByteArrayLiteral("hello"));
    int seenActive = -1;
    std::jthread([&] { seenActive = relay->activeConnections(); }).join();
    QCOMPARE(seenActive, 1);

    std::jthread([&] { relay.reset(); }).join();
    const Closure closure = waitForClosure(client.get(), kPromptMs / 1000);
    QVERIFY(closure == Closure::Eof || closure == Closure::Reset);
}

void TestPortRelay::noDescriptorLeaks()
{
    const int before = openDescriptorCount();
    {
        TestServer server(echo);
        QVERIFY(server.isListening());
        for (int cycle = 0; cycle < 100; ++cycle) {
            QString error;
            std::unique_ptr<PortRelay> relay = PortRelay::open(0, server.port(), &error);
            QVERIFY2(relay, qPrintable(error));
            if (cycle % 4 != 0) {
                continue; // open/close without any connection
            }
            // One connection that finishes normally, one left open when the relay stops, and
            // one to a target that refuses.
            UniqueFd finished = connectLoopback(relay->listenPort());
            UniqueFd open = connectLoopback(relay->listenPort());
            QVERIFY(finished.isValid() && open.isValid());
            QVERIFY(sendAll(finished.get(), QByteArrayLiteral("x")));
            QCOMPARE(receiveExactly(finished.get(), 1), QByteArrayLiteral("x"));
            QVERIFY(sendAll(open.get(), QByteArrayLiteral("y")));
            QCOMPARE(receiveExactly(open.get(), 1), QByteArrayLiteral("y"));
            QCOMPARE(::shutdown(finished.get(), SHUT_WR), 0);
            QCOMPARE(waitForClosure(finished.get(), BlockingIoTimeoutSeconds), Closure::Eof);
            QTRY_COMPARE_WITH_TIMEOUT(relay->activeConnections(), 1, kPromptMs);

            std::unique_ptr<PortRelay> refused = PortRelay::open(0, unusedPort(), &error);
            QVERIFY2(refused, qPrintable(error));
            UniqueFd client = connectLoopback(refused->listenPort());
            QVERIFY(client.isValid());
            const Closure closure = waitForClosure(client.get(), kPromptMs / 1000);
            QVERIFY(closure == Closure::Eof || closure == Closure::Reset);
        }
        // Failed opens must not leak either.
        quint16 port = 0;
        const UniqueFd occupant = bindLoopback(0, false, true, &port);
        QString error;
        for (int i = 0; i < 20; ++i) {
            QVERIFY(!PortRelay::open(port, 9, &error));
        }
    }
    QCOMPARE(openDescriptorCount(), before);
}

QTEST_GUILESS_MAIN(TestPortRelay)
#include "tst_portrelay.moc"
