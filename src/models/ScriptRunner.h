#pragma once

#include "ApiError.h"
#include "ScriptResult.h"
#include "SpacesClient.h"

#include <QObject>
#include <QSet>
#include <QStringList>

namespace spaces {

// Runs stored scripts in spaces (execute-script): one run at a time per space, spaces
// independent of each other. Every signal names the space, so that a result is shown with
// the space it ran in, whichever space is selected when it arrives.
class ScriptRunner final : public QObject
{
    Q_OBJECT

public:
    explicit ScriptRunner(SpacesClient &client, QObject *parent = nullptr);

    // False (and nothing sent) while a run in that space is under way.
    bool run(const QString &spaceId, const QString &scriptName, const QStringList &arguments = {});
    bool isBusy(const QString &spaceId) const { return m_busy.contains(spaceId); }

Q_SIGNALS:
    void finished(const QString &spaceId, const spaces::ScriptResult &result);
    void failed(const QString &spaceId, const spaces::ApiError &error);
    void busyChanged(const QString &spaceId, bool busy);

private:
    SpacesClient &m_client;
    QSet<QString> m_busy;
};

} // namespace spaces
