// bench_tunnel: MB/s of one bulk TCP stream to a local sink three ways, in the same run,
// interleaved: a direct loopback connection (the ceiling), the tunnel route (PortTunnel, the
// class behind `spacectl forward`, -> QWebSocket -> spacesd's /proxy/spaces/{id}/port/{port}
// -> TCP), and spacesd's space-to-space relay (POST /space-io/{id}/port/forward, epoll +
// splice). Every byte is counted by the sink; a run ends when the sink has them all.
//   ./build/bench/bench_tunnel [MiB, default 1024] [runs, default 3]
#include "PortTunnel.h"
#include "SpaceTestKit.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>
#include <algorithm>
#include <cstdio>

using namespace spaces;
using namespace spaces::test;
using namespace Qt::StringLiterals;

namespace {

// Set when a tunnelled connection broke: the run it belongs to is reported as failed.
bool g_tunnelBroke = false;

// Accepts on 127.0.0.1 and reads everything, counting bytes across connections.
class Sink final
{
public:
    Sink()
    {
        m_listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        ::bind(m_listener, reinterpret_cast<const sockaddr *>(&address), sizeof address);
        ::listen(m_listener, 16);
        ::getsockname(m_listener, reinterpret_cast<sockaddr *>(&address), &length);
        m_port = ntohs(address.sin_port);
        m_thread = std::thread([this] {
            while (!m_stopping) {
                pollfd entry{m_listener, POLLIN, 0};
                if (::poll(&entry, 1, 100) <= 0)
                    continue;
                const int fd = ::accept4(m_listener, nullptr, nullptr, SOCK_CLOEXEC);
                if (fd < 0)
                    continue;
                std::thread([this, fd] {
                    std::vector<char> buffer(1 << 20);
                    for (;;) {
                        const ssize_t got = ::recv(fd, buffer.data(), buffer.size(), 0);
                        if (got <= 0 && !(got < 0 && errno == EINTR))
                            break;
                        if (got > 0)
                            m_received += got;
                    }
                    ::close(fd);
                }).detach();
            }
        });
    }
    ~Sink()
    {
        m_stopping = true;
        m_thread.join();
        ::close(m_listener);
    }
    quint16 port() const { return m_port; }
    qint64 received() const { return m_received.load(); }

private:
    int m_listener = -1;
    quint16 m_port = 0;
    std::atomic<bool> m_stopping{false};
    std::atomic<qint64> m_received{0};
    std::thread m_thread;
};

// Sends `total` bytes to 127.0.0.1:port from a thread while this thread runs the event loop
// (PortTunnel lives on it); MB/s until the sink counted them all, 0 on failure.
double push(quint16 port, qint64 total, const Sink &sink)
{
    const qint64 start = sink.received();
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0) {
        ::close(fd);
        return 0;
    }
    QElapsedTimer timer;
    timer.start();
    std::atomic<bool> sent{false};
    std::thread sender([&] {
        const QByteArray chunk = patternPayload(1 << 20, 1);
        qint64 left = total;
        while (left > 0) {
            const qint64 size = std::min<qint64>(left, chunk.size());
            if (!detail::sendAll(fd, chunk.constData(), size))
                break;
            left -= size;
        }
        sent = left == 0;
    });
    // A plain event loop: QTest::qWaitFor sleeps between its rounds, which would starve the
    // tunnel living on this thread.
    QEventLoop loop;
    QTimer poll;
    poll.setInterval(1);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (sink.received() - start >= total || g_tunnelBroke || timer.elapsed() > 600000)
            loop.quit();
    });
    poll.start();
    loop.exec();
    if (qEnvironmentVariableIsSet("BENCH_TUNNEL_TRACE"))
        std::fprintf(stderr, "port %u: %lld of %lld bytes in %.1f s\n", port,
                     sink.received() - start, total, double(timer.elapsed()) / 1000);
    const bool all = sink.received() - start >= total;
    if (!all)
        ::shutdown(fd, SHUT_RDWR); // unblocks the sender
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    sender.join();
    ::close(fd);
    return all && sent ? double(total) / 1e6 / seconds : 0;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values.empty() ? 0 : values[values.size() / 2];
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const qint64 mebibytes = argc > 1 ? std::atoll(argv[1]) : 1024;
    const int runs = argc > 2 ? std::atoi(argv[2]) : 3;
    if (mebibytes < 1 || runs < 1) {
        std::fprintf(stderr, "usage: bench_tunnel [MiB >= 1] [runs >= 1]\n");
        return 2;
    }
    if (qEnvironmentVariableIsEmpty("SPACES_SPACESD"))
        qputenv("SPACES_SPACESD",
                (QCoreApplication::applicationDirPath() + u"/../bin/spacesd"_s).toLocal8Bit());
    const qint64 total = mebibytes * 1024 * 1024;

    TestServer server;
    QString error;
    if (!server.start(&error)) {
        std::fprintf(stderr, "spacesd: %s\n", qPrintable(error));
        return 1;
    }
    const QString id = server.createSpace(u"bench"_s, u"blank"_s);
    if (id.isEmpty() || server.startSpace(id) != 200) {
        std::fprintf(stderr, "could not start a space\n");
        return 1;
    }
    Sink sink;
    PortTunnel tunnel(ConnectionSettings{server.process.url(), server.process.token()}, id,
                      sink.port());
    const Expected<quint16> tunnelPort = tunnel.listen(0);
    QObject::connect(&tunnel, &PortTunnel::connectionFailed, &tunnel, [](const QString &why) {
        std::fprintf(stderr, "tunnel: %s\n", qPrintable(why));
        g_tunnelBroke = true;
    });
    const quint16 relayPort = freeTcpPort();
    const ApiReply forward = server.api().post(u"/space-io/%1/port/forward"_s.arg(id),
                                               QJsonObject{{u"local_port"_s, relayPort},
                                                           {u"space"_s, u"bench"_s},
                                                           {u"remote_port"_s, sink.port()}});
    if (!tunnelPort || forward.status != 200) {
        std::fprintf(stderr, "could not set up the tunnel or the relay (%d)\n", forward.status);
        return 1;
    }

    std::printf("%lld MiB per run, %d runs, interleaved\n\n", mebibytes, runs);
    std::printf(
        "| run | direct MB/s | tunnel MB/s | relay MB/s | tunnel/direct | tunnel/relay |\n");
    std::printf("| --- | --- | --- | --- | --- | --- |\n");
    std::vector<double> direct, tunnelled, relayed;
    for (int run = 1; run <= runs; ++run) {
        direct.push_back(push(sink.port(), total, sink));
        g_tunnelBroke = false;
        tunnelled.push_back(push(*tunnelPort, total, sink));
        relayed.push_back(push(relayPort, total, sink));
        std::printf("| %d | %.0f | %.0f | %.0f | %.2f | %.2f |\n", run, direct.back(),
                    tunnelled.back(), relayed.back(), tunnelled.back() / direct.back(),
                    tunnelled.back() / relayed.back());
        std::fflush(stdout);
    }
    std::printf("| median | %.0f | %.0f | %.0f | %.2f | %.2f |\n", median(direct),
                median(tunnelled), median(relayed), median(tunnelled) / median(direct),
                median(tunnelled) / median(relayed));
    tunnel.stop();
    if (qEnvironmentVariableIsSet("SPACES_BENCH_SHOW_SERVER")) {
        const QByteArray output = server.process.output();
        std::fprintf(stderr, "--- spacesd (%s)\n%s\n",
                     server.process.isRunning() ? "running" : "ended",
                     output.right(4000).constData());
    }
    return 0;
}
