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
#include <netinet/in.h>
#include <optional>
#include <spawn.h>
#include <string>
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
        ::listen(listener.fd, 16) != 0 ||
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

enum class Variant
{
    Direct,
    Relay,
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

    if (socatPid > 0) {
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
                    "       [only one variant, for profiling: direct|relay|socat|socat1m]\n",
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

    const std::optional<std::string> socat = findSocat();
    std::vector<Variant> variants = {Variant::Direct, Variant::Relay};
    if (socat) {
        variants.push_back(Variant::Socat);
        variants.push_back(Variant::Socat1M);
    }
    const double gib = static_cast<double>(size) / static_cast<double>(1ull << 30);

    if (!only.empty()) {
        const std::vector<std::pair<std::string, Variant>> names = {{"direct", Variant::Direct},
                                                                    {"relay", Variant::Relay},
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
    if (socat) {
        std::printf("relay/socat       %4.2f   %4.2f\n", best[1] / best[2], median[1] / median[2]);
        std::printf("relay/socat-1MiB  %4.2f   %4.2f\n", best[1] / best[3], median[1] / median[3]);
    }
    return 0;
}
