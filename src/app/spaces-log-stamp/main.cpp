// spaces-log-stamp [--convert]: copies its standard input (the write end of the pipe is the
// standard output and error of a space's services) to its standard output (the space's log
// file, opened for appending), each line after the UTC time it was read:
// "2026-12-02T14:30:00.123Z line". With --convert the lines come with a time of their own
// (`podman logs --timestamps`), rewritten in the same form. It ends at end of file, once the
// last process holding the write end is gone, after writing what it holds; a partial last
// line gets its line break. It ignores SIGTERM: a copy that ended before the services would
// leave them writing into a pipe without reader (SIGPIPE); when they end, it ends.
#include "LineStamper.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <string>
#include <unistd.h>

namespace {

timespec now()
{
    timespec at{};
    ::clock_gettime(CLOCK_REALTIME, &at);
    return at;
}

// Writes all of `text` to the log. A log that cannot be written to (a full disk) loses
// what did not fit rather than stopping the copy: the services must never wait on it.
void writeAll(std::string &text)
{
    std::size_t at = 0;
    while (at < text.size()) {
        const ssize_t written = ::write(STDOUT_FILENO, text.data() + at, text.size() - at);
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            break;
        at += std::size_t(written);
    }
    text.clear();
}

} // namespace

int main(int argc, char **argv)
{
    spaces::LineStamper::Mode mode = spaces::LineStamper::Mode::Add;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--convert") == 0) {
            mode = spaces::LineStamper::Mode::Convert;
        } else {
            const char usage[] = "usage: spaces-log-stamp [--convert] < output >> log\n";
            (void)!::write(STDERR_FILENO, usage, sizeof usage - 1);
            return 2;
        }
    }
    // Nothing that happens to the terminal, the server that started it or the services' group
    // ends the copy: only the end of its input does.
    for (const int signal : {SIGPIPE, SIGHUP, SIGINT, SIGTERM, SIGQUIT})
        ::signal(signal, SIG_IGN);
    // Room for a burst while the disk is slow (pipe-max-size allows 1 MiB unprivileged); a
    // pipe that stays smaller still works.
    (void)::fcntl(STDIN_FILENO, F_SETPIPE_SZ, 1 << 20);

    spaces::LineStamper stamper(mode);
    std::string out;
    static char buffer[64 * 1024];
    int status = 0;
    for (;;) {
        const ssize_t got = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            status = 1;
            break;
        }
        if (got == 0)
            break;
        stamper.feed(buffer, std::size_t(got), now(), out);
        writeAll(out);
    }
    stamper.finish(now(), out);
    writeAll(out);
    return status;
}
