#include "SpawnerProtocol.h"

#include <cerrno>
#include <cstring>
#include <sys/socket.h>
#include <unistd.h>

namespace spaces {

bool SpawnerProtocol::readExact(int fd, void *data, std::size_t size)
{
    auto *at = static_cast<char *>(data);
    while (size > 0) {
        const ssize_t got = ::read(fd, at, size);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return false;
        at += got;
        size -= std::size_t(got);
    }
    return true;
}

bool SpawnerProtocol::writeAll(int fd, const void *data, std::size_t size)
{
    const auto *at = static_cast<const char *>(data);
    while (size > 0) {
        const ssize_t written = ::send(fd, at, size, MSG_NOSIGNAL);
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            return false;
        at += written;
        size -= std::size_t(written);
    }
    return true;
}

bool SpawnerProtocol::sendDescriptors(int socket, const std::vector<int> &fds)
{
    if (fds.empty() || fds.size() > MaxDescriptors) {
        errno = EINVAL;
        return false;
    }
    char byte = 's';
    iovec data{&byte, 1};
    std::vector<char> control(CMSG_SPACE(sizeof(int) * fds.size()), 0);
    msghdr message{};
    message.msg_iov = &data;
    message.msg_iovlen = 1;
    message.msg_control = control.data();
    message.msg_controllen = control.size();
    cmsghdr *header = CMSG_FIRSTHDR(&message);
    header->cmsg_level = SOL_SOCKET;
    header->cmsg_type = SCM_RIGHTS;
    header->cmsg_len = CMSG_LEN(sizeof(int) * fds.size());
    std::memcpy(CMSG_DATA(header), fds.data(), sizeof(int) * fds.size());
    for (;;) {
        const ssize_t sent = ::sendmsg(socket, &message, MSG_NOSIGNAL);
        if (sent == 1)
            return true;
        if (sent < 0 && errno == EINTR)
            continue;
        return false;
    }
}

bool SpawnerProtocol::receiveDescriptors(int socket, std::vector<UniqueFd> *fds)
{
    char byte = 0;
    iovec data{&byte, 1};
    std::vector<char> control(CMSG_SPACE(sizeof(int) * MaxDescriptors), 0);
    msghdr message{};
    message.msg_iov = &data;
    message.msg_iovlen = 1;
    message.msg_control = control.data();
    message.msg_controllen = control.size();
    ssize_t got;
    do {
        got = ::recvmsg(socket, &message, MSG_CMSG_CLOEXEC);
    } while (got < 0 && errno == EINTR);
    if (got == 0)
        errno = 0; // the other end closed
    if (got <= 0)
        return false;
    fds->clear();
    for (cmsghdr *header = CMSG_FIRSTHDR(&message); header;
         header = CMSG_NXTHDR(&message, header)) {
        if (header->cmsg_level != SOL_SOCKET || header->cmsg_type != SCM_RIGHTS)
            continue;
        const std::size_t count = (header->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        std::vector<int> received(count);
        std::memcpy(received.data(), CMSG_DATA(header), sizeof(int) * count);
        for (const int fd : received)
            fds->emplace_back(fd);
    }
    return true;
}

} // namespace spaces
