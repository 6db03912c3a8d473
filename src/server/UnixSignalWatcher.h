#pragma once

#include <QObject>
#include <QSocketNotifier>
#include <memory>

namespace spaces {

// Turns SIGTERM, SIGINT and SIGHUP into a Qt signal on the event loop (a signal handler may
// only write to a pipe; everything else happens after the notifier fires).
class UnixSignalWatcher final : public QObject
{
    Q_OBJECT

public:
    explicit UnixSignalWatcher(QObject *parent = nullptr);
    ~UnixSignalWatcher() override;

Q_SIGNALS:
    void terminationRequested(int signalNumber);

private:
    static void handle(int signalNumber);
    static int s_fds[2];
    std::unique_ptr<QSocketNotifier> m_notifier;
};

} // namespace spaces
