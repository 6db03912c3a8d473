#include "ScriptRunner.h"

namespace spaces {

ScriptRunner::ScriptRunner(SpacesClient &client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{}

bool ScriptRunner::run(const QString &spaceId, const QString &scriptName,
                       const QStringList &arguments)
{
    if (m_busy.contains(spaceId))
        return false;
    ExecuteScriptRequest request;
    request.scriptName = scriptName;
    request.arguments = arguments;
    m_busy.insert(spaceId);
    Q_EMIT busyChanged(spaceId, true);
    m_client.executeScript(spaceId, request, this,
                           [this, spaceId](const Expected<ScriptResult> &result) {
                               m_busy.remove(spaceId);
                               Q_EMIT busyChanged(spaceId, false);
                               if (result)
                                   Q_EMIT finished(spaceId, result.value());
                               else
                                   Q_EMIT failed(spaceId, result.error());
                           });
    return true;
}

} // namespace spaces
