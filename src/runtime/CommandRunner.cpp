#include "CommandRunner.h"

#include "ChildImage.h"
#include "ChildIsolation.h"
#include "CommandOutputBuffer.h"
#include "CommandOutputStream.h"
#include "ErrnoText.h"
#include "ExecStatusPipe.h"
#include "ProcessGroup.h"
#include "RunningChild.h"
#include "SpawnRequest.h"
#include "Spawner.h"
#include "UniqueFd.h"

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

namespace spaces {

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// Without a pidfd the child's exit is noticed by polling waitpid() this often.
constexpr auto exitPollInterval = 20ms;
// How often a running command looks at its stop token.
constexpr auto stopPollInterval = 200ms;
// After the main process ended: how long we keep reading output that is still flowing in.
constexpr auto drainLimit = 100ms;
// The same for a streamed command whose reader may hold the stream full for a while.
constexpr auto streamDrainLimit = 5s;
// After SIGKILL on timeout: how long we wait for the group to vanish from /proc.
constexpr auto killWaitLimit = 2s;
// Keep clock and poll() arithmetic far from overflow for absurd timeouts.
constexpr std::chrono::seconds longestTimeout = std::chrono::hours(24 * 365);
constexpr auto longestPollWait = 1h;

CommandOutcome failedToStart(const QString &error)
{
    CommandOutcome outcome;
    outcome.failedToStart = true;
    outcome.error = error;
    return outcome;
}

// Reads until the pipe is empty (non-blocking read end). Returns false at EOF. Stops after
// `budget` so one busy writer cannot starve the exit and timeout checks.
// With a stream, the output goes there as it is read, and reading stops while it is full.
bool readAvailable(int fd, CommandOutputBuffer &buffer, CommandOutputStream *stream,
                   qsizetype budget = 1024 * 1024)
{
    char chunk[64 * 1024];
    while (budget > 0) {
        if (stream && !stream->hasRoom())
            return true;
        const ssize_t got = ::read(fd, chunk, sizeof chunk);
        if (got > 0) {
            if (stream)
                stream->write(chunk, got);
            else
                buffer.append(chunk, got);
            budget -= got;
            continue;
        }
        if (got < 0 && errno == EINTR)
            continue;
        // 0 is EOF; EAGAIN means empty but still open; other errors end reading like EOF.
        return got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
    }
    return true;
}

void drain(int fd, CommandOutputBuffer &buffer, CommandOutputStream *stream)
{
    // A stream's reader may be slow: its last output still goes out, waiting for room (but
    // not for ever: a background child may write for as long as it likes).
    const auto deadline = Clock::now() + (stream ? streamDrainLimit : drainLimit);
    while (Clock::now() < deadline) {
        if (stream && !stream->hasRoom()) {
            pollfd wake{stream->wakeFd(), POLLIN, 0};
            if (::poll(&wake, 1, int(exitPollInterval.count())) > 0)
                stream->consumeWake();
            continue;
        }
        pollfd entry{fd, POLLIN, 0};
        if (::poll(&entry, 1, 0) <= 0)
            return;
        if (!readAvailable(fd, buffer, stream, 64 * 1024))
            return;
    }
}

void describeExit(int status, CommandOutcome *outcome)
{
    if (status == -1) {
        outcome->error = QStringLiteral("exit status unknown");
        return;
    }
    if (WIFEXITED(status)) {
        outcome->exitCode = WEXITSTATUS(status);
        if (outcome->exitCode != 0)
            outcome->error = QStringLiteral("exit status %1").arg(outcome->exitCode);
    } else if (WIFSIGNALED(status)) {
        outcome->exitCode = 128 + WTERMSIG(status);
        outcome->error = QStringLiteral("exit status %1 (killed by signal %2)")
                             .arg(outcome->exitCode)
                             .arg(WTERMSIG(status));
    }
}

} // namespace

CommandOutcome CommandRunner::run(const CommandSpec &spec)
{
    ChildImage image;
    QString message;
    if (!image.prepare(spec.program, spec.arguments, spec.environment, spec.workingDirectory,
                       &message))
        return failedToStart(message);

    const UniqueFd devNull(::open("/dev/null", O_RDONLY | O_CLOEXEC));
    int fds[2];
    if (!devNull.isValid() || ::pipe2(fds, O_CLOEXEC) != 0) {
        const int saved = errno;
        return failedToStart(
            QStringLiteral("Could not set up the output pipe: %1").arg(ErrnoText::describe(saved)));
    }
    const UniqueFd readEnd(fds[0]);
    UniqueFd writeEnd(fds[1]);
    // Only our end is non-blocking; the child's stdout must stay blocking.
    ::fcntl(readEnd.get(), F_SETFL, ::fcntl(readEnd.get(), F_GETFL) | O_NONBLOCK);
    ExecStatusPipe status;
    if (!status.open(&message))
        return failedToStart(message);
    if (spec.isolation)
        spec.isolation->prepare();

    // The spawner forks from its own small image; without one, this process forks.
    SpawnRequest request{spec.program, spec.arguments, spec.environment, spec.workingDirectory,
                         spec.isolation};
    std::optional<RunningChild> child =
        Spawner::spawn(request, devNull.get(), writeEnd.get(), status.writeFd());
    if (!child) {
        const pid_t forked = ::fork();
        if (forked < 0) {
            const int saved = errno;
            return failedToStart(image.describeFailure(ChildImage::Stage::Fork, saved));
        }
        if (forked == 0)
            image.exec(devNull.get(), writeEnd.get(), status.writeFd(), spec.isolation.get());
        child = RunningChild::forked(forked);
    }
    const pid_t pid = child->pid();

    writeEnd.reset();
    status.closeWriteEnd();
    int waitStatus = 0;
    for (const ExecStatusPipe::Record &record : status.receiveAll()) {
        if (record.kind == ExecStatusPipe::Kind::Failed) {
            if (pid > 0)
                child->reap(&waitStatus, true);
            return failedToStart(
                image.describeFailure(ChildImage::Stage(record.value), record.errnum));
        }
    }
    if (pid <= 0)
        return failedToStart(QStringLiteral("Could not start a process: the spawner ended"));
    // The child has exec'd, so it already leads its own group: -pid reaches all of it. The
    // pid cannot be reused before we reap it, so signalling -pid up to then is safe.

    CommandOutputBuffer output(spec.outputLimit);
    CommandOutputStream *stream = spec.outputStream.get();
    CommandOutcome outcome;
    // A pidfd (or the spawner's socket) lets poll() wake up on exit; without one (old
    // kernels) we poll waitpid().
    const int exitFd = child->exitFd();
    const bool hasTimeout = spec.timeout.count() > 0;
    const auto deadline = Clock::now() + std::min(spec.timeout, longestTimeout);
    bool outputOpen = true;
    for (;;) {
        if (child->reap(&waitStatus, false))
            break;
        const auto now = Clock::now();
        if (hasTimeout && now >= deadline) {
            outcome.timedOut = true;
            break;
        }
        if (spec.stop.stop_requested()) {
            outcome.cancelled = true;
            break;
        }
        int waitMs = -1;
        if (hasTimeout) {
            waitMs = int(std::chrono::ceil<std::chrono::milliseconds>(
                             std::min<Clock::duration>(deadline - now, longestPollWait))
                             .count());
        }
        if (exitFd < 0)
            waitMs = waitMs < 0 ? int(exitPollInterval.count())
                                : qMin(waitMs, int(exitPollInterval.count()));
        // A stop request has no descriptor to wake poll(); look at it a few times a second.
        if (spec.stop.stop_possible())
            waitMs = waitMs < 0 ? int(stopPollInterval.count())
                                : qMin(waitMs, int(stopPollInterval.count()));

        // A full stream: the pipe is left alone (the command waits on it) until the stream's
        // reader makes room.
        const bool reading = outputOpen && (!stream || stream->hasRoom());
        pollfd entries[3];
        nfds_t count = 0;
        if (reading)
            entries[count++] = pollfd{readEnd.get(), POLLIN, 0};
        if (exitFd >= 0)
            entries[count++] = pollfd{exitFd, POLLIN, 0};
        if (stream)
            entries[count++] = pollfd{stream->wakeFd(), POLLIN, 0};
        const int ready = ::poll(count ? entries : nullptr, count, waitMs);
        if (ready < 0 && errno != EINTR)
            ::poll(nullptr, 0, int(exitPollInterval.count())); // unexpected; don't spin
        if (stream && entries[count - 1].revents != 0)
            stream->consumeWake();
        if (ready > 0 && reading && entries[0].revents != 0)
            outputOpen = readAvailable(readEnd.get(), output, stream);
    }

    if (outcome.timedOut || outcome.cancelled) {
        child->killGroup();
        child->reap(&waitStatus, true);
        ProcessGroup::waitUntilGone(pid, killWaitLimit);
    }
    if (outputOpen)
        drain(readEnd.get(), output, stream);

    outcome.truncated = output.truncated();
    outcome.output = output.take();
    describeExit(waitStatus, &outcome);
    if (outcome.timedOut)
        outcome.error = QStringLiteral("Command timed out");
    else if (outcome.cancelled)
        outcome.error = QStringLiteral("Command cancelled: the server is shutting down");
    return outcome;
}

} // namespace spaces
