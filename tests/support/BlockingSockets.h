#pragma once

// Plain blocking POSIX loopback sockets for tests that drive a relay from the outside, as its
// clients and targets do: every socket gets a receive and send timeout, so a broken relay makes
// a test fail instead of hang. Header-only, no Qt Network.

#include "UniqueFd.h"

#include <QByteArray>
#include <cerrno>
#include <cstddef>
#include <filesystem>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>

namespace spaces::test {

// Upper bound for any single blocking socket call; generous for a loaded 2-core machine, yet
// finite so that a bug cannot hang the suite.
constexpr int BlockingIoTimeoutSeconds = 60;

inline sockaddr_in loopback(quint16 port)
{
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return address;
}

inline void setTimeouts(int fd, int seconds = BlockingIoTimeoutSeconds)
{
    const timeval timeout{seconds, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
}

// A socket bound to 127.0.0.1:port (0: any free port), optionally listening, with timeouts.
inline UniqueFd bindLoopback(quint16 port, bool reuseAddress, bool listening,
                             quint16 *boundPort = nullptr)
{
    UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd.isValid())
        return {};
    const int on = 1;
    if (reuseAddress)
        ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    sockaddr_in address = loopback(port);
    socklen_t length = sizeof address;
    if (::bind(fd.get(), reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0 ||
        (listening && ::listen(fd.get(), SOMAXCONN) != 0) ||
        ::getsockname(fd.get(), reinterpret_cast<sockaddr *>(&address), &length) != 0) {
        return {};
    }
    setTimeouts(fd.get());
    if (boundPort)
        *boundPort = ntohs(address.sin_port);
    return fd;
}

// A listening socket on a free loopback port; accept() on it times out like every other call.
inline UniqueFd listenLoopback(quint16 *port)
{
    return bindLoopback(0, false, true, port);
}

// A port nothing listens on (it was free a moment ago; nobody else in the tests binds it).
inline quint16 unusedPort()
{
    quint16 port = 0;
    bindLoopback(0, false, false, &port);
    return port;
}

inline UniqueFd connectLoopback(quint16 port)
{
    UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd.isValid())
        return {};
    setTimeouts(fd.get());
    const sockaddr_in address = loopback(port);
    if (::connect(fd.get(), reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0)
        return {};
    return fd;
}

inline UniqueFd acceptOne(int listener)
{
    for (;;) {
        const int fd = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd >= 0) {
            setTimeouts(fd);
            return UniqueFd(fd);
        }
        if (errno != EINTR && errno != ECONNABORTED)
            return {};
    }
}

inline bool sendAll(int fd, const char *data, std::size_t size)
{
    while (size > 0) {
        const ssize_t sent = ::send(fd, data, size, MSG_NOSIGNAL);
        if (sent < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        data += sent;
        size -= static_cast<std::size_t>(sent);
    }
    return true;
}

inline bool sendAll(int fd, const QByteArray &data)
{
    return sendAll(fd, data.constData(), static_cast<std::size_t>(data.size()));
}

// Reads exactly size bytes unless EOF, an error or the timeout comes first.
inline QByteArray receiveExactly(int fd, qsizetype size)
{
    QByteArray data(size, Qt::Uninitialized);
    qsizetype done = 0;
    while (done < size) {
        const ssize_t received =
            ::recv(fd, data.data() + done, static_cast<std::size_t>(size - done), 0);
        if (received < 0 && errno == EINTR)
            continue;
        if (received <= 0)
            break;
        done += received;
    }
    data.truncate(done);
    return data;
}

// Reads until EOF. False on an error or timeout (the data read so far is kept).
inline bool receiveToEof(int fd, QByteArray *data)
{
    char buffer[64 << 10];
    for (;;) {
        const ssize_t received = ::recv(fd, buffer, sizeof buffer, 0);
        if (received == 0)
            return true;
        if (received < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        data->append(buffer, received);
    }
}

// Descriptors this process has open, to tell leaks.
inline int openDescriptorCount()
{
    int count = 0;
    for ([[maybe_unused]] const auto &entry : std::filesystem::directory_iterator("/proc/self/fd"))
        ++count;
    return count;
}

} // namespace spaces::test
