#include "SpawnerLoop.h"

#include "ChildImage.h"
#include "ChildIsolation.h"
#include "ExecStatusPipe.h"
#include "SpawnRequest.h"
#include "SpawnerProtocol.h"

#include <QByteArray>
#include <cerrno>
#include <csignal>
#include <poll.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace spaces {

namespace {

// How long a runner may take to send the request it announced; it is this program's own
// server, so only a broken one would come near it.
constexpr int RequestLimitMs = 5000;

bool readRequest(int fd, QByteArray *bytes)
{
    pollfd entry{fd, POLLIN, 0};
    if (::poll(&entry, 1, RequestLimitMs) <= 0)
        return false;
    SpawnerProtocol::Header header;
    if (!SpawnerProtocol::readExact(fd, &header, sizeof header) ||
        header.size > SpawnerProtocol::MaxRequestSize)
        return false;
    bytes->resize(qsizetype(header.size));
    return SpawnerProtocol::readExact(fd, bytes->data(), header.size);
}

void answerStarted(int fd, pid_t pid)
{
    SpawnerProtocol::Started started;
    started.pid = pid;
    SpawnerProtocol::writeAll(fd, &started, sizeof started);
}

} // namespace

SpawnerLoop::SpawnerLoop(int controlSocket)
    : m_control(controlSocket)
{}

int SpawnerLoop::run()
{
    sigset_t handled;
    sigemptyset(&handled);
    for (const int signal : {SIGCHLD, SIGTERM, SIGINT, SIGHUP})
        sigaddset(&handled, signal);
    ::sigprocmask(SIG_BLOCK, &handled, nullptr);
    // A runner that went away must not kill us when we write its answer (send() says
    // MSG_NOSIGNAL too; this covers any other write).
    ::signal(SIGPIPE, SIG_IGN);
    m_signals.reset(::signalfd(-1, &handled, SFD_CLOEXEC | SFD_NONBLOCK));
    if (!m_signals.isValid())
        return 1;

    std::vector<pollfd> entries;
    std::vector<pid_t> owners;
    for (;;) {
        entries.clear();
        owners.clear();
        entries.push_back({m_control.get(), POLLIN, 0});
        entries.push_back({m_signals.get(), POLLIN, 0});
        for (const auto &[pid, runner] : m_children) {
            if (runner.isValid()) {
                entries.push_back({runner.get(), POLLIN, 0});
                owners.push_back(pid);
            }
        }
        if (::poll(entries.data(), nfds_t(entries.size()), -1) < 0) {
            if (errno == EINTR)
                continue;
            killAll();
            return 1;
        }
        if (entries[1].revents != 0) {
            signalfd_siginfo info{};
            bool ending = false;
            while (::read(m_signals.get(), &info, sizeof info) == ssize_t(sizeof info))
                ending = ending || info.ssi_signo != SIGCHLD;
            reapChildren();
            if (ending) {
                killAll();
                return 0;
            }
        }
        for (size_t i = 0; i < owners.size(); ++i) {
            if (entries[2 + i].revents != 0)
                readRunner(owners[i]);
        }
        if (entries[0].revents & POLLIN) {
            receiveRequest();
        } else if (entries[0].revents != 0) {
            // The server closed its end: it is gone or going.
            killAll();
            return 0;
        }
    }
}

void SpawnerLoop::receiveRequest()
{
    std::vector<UniqueFd> fds;
    if (!SpawnerProtocol::receiveDescriptors(m_control.get(), &fds)) {
        if (errno != EAGAIN && errno != EINTR) {
            killAll();
            ::_exit(0);
        }
        return;
    }
    if (fds.size() < 1 + SpawnRequest::FixedCount)
        return;
    UniqueFd runner = std::move(fds.front());
    fds.erase(fds.begin());
    QByteArray bytes;
    std::optional<SpawnRequest> request;
    if (readRequest(runner.get(), &bytes))
        request = SpawnRequest::decode(bytes, fds);
    ChildImage image;
    const int statusFd = fds[SpawnRequest::ExecStatus].get();
    if (!request || !image.prepare(request->program, request->arguments, request->environment,
                                   request->workingDirectory, nullptr)) {
        // The server checked all of this before it asked; only a mismatch of the two ends
        // comes here.
        ExecStatusPipe::send(statusFd, ExecStatusPipe::Kind::Failed, EINVAL,
                             qint64(ChildImage::Stage::Fork));
        answerStarted(runner.get(), -1);
        return;
    }
    if (request->isolation)
        request->isolation->prepare();
    const pid_t pid = ::fork();
    if (pid == 0)
        image.exec(fds[SpawnRequest::Stdin].get(), fds[SpawnRequest::Output].get(), statusFd,
                   request->isolation.get());
    if (pid < 0) {
        ExecStatusPipe::send(statusFd, ExecStatusPipe::Kind::Failed, errno,
                             qint64(ChildImage::Stage::Fork));
        answerStarted(runner.get(), -1);
        return;
    }
    // Our copies of the command's descriptors close here (fds and the isolation's), before
    // the answer: the runner reads the status pipe to its end next.
    request.reset();
    fds.clear();
    answerStarted(runner.get(), pid);
    m_children.emplace(pid, std::move(runner));
}

void SpawnerLoop::reapChildren()
{
    for (;;) {
        int status = 0;
        const pid_t pid = ::waitpid(-1, &status, WNOHANG);
        if (pid < 0 && errno == EINTR)
            continue;
        if (pid <= 0)
            return;
        const auto child = m_children.find(pid);
        if (child == m_children.end())
            continue;
        if (child->second.isValid()) {
            SpawnerProtocol::Exit exit;
            exit.status = status;
            SpawnerProtocol::writeAll(child->second.get(), &exit, sizeof exit);
        }
        m_children.erase(child);
    }
}

void SpawnerLoop::readRunner(pid_t pid)
{
    const auto child = m_children.find(pid);
    if (child == m_children.end() || !child->second.isValid())
        return;
    char command = 0;
    const ssize_t got = ::read(child->second.get(), &command, 1);
    if (got < 0 && (errno == EINTR || errno == EAGAIN))
        return;
    if (got <= 0) {
        // The runner gave up on it; it is reaped all the same.
        child->second.reset();
        return;
    }
    // Not reaped yet (it is still in the map), so the pid is still this command's group.
    if (command == SpawnerProtocol::KillGroup)
        ::kill(-pid, SIGKILL);
}

void SpawnerLoop::killAll()
{
    for (const auto &[pid, runner] : m_children)
        ::kill(-pid, SIGKILL);
}

} // namespace spaces
