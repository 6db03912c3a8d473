#pragma once

#include <QCoreApplication>
#include <QPointer>
#include <QThreadPool>
#include <type_traits>
#include <utility>

namespace spaces {

// Runs slow work (fork/exec, waiting for process groups, commands, scripts) off the server
// thread and hands the result back to it as a plain posted functor (no QFuture continuation
// needed). The result is dropped if `context` is gone by then. How many run at once per user
// is LongOperationQueue's business, in front of this pool.
class WorkerPool final
{
public:
    explicit WorkerPool(int maxThreads = 128) { m_pool.setMaxThreadCount(maxThreads); }
    ~WorkerPool() { m_pool.waitForDone(); }
    WorkerPool(const WorkerPool &) = delete;
    WorkerPool &operator=(const WorkerPool &) = delete;

    template<typename Work, typename Done> void run(QObject *context, Work work, Done done)
    {
        QPointer<QObject> guard(context);
        m_pool.start([guard, work = std::move(work), done = std::move(done)]() mutable {
            auto result = work();
            // Posted to the application object, which outlives every context; the guard is
            // read on the server thread, where the context lives and dies.
            QMetaObject::invokeMethod(
                QCoreApplication::instance(),
                [guard, done = std::move(done), result = std::move(result)]() mutable {
                    if (guard)
                        done(std::move(result));
                },
                Qt::QueuedConnection);
        });
    }

    int activeThreads() const { return m_pool.activeThreadCount(); }
    // True when every piece of work has finished within `msecs`.

private:
    QThreadPool m_pool;
};

} // namespace spaces
