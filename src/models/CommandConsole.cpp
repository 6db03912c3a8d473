#include "CommandConsole.h"

#include "RunStream.h"
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
    // A stream closes its socket: the server ends the command's whole process group.
    if (queue->stream)
        queue->stream->cancel();
    queue->stream = nullptr;
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
    if (m_streamUnsupported)
        runBuffered(spaceId, generation, request);
    else
        runStreamed(spaceId, generation, request);
}

void CommandConsole::runBuffered(const QString &spaceId, quint64 generation,
                                 const RunCommandRequest &request)
{
    const std::shared_ptr<Queue> queue = m_queues.value(spaceId);
    queue->context = std::make_unique<QObject>();
    m_client.runCommand(spaceId, request, queue->context.get(),
                        [this, spaceId, generation](const Expected<CommandResult> &result) {
                            finish(spaceId, generation, result);
                        });
}

void CommandConsole::runStreamed(const QString &spaceId, quint64 generation,
                                 const RunCommandRequest &request)
{
    const std::shared_ptr<Queue> queue = m_queues.value(spaceId);
    const quint64 entryId = queue->running;
    if (const ConsoleEntry *current = m_model.entry(entryId)) {
        ConsoleEntry entry = *current;
        entry.streamed = true;
        m_model.update(entry);
    }
    // The context goes with the command: deleting it (abandon, finish) drops the stream's
    // signals, and the stream with it.
    queue->context = std::make_unique<QObject>();
    auto *stream =
        new RunStream(m_client.settings(), m_client.network(), spaceId, queue->context.get());
    queue->stream = stream;
    connect(stream, &RunStream::outputReceived, queue->context.get(),
            [this, entryId](const QString &text) { m_model.appendOutput(entryId, text); });
    connect(stream, &RunStream::finished, queue->context.get(),
            [this, spaceId, generation, request, stream] {
                if (stream->wasUnsupported())
                    return fallBack(spaceId, generation, request);
                finishStreamed(spaceId, generation, *stream);
            });
    stream->start(request);
}

void CommandConsole::fallBack(const QString &spaceId, quint64 generation,
                              const RunCommandRequest &request)
{
    const std::shared_ptr<Queue> queue = m_queues.value(spaceId);
    if (!queue || queue->generation != generation)
        return;
    m_streamUnsupported = true;
    if (const ConsoleEntry *current = m_model.entry(queue->running)) {
        ConsoleEntry entry = *current;
        entry.streamed = false;
        if (!m_toldNoStream)
            entry.notice = tr("This server does not stream output: it arrives when the command "
                              "ends, and Stop only stops waiting.");
        m_toldNoStream = true;
        m_model.update(entry);
    }
    queue->stream = nullptr;
    // Deleting the context here would delete the stream inside its own signal: later.
    queue->context.release()->deleteLater();
    runBuffered(spaceId, generation, request);
}

void CommandConsole::finishStreamed(const QString &spaceId, quint64 generation,
                                    const RunStream &stream)
{
    const std::shared_ptr<Queue> queue = m_queues.value(spaceId);
    if (!queue || queue->running == 0 || queue->generation != generation)
        return;
    const bool before = isRunning();
    const quint64 entryId = queue->running;
    queue->running = 0;
    queue->stream = nullptr;
    queue->context.release()->deleteLater(); // the stream is inside its own signal
    if (const ConsoleEntry *current = m_model.entry(entryId)) {
        ConsoleEntry entry = *current;
        entry.durationMs = queue->timer.elapsed();
        entry.exitCode = stream.exitCode();
        entry.error = stream.errorString();
        // spacesd's timeout: "Error: Command timed out" and exit code 124 (timeout(1)'s).
        const bool timedOut = entry.exitCode == 124 && !entry.error.isEmpty();
        entry.state = timedOut ? ConsoleEntry::State::TimedOut
                      : entry.error.isEmpty() && entry.exitCode.value_or(0) == 0
                          ? ConsoleEntry::State::Succeeded
                          : ConsoleEntry::State::Failed;
        m_model.update(entry);
    }
    startNext(spaceId);
    notifyRunning(before);
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
