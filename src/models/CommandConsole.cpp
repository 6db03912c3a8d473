#include "CommandConsole.h"

#include "Validation.h"

#include <QSettings>

namespace spaces {

using namespace Qt::StringLiterals;

CommandConsole::CommandConsole(SpacesClient &client, ConsoleModel &model, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_model(model)
{}

void CommandConsole::setSpace(const QString &spaceId, const QString &spaceName)
{
    const bool before = isRunning();
    m_spaceId = spaceId;
    m_spaceName = spaceName;
    m_history =
        spaceId.isEmpty() ? QStringList() : QSettings().value(historyKey(spaceId)).toStringList();
    notifyRunning(before);
}

QString CommandConsole::spaceId() const
{
    return m_spaceId;
}

quint64 CommandConsole::submit(const QString &commandLine, int timeoutSeconds,
                               const QString &workdir, QString *error)
{
    QString sentence;
    if (commandLine.trimmed().isEmpty())
        sentence = tr("Type a command to run.");
    else if (m_spaceId.isEmpty())
        sentence = tr("Choose a space to run the command in.");
    if (!sentence.isEmpty()) {
        if (error)
            *error = sentence;
        return 0;
    }
    if (error)
        error->clear();
    remember(commandLine);

    ConsoleEntry entry;
    entry.spaceId = m_spaceId;
    entry.spaceName = m_spaceName;
    entry.commandLine = commandLine;
    entry.workdir = workdir;
    entry.timeoutSeconds = int(Validation::normalizeRunTimeout(timeoutSeconds).count());
    entry.state = ConsoleEntry::State::Queued;
    const quint64 id = m_model.append(entry);

    std::shared_ptr<Queue> &queue = m_queues[m_spaceId];
    if (!queue)
        queue = std::make_shared<Queue>();
    queue->waiting.push_back({id, commandLine, entry.timeoutSeconds, workdir});
    const bool before = isRunning();
    startNext(m_spaceId);
    notifyRunning(before);
    return id;
}

void CommandConsole::abandonRunning()
{
    const std::shared_ptr<Queue> queue = m_queues.value(m_spaceId);
    if (!queue || queue->running == 0)
        return;
    const bool before = isRunning();
    if (const ConsoleEntry *current = m_model.entry(queue->running)) {
        ConsoleEntry entry = *current;
        entry.state = ConsoleEntry::State::Abandoned;
        entry.durationMs = queue->timer.elapsed();
        m_model.update(entry);
    }
    queue->running = 0;
    ++queue->generation;
    queue->context.reset(); // SpacesClient drops the call of a deleted context
    startNext(m_spaceId);
    notifyRunning(before);
}

bool CommandConsole::isRunning() const
{
    const std::shared_ptr<Queue> queue = m_queues.value(m_spaceId);
    return queue && queue->running != 0;
}

int CommandConsole::queued() const
{
    const std::shared_ptr<Queue> queue = m_queues.value(m_spaceId);
    return queue ? int(queue->waiting.size()) : 0;
}

QStringList CommandConsole::history() const
{
    return m_history;
}

void CommandConsole::startNext(const QString &spaceId)
{
    const std::shared_ptr<Queue> queue = m_queues.value(spaceId);
    if (!queue || queue->running != 0 || queue->waiting.empty())
        return;
    const Pending next = queue->waiting.front();
    queue->waiting.pop_front();
    queue->running = next.entryId;
    const quint64 generation = ++queue->generation;
    queue->timer.start();
    if (const ConsoleEntry *current = m_model.entry(next.entryId)) {
        ConsoleEntry entry = *current;
        entry.state = ConsoleEntry::State::Running;
        entry.startedAt = QDateTime::currentDateTime();
        m_model.update(entry);
    }
    RunCommandRequest request;
    request.command = next.commandLine; // as typed: the server runs it with the space's shell
    request.timeoutSeconds = next.timeoutSeconds;
    request.workdir = next.workdir;
    queue->context = std::make_unique<QObject>();
    m_client.runCommand(spaceId, request, queue->context.get(),
                        [this, spaceId, generation](const Expected<CommandResult> &result) {
                            finish(spaceId, generation, result);
                        });
}

void CommandConsole::finish(const QString &spaceId, quint64 generation,
                            const Expected<CommandResult> &result)
{
    const std::shared_ptr<Queue> queue = m_queues.value(spaceId);
    if (!queue || queue->running == 0 || queue->generation != generation)
        return; // abandoned: its answer no longer matters
    const bool before = isRunning();
    const quint64 entryId = queue->running;
    queue->running = 0;
    queue->context.reset(); // SpacesClient drops the call of a deleted context
    if (const ConsoleEntry *current = m_model.entry(entryId)) {
        ConsoleEntry entry = *current;
        entry.durationMs = queue->timer.elapsed();
        if (result) {
            entry.output = result->output;
            entry.exitCode = result->exitCode;
            entry.error = result->error;
            // spacesd says "Command timed out" and gives no exit code when it killed the
            // command at its timeout.
            const bool timedOut = !result->success && !result->exitCode &&
                                  result->error.contains(u"timed out"_s, Qt::CaseInsensitive);
            entry.state = result->success ? ConsoleEntry::State::Succeeded
                          : timedOut      ? ConsoleEntry::State::TimedOut
                                          : ConsoleEntry::State::Failed;
        } else {
            entry.error = result.error().message;
            entry.state = result.error().kind() == ApiError::Kind::Timeout
                              ? ConsoleEntry::State::TimedOut
                              : ConsoleEntry::State::Failed;
        }
        m_model.update(entry);
    }
    startNext(spaceId);
    notifyRunning(before);
}

void CommandConsole::notifyRunning(bool before)
{
    if (isRunning() != before)
        Q_EMIT runningChanged(!before);
}

void CommandConsole::remember(const QString &commandLine)
{
    if (!m_history.isEmpty() && m_history.constLast() == commandLine)
        return;
    m_history.append(commandLine);
    if (m_history.size() > HistoryLimit)
        m_history.erase(m_history.begin(), m_history.begin() + (m_history.size() - HistoryLimit));
    QSettings().setValue(historyKey(m_spaceId), m_history);
}

QString CommandConsole::historyKey(const QString &spaceId)
{
    return u"console/history/"_s + spaceId;
}

} // namespace spaces
