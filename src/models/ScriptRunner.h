#pragma once

#include "ApiError.h"
#include "ScriptResult.h"
#include "SpacesClient.h"

#include <QObject>
#include <QStringList>

namespace spaces {

// Runs a stored script in a space (execute-script), one run at a time.
class ScriptRunner final : public QObject
{
    Q_OBJECT

public:
    explicit ScriptRunner(SpacesClient &client, QObject *parent = nullptr);

    // False (and nothing sent) while a run is under way.
    bool run(const QString &spaceId, const QString &scriptName, const QStringList &arguments = {});
    bool isBusy() const { return m_busy; }

Q_SIGNALS:
    void finished(const spaces::ScriptResult &result);
    void failed(const spaces::ApiError &error);
    void busyChanged(bool busy);

private:
    void setBusy(bool busy);

    SpacesClient &m_client;
    bool m_busy = false;
};

} // namespace spaces
