#pragma once

#include "ConsoleModel.h"
#include "SpacesClient.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QStringList>
#include <deque>
#include <memory>

namespace spaces {

class RunStream;

// Runs the console's commands in one space, in order: a command typed while another runs
// waits its turn. Output streams into the entry as it is produced (RunStream); stopping the
// running one closes its stream, and the server ends its whole process group. Against a
// server without the run stream (an older Knot) it falls back to run-command, says so once in
// the entry, and a stop only stops waiting (the server ends the command at its timeout).
// History of typed lines per space, kept across restarts.
//
// Each space has a queue of its own. setSpace() only changes where new lines go, whose
// history is shown and what isRunning()/queued()/abandonRunning() refer to: the queue of the
// space left behind keeps running to its end, and its entries stay in the shared model (they
// carry their space's id and name, so a view can tell or filter them). The model must outlive
// the console.
class CommandConsole final : public QObject
{
    Q_OBJECT

public:
    CommandConsole(SpacesClient &client, ConsoleModel &model, QObject *parent = nullptr);

    void setSpace(const QString &spaceId, const QString &spaceName);
    QString spaceId() const;

    // Queues the line and returns the entry id. The line goes to the space's shell as written
    // (pipes, quotes and variables work as in a terminal); an empty line gets a sentence in
    // *error and 0.
    quint64 submit(const QString &commandLine, int timeoutSeconds, const QString &workdir,
                   QString *error);
    void abandonRunning();
    bool isRunning() const;
    int queued() const;

    // History of the current space, oldest first; persisted with QSettings.
    QStringList history() const;
    static constexpr int HistoryLimit = 200;

Q_SIGNALS:
    void runningChanged(bool running);

private:
    struct Pending
    {
        quint64 entryId = 0;
        QString commandLine;
        int timeoutSeconds = 0;
        QString workdir;
    };
    struct Queue
    {
        std::deque<Pending> waiting;
        quint64 running = 0;    // entry id of the running command, 0: none
        quint64 generation = 0; // bumped per start and abandon: late answers are ignored
        QElapsedTimer timer;
        // Context of the running call: deleted on abandon, so its answer is never delivered.
        std::unique_ptr<QObject> context;
        RunStream *stream = nullptr; // the running command's stream, a child of `context`
    };

    // Starts the next waiting command of the space, if none runs.
    void startNext(const QString &spaceId);
    void runBuffered(const QString &spaceId, quint64 generation, const RunCommandRequest &request);
    void runStreamed(const QString &spaceId, quint64 generation, const RunCommandRequest &request);
    void fallBack(const QString &spaceId, quint64 generation, const RunCommandRequest &request);
    void finishStreamed(const QString &spaceId, quint64 generation, const RunStream &stream);
    void finish(const QString &spaceId, quint64 generation, const Expected<CommandResult> &result);
    // Emits runningChanged when isRunning() is no longer `before`.
    void notifyRunning(bool before);
    void remember(const QString &commandLine);
    static QString historyKey(const QString &spaceId);

    SpacesClient &m_client;
    ConsoleModel &m_model;
    QString m_spaceId;
    QString m_spaceName;
    QStringList m_history;
    QHash<QString, std::shared_ptr<Queue>> m_queues;
    bool m_streamUnsupported = false; // learnt from the server: run-command from then on
    bool m_toldNoStream = false;
};

} // namespace spaces
