#include "CliRun.h"

#include "DisplayText.h"
#include "RunStream.h"
#include "SpacesLibrary.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QRegularExpression>
#include <QTimer>

namespace spaces {

CliRun::CliRun(ConnectionSettings settings, SpacesLibrary &library, QTextStream &out,
               QTextStream &err)
    : m_settings(std::move(settings))
    , m_library(library)
    , m_out(out)
    , m_err(err)
{}

int CliRun::exitStatus(std::optional<int> exitCode, const QString &error)
{
    if (exitCode)
        return *exitCode;
    if (error.isEmpty())
        return 0;
    if (error == QLatin1StringView("Command timed out"))
        return TimedOut;
    static const QRegularExpression knotExit(QStringLiteral("^exit status (\\d{1,3})$"));
    if (const QRegularExpressionMatch match = knotExit.match(error); match.hasMatch())
        return match.captured(1).toInt();
    return CouldNotRun;
}

void CliRun::sayError(const QString &sentence)
{
    m_out.flush();
    m_err << "spacectl: " << DisplayText::oneLine(sentence) << '\n';
    m_err.flush();
}

int CliRun::run(const QString &spaceId, const RunCommandRequest &request, bool deployed)
{
    QNetworkAccessManager network;
    QElapsedTimer waited;
    waited.start();
    for (;;) {
        RunStream stream(m_settings, &network, spaceId);
        QEventLoop loop;
        QObject::connect(&stream, &RunStream::outputReceived, &loop, [this](const QString &text) {
            m_out << text;
            m_out.flush();
        });
        QObject::connect(&stream, &RunStream::finished, &loop, &QEventLoop::quit,
                         Qt::QueuedConnection);
        stream.start(request);
        loop.exec();
        if (stream.wasUnsupported())
            return runBuffered(spaceId, request);
        // Knot refuses with 503 until the space's agent has connected: wait for it, a while.
        if (deployed && stream.refusedStatus() == 503 &&
            waited.elapsed() + AgentRetry.count() < m_settings.readyTimeout.count()) {
            QTimer::singleShot(AgentRetry, &loop, &QEventLoop::quit);
            loop.exec();
            continue;
        }
        return finish(stream);
    }
}

int CliRun::finish(const RunStream &stream)
{
    const QString error = stream.errorString();
    const int status = exitStatus(stream.exitCode(), error);
    // A plain non-zero exit (Knot's "exit status N") is said by the status itself.
    if (!error.isEmpty() && !error.startsWith(QLatin1StringView("exit status ")))
        sayError(error);
    return status;
}

int CliRun::runBuffered(const QString &spaceId, const RunCommandRequest &request)
{
    const Expected<CommandResult> result = m_library.runCommand(spaceId, request);
    if (!result) {
        sayError(result.error().message);
        return CouldNotRun;
    }
    m_out << result->output;
    m_out.flush();
    if (result->success)
        return 0;
    const int status = exitStatus(result->exitCode, result->error);
    if (!result->exitCode && !result->error.startsWith(QLatin1StringView("exit status")))
        sayError(result->error);
    return status;
}

} // namespace spaces
