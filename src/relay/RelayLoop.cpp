#include "RelayLoop.h"

#include "RelayEventHandler.h"
#include "RelayListener.h"
#include "RelaySession.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <future>
#include <pthread.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <system_error>
#include <unistd.h>

namespace spaces {

namespace {

constexpr int kMaxEvents = 256;

UniqueFd checked(int fd)
{
    if (fd < 0) {
        throw std::system_error(errno, std::generic_category());
    }
    return UniqueFd(fd);
}

} // namespace

RelayLoop::RelayLoop()
    : m_epoll(checked(::epoll_create1(EPOLL_CLOEXEC)))
    , m_wakeup(checked(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)))
{
    // The wake-up descriptor is the one entry with a null handler.
    if (const int error = watch(m_wakeup.get(), EPOLLIN | EPOLLET, nullptr)) {
        throw std::system_error(error, std::generic_category());
    }
    m_thread = std::thread([this] { run(); });
}

RelayLoop::~RelayLoop()
{
    post([this] { m_stopping = true; });
    m_thread.join();
}

void RelayLoop::post(std::function<void()> task)
{
    bool wake = false;
    {
        const std::lock_guard lock(m_tasksMutex);
        m_tasks.push_back(std::move(task));
        wake = !m_wakePending;
        m_wakePending = true;
    }
    if (wake) {
        const std::uint64_t one = 1;
        [[maybe_unused]] const ssize_t ignored = ::write(m_wakeup.get(), &one, sizeof one);
    }
}

void RelayLoop::runAndWait(std::function<void()> task)
{
    std::promise<void> done;
    post([&] {
        task();
        done.set_value();
    });
    done.get_future().wait();
}

int RelayLoop::watch(int fd, std::uint32_t events, RelayEventHandler *handler)
{
    epoll_event event{};
    event.events = events;
    event.data.ptr = handler;
    return ::epoll_ctl(m_epoll.get(), EPOLL_CTL_ADD, fd, &event) == 0 ? 0 : errno;
}

void RelayLoop::unwatch(int fd)
{
    ::epoll_ctl(m_epoll.get(), EPOLL_CTL_DEL, fd, nullptr);
}

void RelayLoop::adopt(std::unique_ptr<RelaySession> session)
{
    RelaySession *raw = session.get();
    m_sessions.emplace(raw, std::move(session));
}

void RelayLoop::retire(RelaySession *session)
{
    const auto it = m_sessions.find(session);
    if (it != m_sessions.end()) {
        m_retired.push_back(std::move(it->second));
        m_sessions.erase(it);
    }
}

void RelayLoop::closeSessionsOf(const RelayListener *owner)
{
    std::vector<RelaySession *> doomed;
    for (const auto &[raw, session] : m_sessions) {
        if (session->owner() == owner) {
            doomed.push_back(raw);
        }
    }
    for (RelaySession *session : doomed) {
        session->close();
    }
}

void RelayLoop::resumeLater(RelayListener *listener, std::chrono::milliseconds delay)
{
    cancelResume(listener);
    m_resumes.push_back({std::chrono::steady_clock::now() + delay, listener});
}

void RelayLoop::cancelResume(const RelayListener *listener)
{
    std::erase_if(m_resumes,
                  [listener](const Resume &resume) { return resume.listener == listener; });
}

void RelayLoop::run()
{
    // Named so that the relay's threads are recognisable in top, perf and debuggers. splice() has
    // no MSG_NOSIGNAL: writing to a peer that has gone raises SIGPIPE on this thread, so the
    // signal is blocked here and the error is taken from the EPIPE that splice() returns.
    pthread_setname_np(pthread_self(), "relay-loop");
    sigset_t pipeSignal;
    sigemptyset(&pipeSignal);
    sigaddset(&pipeSignal, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipeSignal, nullptr);

    std::array<epoll_event, kMaxEvents> events{};
    while (!m_stopping) {
        const int count = ::epoll_wait(m_epoll.get(), events.data(), kMaxEvents, timeoutMs());
        bool woken = false;
        for (int i = 0; i < count; ++i) {
            auto *handler = static_cast<RelayEventHandler *>(events[i].data.ptr);
            if (handler) {
                handler->handleEvents(events[i].events);
            } else {
                woken = true;
            }
        }
        // Tasks only after the batch: a task may close connections the batch still names.
        if (woken) {
            std::uint64_t ignoredCount = 0;
            [[maybe_unused]] const ssize_t ignored =
                ::read(m_wakeup.get(), &ignoredCount, sizeof ignoredCount);
            runTasks();
        }
        runDueResumes();
        m_retired.clear();
    }
}

void RelayLoop::runTasks()
{
    std::vector<std::function<void()>> tasks;
    {
        const std::lock_guard lock(m_tasksMutex);
        tasks.swap(m_tasks);
        m_wakePending = false;
    }
    for (const auto &task : tasks) {
        task();
    }
}

int RelayLoop::timeoutMs() const
{
    if (m_resumes.empty()) {
        return -1;
    }
    const auto next =
        std::min_element(m_resumes.begin(), m_resumes.end(),
                         [](const Resume &a, const Resume &b) { return a.at < b.at; });
    const auto left =
        std::chrono::ceil<std::chrono::milliseconds>(next->at - std::chrono::steady_clock::now());
    return static_cast<int>(std::max<std::chrono::milliseconds::rep>(left.count(), 0));
}

void RelayLoop::runDueResumes()
{
    if (m_resumes.empty()) {
        return;
    }
    const auto now = std::chrono::steady_clock::now();
    std::vector<RelayListener *> due;
    std::erase_if(m_resumes, [&](const Resume &resume) {
        if (resume.at > now) {
            return false;
        }
        due.push_back(resume.listener);
        return true;
    });
    for (RelayListener *listener : due) {
        listener->acceptPending();
    }
}

} // namespace spaces
