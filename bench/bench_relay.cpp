// Throughput of spaces::PortRelay against a direct loopback connection and against socat.
//
// One run of a variant: a sink thread accepts one connection and reads until EOF; the sender
// connects to the variant's front port (the sink itself, a PortRelay, or a socat process in
// front of the sink), sends the payload in 1 MiB chunks and half-closes. The time is measured
// from the first send() to the sink's EOF, so process and relay start-up are not included.
// Variants are interleaved run by run so that slow drifts of the machine hit all of them alike.

#include "PortRelay.h"

#include <QString>
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <netinet/in.h>
#include <optional>
#include <spawn.h>
#include <string>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <utility>
#include <vector>

extern char **environ;

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kChunk = 1 << 20;

struct Fd
{
    int fd = -1;
    explicit Fd(int value = -1)
        : fd(value)
    {}
    ~Fd()
    {
        if (fd >= 0) {
            ::close(fd);
        }
    }
    Fd(const Fd &) = delete;
    Fd &operator=(const Fd &) = delete;
};

sockaddr_in loopback(quint16 port)
{
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return address;
}

// Listening socket on an ephemeral loopback port; returns the port.
quint16 listenAny(Fd &listener)
{
    listener.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address = loopback(0);
    socklen_t length = sizeof address;
    if (listener.fd < 0 ||
        ::bind(listener.fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0 ||
        ::listen(listener.fd, SOMAXCONN) != 0 ||
        ::getsockname(listener.fd, reinterpret_cast<sockaddr *>(&address), &length) != 0) {
        std::perror("bench_relay: listen");
        std::exit(1);
    }
    return ntohs(address.sin_port);
}

quint16 freePort()
{
    Fd probe;
    return listenAny(probe); // closed again on return; socat binds it right after
}

// Connects, retrying while a freshly started socat is not listening yet (start-up only).
int connectTo(quint16 port)
{
    const auto deadline = Clock::now() + std::chrono::seconds(10);
    for (;;) {
        const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        const sockaddr_in address = loopback(port);
        if (::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) == 0) {
            return fd;
        }
        ::close(fd);
        if (Clock::now() > deadline) {
            std::fprintf(stderr, "bench_relay: cannot connect to port %u\n", port);
            std::exit(1);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

std::optional<std::string> findSocat()
{
    const char *path = std::getenv("PATH");
    std::string dirs = path ? path : "/usr/bin:/bin";
    std::size_t start = 0;
    while (start <= dirs.size()) {
        const std::size_t end = std::min(dirs.find(':', start), dirs.size());
        const std::string candidate = dirs.substr(start, end - start) + "/socat";
        if (::access(candidate.c_str(), X_OK) == 0) {
            return candidate;
        }
        start = end + 1;
    }
    return std::nullopt;
}

// The reference relay, built next to this benchmark (bench/reference_relay.c).
std::string g_referencePath;

pid_t spawn(std::vector<std::string> args)
{
    std::vector<char *> argv;
    for (auto &arg : args) {
        argv.push_back(arg.data());
    }
    argv.push_back(nullptr);
    pid_t pid = -1;
    if (::posix_spawn(&pid, args[0].c_str(), nullptr, nullptr, argv.data(), environ) != 0) {
        std::perror("bench_relay: spawn");
        std::exit(1);
    }
    return pid;
}

pid_t spawnReference(quint16 listenPort, quint16 targetPort)
{
    return spawn({g_referencePath, std::to_string(listenPort), std::to_string(targetPort)});
}

void stopProcess(pid_t pid)
{
    int status = 0;
    ::kill(pid, SIGTERM);
    ::waitpid(pid, &status, 0);
}

// A field of /proc/<pid>/status ("Threads", "VmRSS" in kB), or -1.
long statusField(const std::string &pid, const std::string &name)
{
    std::ifstream status("/proc/" + pid + "/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind(name + ":", 0) == 0) {
            return std::stol(line.substr(name.size() + 1));
        }
    }
    return -1;
}

enum class Variant
{
    Direct,
    Relay,
    Reference,
    Socat,
    Socat1M
};

const char *variantName(Variant variant)
{
    switch (variant) {
    case Variant::Direct:
        return "direct (no relay)";
    case Variant::Relay:
        return "spaces::PortRelay";
    case Variant::Reference:
        return "reference epoll+splice";
    case Variant::Socat:
        return "socat (default -b 8192)";
    case Variant::Socat1M:
        return "socat -b 1048576";
    }
    return "";
}

struct Sample
{
    double rate = 0;       // bytes per second
    double cpuSeconds = 0; // user + system time of every thread and process involved
};

double cpuSeconds(int who)
{
    rusage usage{};
    ::getrusage(who, &usage);
    const auto seconds = [](const timeval &t) {
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
    };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// One transfer.
Sample measure(Variant variant, std::uint64_t size, const std::string &socat)
{
    const double cpuBefore = cpuSeconds(RUSAGE_SELF) + cpuSeconds(RUSAGE_CHILDREN);
    Fd sinkListener;
    const quint16 sinkPort = listenAny(sinkListener);

    std::uint64_t received = 0;
    Clock::time_point sinkEnd;
    std::thread sink([&] {
        Fd connection(::accept4(sinkListener.fd, nullptr, nullptr, SOCK_CLOEXEC));
        std::vector<char> buffer(kChunk);
        for (;;) {
            const ssize_t n = ::recv(connection.fd, buffer.data(), buffer.size(), 0);
            if (n <= 0) {
                if (n < 0 && errno == EINTR) {
                    continue;
                }
                break;
            }
            received += static_cast<std::uint64_t>(n);
        }
        sinkEnd = Clock::now();
    });

    std::unique_ptr<spaces::PortRelay> relay;
    pid_t socatPid = -1;
    quint16 frontPort = sinkPort;
    if (variant == Variant::Relay) {
        QString error;
        relay = spaces::PortRelay::open(0, sinkPort, &error);
        if (!relay) {
            std::fprintf(stderr, "bench_relay: %s\n", error.toLocal8Bit().constData());
            std::exit(1);
        }
        frontPort = relay->listenPort();
    } else if (variant == Variant::Reference) {
        frontPort = freePort();
        socatPid = spawnReference(frontPort, sinkPort);
    } else if (variant == Variant::Socat || variant == Variant::Socat1M) {
        frontPort = freePort();
        const std::string listen =
            "TCP-LISTEN:" + std::to_string(frontPort) + ",bind=127.0.0.1,reuseaddr";
        const std::string connect = "TCP:127.0.0.1:" + std::to_string(sinkPort);
        std::vector<std::string> args = {socat};
        if (variant == Variant::Socat1M) {
            args.insert(args.end(), {"-b", "1048576"});
        }
        args.insert(args.end(), {listen, connect});
        std::vector<char *> argv;
        for (auto &arg : args) {
            argv.push_back(arg.data());
        }
        argv.push_back(nullptr);
        if (::posix_spawn(&socatPid, socat.c_str(), nullptr, nullptr, argv.data(), environ) != 0) {
            std::perror("bench_relay: spawn socat");
            std::exit(1);
        }
    }

    Fd sender(connectTo(frontPort));
    std::vector<char> payload(kChunk);
    for (std::size_t i = 0; i < payload.size(); ++i) {
        payload[i] = static_cast<char>(i * 131 + 7);
    }
    const Clock::time_point start = Clock::now();
    std::uint64_t sent = 0;
    while (sent < size) {
        const std::size_t want =
            static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, size - sent));
        const ssize_t n = ::send(sender.fd, payload.data(), want, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            std::perror("bench_relay: send");
            std::exit(1);
        }
        sent += static_cast<std::uint64_t>(n);
    }
    ::shutdown(sender.fd, SHUT_WR);
    sink.join();

    if (socatPid > 0 && variant == Variant::Reference) {
        stopProcess(socatPid); // it serves any number of connections
    } else if (socatPid > 0) {
        int status = 0;
        const auto deadline = Clock::now() + std::chrono::seconds(10);
        while (::waitpid(socatPid, &status, WNOHANG) == 0) {
            if (Clock::now() > deadline) {
                ::kill(socatPid, SIGTERM);
                ::waitpid(socatPid, &status, 0);
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    }
    relay.reset();

    if (received != size) {
        std::fprintf(stderr, "bench_relay: %s delivered %llu of %llu bytes\n", variantName(variant),
                     static_cast<unsigned long long>(received),
                     static_cast<unsigned long long>(size));
        std::exit(1);
    }
    const double seconds = std::chrono::duration<double>(sinkEnd - start).count();
    const double cpu = cpuSeconds(RUSAGE_SELF) + cpuSeconds(RUSAGE_CHILDREN) - cpuBefore;
    return {static_cast<double>(size) / seconds, cpu};
}

// A relay under test for the scale measurements: spaces::PortRelay in this process, or the
// reference relay in a child process. Both stay up for a whole measurement.
struct Front
{
    std::unique_ptr<spaces::PortRelay> relay;
    pid_t pid = -1;
    quint16 port = 0;

    Front(Variant variant, quint16 sinkPort, int sinkListener)
    {
        if (variant == Variant::Relay) {
            QString error;
            relay = spaces::PortRelay::open(0, sinkPort, &error);
            if (!relay) {
                std::fprintf(stderr, "bench_relay: %s\n", error.toLocal8Bit().constData());
                std::exit(1);
            }
            port = relay->listenPort();
        } else {
            port = freePort();
            pid = spawnReference(port, sinkPort);
            // Waits until it listens; the probe reaches the sink too and is taken off its backlog.
            ::close(connectTo(port));
            ::close(::accept4(sinkListener, nullptr, nullptr, SOCK_CLOEXEC));
        }
    }
    ~Front()
    {
        if (pid > 0) {
            stopProcess(pid);
        }
    }
    // Threads and RSS (KiB) of the relay's process; for PortRelay that is this benchmark,
    // whose only other thread is the driver's (main) and whose buffers are a few MiB.
    std::pair<long, long> threadsAndRss() const
    {
        const std::string who = pid > 0 ? std::to_string(pid) : "self";
        return {statusField(who, "Threads"), statusField(who, "VmRSS")};
    }
    Front(const Front &) = delete;
    Front &operator=(const Front &) = delete;
};

struct ConcurrentSample
{
    double rate = 0; // aggregate bytes per second
    long threads = 0;
    long rssKiB = 0;
};

void setNonBlocking(int fd)
{
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
}

// `connections` connections at once through the variant, each sending bytesEach and
// half-closing, all driven from this one thread with edge-triggered epoll (so the benchmark adds
// no thread per connection to what is measured). Threads and RSS are sampled when half of all
// bytes have arrived, with every connection open.
ConcurrentSample measureConcurrent(Variant variant, int connections, std::uint64_t bytesEach)
{
    Fd sinkListener;
    const quint16 sinkPort = listenAny(sinkListener);
    const Front front(variant, sinkPort, sinkListener.fd);

    std::vector<Fd> clients(static_cast<std::size_t>(connections));
    std::vector<Fd> sinks(static_cast<std::size_t>(connections));
    for (int i = 0; i < connections; ++i) {
        clients[std::size_t(i)].fd = connectTo(front.port);
        sinks[std::size_t(i)].fd = ::accept4(sinkListener.fd, nullptr, nullptr, SOCK_CLOEXEC);
        if (sinks[std::size_t(i)].fd < 0) {
            std::perror("bench_relay: accept");
            std::exit(1);
        }
    }
    Fd epoll(::epoll_create1(EPOLL_CLOEXEC));
    // data.u64: index, with the top bit set for a sink.
    constexpr std::uint64_t kSink = 1ull << 63;
    for (int i = 0; i < connections; ++i) {
        setNonBlocking(clients[std::size_t(i)].fd);
        setNonBlocking(sinks[std::size_t(i)].fd);
        epoll_event event{};
        event.events = EPOLLOUT | EPOLLET;
        event.data.u64 = std::uint64_t(i);
        ::epoll_ctl(epoll.fd, EPOLL_CTL_ADD, clients[std::size_t(i)].fd, &event);
        event.events = EPOLLIN | EPOLLRDHUP | EPOLLET;
        event.data.u64 = std::uint64_t(i) | kSink;
        ::epoll_ctl(epoll.fd, EPOLL_CTL_ADD, sinks[std::size_t(i)].fd, &event);
    }

    std::vector<char> payload(kChunk, 'p');
    std::vector<char> buffer(kChunk);
    std::vector<std::uint64_t> sent(static_cast<std::size_t>(connections), 0);
    const std::uint64_t total = bytesEach * std::uint64_t(connections);
    std::uint64_t received = 0;
    int finished = 0;
    ConcurrentSample sample;
    bool sampled = false;
    std::vector<epoll_event> events(1024);
    const Clock::time_point start = Clock::now();
    // Every client is writable at first, and the edge for that is already pending.
    while (finished < connections) {
        const int count = ::epoll_wait(epoll.fd, events.data(), int(events.size()), 10000);
        if (count == 0) {
            std::fprintf(stderr, "bench_relay: %s stalled with %d connections\n",
                         variantName(variant), connections);
            std::exit(1);
        }
        for (int e = 0; e < count; ++e) {
            const std::uint64_t tag = events[std::size_t(e)].data.u64;
            const auto index = static_cast<std::size_t>(tag & ~kSink);
            if (tag & kSink) {
                for (;;) {
                    const ssize_t n = ::recv(sinks[index].fd, buffer.data(), buffer.size(), 0);
                    if (n > 0) {
                        received += std::uint64_t(n);
                        continue;
                    }
                    if (n == 0) {
                        ::close(sinks[index].fd);
                        sinks[index].fd = -1;
                        ++finished;
                    }
                    break;
                }
            } else {
                while (sent[index] < bytesEach) {
                    const std::size_t want =
                        std::min<std::uint64_t>(kChunk, bytesEach - sent[index]);
                    const ssize_t n = ::send(clients[index].fd, payload.data(), want, MSG_NOSIGNAL);
                    if (n <= 0) {
                        break;
                    }
                    sent[index] += std::uint64_t(n);
                    if (sent[index] == bytesEach) {
                        ::shutdown(clients[index].fd, SHUT_WR);
                    }
                }
            }
        }
        if (!sampled && received >= total / 2) {
            sampled = true;
            std::tie(sample.threads, sample.rssKiB) = front.threadsAndRss();
        }
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (received != total) {
        std::fprintf(stderr, "bench_relay: %s delivered %llu of %llu bytes\n", variantName(variant),
                     static_cast<unsigned long long>(received),
                     static_cast<unsigned long long>(total));
        std::exit(1);
    }
    sample.rate = static_cast<double>(total) / seconds;
    return sample;
}

// Connection churn: `count` connections one after the other, each connecting, sending one byte,
// half-closing and waiting for the end (the sink reads to EOF and closes). Connections per second.
double measureChurn(Variant variant, int count)
{
    Fd sinkListener;
    const quint16 sinkPort = listenAny(sinkListener);
    const Front front(variant, sinkPort, sinkListener.fd);
    std::thread sink([&] {
        char byte = 0;
        for (int i = 0; i < count; ++i) {
            Fd connection(::accept4(sinkListener.fd, nullptr, nullptr, SOCK_CLOEXEC));
            while (::recv(connection.fd, &byte, 1, 0) > 0) {
            }
        }
    });
    const Clock::time_point start = Clock::now();
    for (int i = 0; i < count; ++i) {
        Fd client(connectTo(front.port));
        const char byte = 'c';
        char ignored = 0;
        if (::send(client.fd, &byte, 1, MSG_NOSIGNAL) != 1 || ::shutdown(client.fd, SHUT_WR) != 0) {
            std::perror("bench_relay: churn");
            std::exit(1);
        }
        while (::recv(client.fd, &ignored, 1, 0) > 0) {
        }
    }
    sink.join();
    return count / std::chrono::duration<double>(Clock::now() - start).count();
}

// Best, median and worst of a set of samples.
struct Spread
{
    double best = 0, median = 0, worst = 0;
};

Spread spread(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return {values.back(), values[values.size() / 2], values.front()};
}

// Aggregate throughput at 10, 100 and 1,000 connections, threads and RSS at 1,000, and churn;
// PortRelay and the reference interleaved run by run.
void runScale(int runs, std::uint64_t totalBytes, int churnCount)
{
    rlimit limit{};
    ::getrlimit(RLIMIT_NOFILE, &limit);
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);

    const std::vector<Variant> variants = {Variant::Relay, Variant::Reference};
    for (const int connections : {10, 100, 1000}) {
        const std::uint64_t bytesEach = totalBytes / std::uint64_t(connections);
        std::vector<std::vector<ConcurrentSample>> samples(variants.size());
        std::vector<double> ratios;
        for (int run = 0; run < runs; ++run) {
            for (std::size_t v = 0; v < variants.size(); ++v) {
                samples[v].push_back(measureConcurrent(variants[v], connections, bytesEach));
            }
            ratios.push_back(samples[0].back().rate / samples[1].back().rate);
        }
        std::printf("\n%d connections x %.1f MiB, aggregate GB/s  best  median  worst   threads  "
                    "RSS MiB (median, at half of the bytes)\n",
                    connections, static_cast<double>(bytesEach) / (1 << 20));
        for (std::size_t v = 0; v < variants.size(); ++v) {
            std::vector<double> rates, threads, rss;
            for (const ConcurrentSample &sample : samples[v]) {
                rates.push_back(sample.rate / 1e9);
                threads.push_back(double(sample.threads));
                rss.push_back(double(sample.rssKiB) / 1024);
            }
            const Spread r = spread(rates);
            std::printf("  %-26s %14.2f %7.2f %6.2f %9.0f %8.1f\n", variantName(variants[v]),
                        r.best, r.median, r.worst, spread(threads).median, spread(rss).median);
        }
        const Spread r = spread(ratios);
        std::printf("  relay/reference per run: best %.2f median %.2f worst %.2f\n", r.best,
                    r.median, r.worst);
    }

    std::vector<std::vector<double>> churn(variants.size());
    std::vector<double> ratios;
    for (int run = 0; run < runs; ++run) {
        for (std::size_t v = 0; v < variants.size(); ++v) {
            churn[v].push_back(measureChurn(variants[v], churnCount));
        }
        ratios.push_back(churn[0].back() / churn[1].back());
    }
    std::printf("\nchurn (connect, 1 byte, close), %d connections, connections/s  best  median  "
                "worst\n",
                churnCount);
    for (std::size_t v = 0; v < variants.size(); ++v) {
        const Spread c = spread(churn[v]);
        std::printf("  %-26s %27.0f %7.0f %6.0f\n", variantName(variants[v]), c.best, c.median,
                    c.worst);
    }
    const Spread r = spread(ratios);
    std::printf("  relay/reference per run: best %.2f median %.2f worst %.2f\n", r.best, r.median,
                r.worst);
}

std::uint64_t parseSize(const char *text)
{
    char *end = nullptr;
    const double value = std::strtod(text, &end);
    std::uint64_t unit = 1;
    switch (end && *end ? *end : ' ') {
    case 'k':
    case 'K':
        unit = 1ull << 10;
        break;
    case 'm':
    case 'M':
        unit = 1ull << 20;
        break;
    case 'g':
    case 'G':
        unit = 1ull << 30;
        break;
    default:
        break;
    }
    return static_cast<std::uint64_t>(value * static_cast<double>(unit));
}

} // namespace

int main(int argc, char **argv)
{
    if (argc > 1 && (std::strcmp(argv[1], "-h") == 0 || std::strcmp(argv[1], "--help") == 0)) {
        std::printf("usage: %s [size, default 1G (K/M/G suffixes)] [runs per variant, default 5]\n"
                    "       [bulk|scale, or one bulk variant for profiling:\n"
                    "        direct|relay|reference|socat|socat1m]\n"
                    "bulk: one stream of `size`; scale: `size` spread over 10, 100 and 1,000\n"
                    "connections, and churn of 2,000 connections; default: both\n",
                    argv[0]);
        return 0;
    }
    const std::uint64_t size = argc > 1 ? parseSize(argv[1]) : (1ull << 30);
    const int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;
    const std::string only = argc > 3 ? argv[3] : "";
    if (size == 0) {
        std::fprintf(stderr, "bench_relay: invalid size '%s'\n", argv[1]);
        return 2;
    }
    std::signal(SIGPIPE, SIG_IGN);
    {
        char self[4096] = {};
        const ssize_t length = ::readlink("/proc/self/exe", self, sizeof self - 1);
        std::string directory = length > 0 ? std::string(self, std::size_t(length)) : argv[0];
        directory = directory.substr(0, directory.rfind('/') + 1);
        g_referencePath = directory + "reference_relay";
        if (::access(g_referencePath.c_str(), X_OK) != 0) {
            std::fprintf(stderr, "bench_relay: %s not found (build the bench_relay target)\n",
                         g_referencePath.c_str());
            return 1;
        }
    }

    const std::optional<std::string> socat = findSocat();
    std::vector<Variant> variants = {Variant::Direct, Variant::Relay, Variant::Reference};
    if (socat) {
        variants.push_back(Variant::Socat);
        variants.push_back(Variant::Socat1M);
    }
    const double gib = static_cast<double>(size) / static_cast<double>(1ull << 30);

    if (!only.empty() && only != "bulk" && only != "scale") {
        const std::vector<std::pair<std::string, Variant>> names = {
            {"direct", Variant::Direct},
            {"relay", Variant::Relay},
            {"reference", Variant::Reference},
            {"socat", Variant::Socat},
            {"socat1m", Variant::Socat1M}};
        const auto found = std::find_if(names.begin(), names.end(),
                                        [&](const auto &entry) { return entry.first == only; });
        if (found == names.end() || (found->second >= Variant::Socat && !socat)) {
            std::fprintf(stderr, "bench_relay: unknown or unavailable variant '%s'\n",
                         only.c_str());
            return 2;
        }
        for (int run = 0; run < runs; ++run) {
            const Sample sample = measure(found->second, size, socat.value_or(std::string()));
            std::printf("%-26s %8.2f GB/s %8.2f CPU s per GiB\n", variantName(found->second),
                        sample.rate / 1e9, sample.cpuSeconds / gib);
        }
        return 0;
    }

    double load = -1;
    if (FILE *file = std::fopen("/proc/loadavg", "r")) {
        if (std::fscanf(file, "%lf", &load) != 1) {
            load = -1;
        }
        std::fclose(file);
    }
    std::printf("bench_relay: %.2f GiB per transfer, %d runs per variant (interleaved), %u CPUs, "
                "load average %.2f\n",
                gib, runs, std::thread::hardware_concurrency(), load);
    if (!socat) {
        std::printf("socat not found in PATH: skipping the socat variants\n");
    }

    if (only == "scale") {
        runScale(runs, size, 2000);
        return 0;
    }
    std::vector<std::vector<Sample>> samples(variants.size());
    for (int run = 0; run < runs; ++run) {
        for (std::size_t v = 0; v < variants.size(); ++v) {
            samples[v].push_back(measure(variants[v], size, socat.value_or(std::string())));
        }
    }

    std::printf("\n%-26s %8s %8s %8s %14s\n", "variant", "best", "median", "worst",
                "CPU s per GiB");
    std::vector<double> best(variants.size());
    std::vector<double> median(variants.size());
    for (std::size_t v = 0; v < variants.size(); ++v) {
        std::vector<double> rates;
        std::vector<double> cpu;
        for (const Sample &sample : samples[v]) {
            rates.push_back(sample.rate / 1e9);
            cpu.push_back(sample.cpuSeconds / gib);
        }
        std::sort(rates.begin(), rates.end());
        std::sort(cpu.begin(), cpu.end());
        best[v] = rates.back();
        median[v] = rates[rates.size() / 2];
        std::printf("%-26s %8.2f %8.2f %8.2f %14.2f\n", variantName(variants[v]), best[v],
                    median[v], rates.front(), cpu[cpu.size() / 2]);
    }
    std::printf(
        "(GB/s, 1 GB = 1e9 bytes; CPU = median user+sys of sender, sink, relay or socat)\n");
    std::printf("\nratios            best   median\n");
    std::printf("relay/direct      %4.2f   %4.2f\n", best[1] / best[0], median[1] / median[0]);
    std::printf("relay/reference   %4.2f   %4.2f\n", best[1] / best[2], median[1] / median[2]);
    if (socat) {
        std::printf("relay/socat       %4.2f   %4.2f\n", best[1] / best[3], median[1] / median[3]);
        std::printf("relay/socat-1MiB  %4.2f   %4.2f\n", best[1] / best[4], median[1] / median[4]);
    }
    if (only != "bulk") {
        runScale(runs, size, 2000);
    }
    return 0;
}
