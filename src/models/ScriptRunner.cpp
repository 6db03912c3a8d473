#include "ScriptRunner.h"

namespace spaces {

ScriptRunner::ScriptRunner(SpacesClient &client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{}

bool ScriptRunner::run(const QString &spaceId, const QString &scriptName,
                       const QStringList &arguments)
{
    if (m_busy)
        return false;
    ExecuteScriptRequest request;
    request.scriptName = scriptName;
    request.arguments = arguments;
    setBusy(true);
    m_client.executeScript(spaceId, request, this, [this](const Expected<ScriptResult> &result) {
        setBusy(false);
        if (result)
            Q_EMIT finished(result.value());
        else
            Q_EMIT failed(result.error());
    });
    return true;
}

void ScriptRunner::setBusy(bool busy)
{
    if (m_busy == busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged(busy);
}

} // namespace spaces
