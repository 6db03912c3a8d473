#pragma once

#include "UniqueFd.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

namespace spaces {

class RelayEventHandler;
class RelayListener;
class RelaySession;

// One event-loop thread of the relay: an edge-triggered epoll set of non-blocking sockets, an
// eventfd to wake it for tasks posted from other threads, and the connections it owns. Every
// handler registered with a loop runs on that loop's thread only, so connections need no locks.
class RelayLoop final
{
public:
    // Throws std::system_error if the epoll set, the eventfd or the thread cannot be created.
    RelayLoop();
    // Stops the thread and joins it. Every listener and connection must be gone by then.
    ~RelayLoop();
    RelayLoop(const RelayLoop &) = delete;
    RelayLoop &operator=(const RelayLoop &) = delete;

    // From any thread. Tasks run on the loop thread in the order they were posted.
    void post(std::function<void()> task);
    // Posts and waits until the task has run. Never call it on the loop thread itself.
    void runAndWait(std::function<void()> task);

    // Thread-safe (epoll_ctl is). Returns 0 or the errno of epoll_ctl.
    int watch(int fd, std::uint32_t events, RelayEventHandler *handler);
    void unwatch(int fd);

    // Loop thread only.
    void adopt(std::unique_ptr<RelaySession> session);
    // Called by a session that has closed its sockets; it is deleted after the current batch of
    // events, which may still name it.
    void retire(RelaySession *session);
    void closeSessionsOf(const RelayListener *owner);
    void resumeLater(RelayListener *listener, std::chrono::milliseconds delay);
    void cancelResume(const RelayListener *listener);

private:
    void run();
    void runTasks();
    int timeoutMs() const;
    void runDueResumes();

    UniqueFd m_epoll;
    UniqueFd m_wakeup;

    std::mutex m_tasksMutex; // guards m_tasks and m_wakePending
    std::vector<std::function<void()>> m_tasks;
    bool m_wakePending = false; // one eventfd write per batch of posted tasks is enough
    bool m_stopping = false;    // loop thread only (set by a task)

    std::unordered_map<RelaySession *, std::unique_ptr<RelaySession>> m_sessions;
    std::vector<std::unique_ptr<RelaySession>> m_retired;
    struct Resume
    {
        std::chrono::steady_clock::time_point at;
        RelayListener *listener;
    };
    std::vector<Resume> m_resumes;

    std::thread m_thread;
};

} // namespace spaces
