#pragma once

#include "ApiError.h"

#include <QHash>
#include <QString>
#include <QWidget>
#include <memory>

namespace Ui {
class ConsolePanel;
}

namespace spaces {

class CommandConsole;
class ConsoleModel;
class ConsoleTranscript;
class LocalScriptRunner;
class ScriptModel;
class ScriptRunner;
struct ScriptResult;

// The command console of the selected space: a command line with history, timeout and
// working directory; the scrollback of commands with their output, exit status and duration;
// and beside it a runner for stored scripts. Input is possible only while the space runs.
// Each space has its own transcript, queue, half-typed line and script result: switching
// spaces never carries input or output across.
class ConsolePanel final : public QWidget
{
    Q_OBJECT

public:
    ConsolePanel(CommandConsole &console, ConsoleModel &model, ScriptModel &scripts,
                 ScriptRunner &runner, QWidget *parent = nullptr);
    ~ConsolePanel() override;

    void setSpace(const QString &id, const QString &name, bool running);
    // Adds "Run a Python file from this computer…" (LocalScriptPanel) below the stored scripts.
    void setLocalScriptRunner(LocalScriptRunner &runner);

    // Arguments as a shell would split them: on blanks, with quotes honoured.
    static QStringList splitArguments(const QString &line);

Q_SIGNALS:
    void errorOccurred(const QString &operation, const spaces::ApiError &error);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void submitCommand();
    void browseHistory(int step);
    void updateState();
    void updateScriptDescription();
    void runScript();
    void keepScriptResult(const QString &spaceId, const ScriptResult &result);
    void showScriptView();

    // The script runner's last run in one space, shown while that space is selected.
    struct ScriptView
    {
        QString script;
        QString status; // "✓ exit 0", "running…"
        QString output;
        bool succeeded = false;
        bool running = false;
    };

    std::unique_ptr<Ui::ConsolePanel> m_ui;
    CommandConsole &m_console;
    ConsoleModel &m_model;
    ScriptModel &m_scripts;
    ScriptRunner &m_runner;
    QString m_spaceId;
    QString m_spaceName;
    bool m_running = false;
    int m_historyIndex = -1; // -1: not browsing; else an index into history()
    QString m_draft;         // what was typed before browsing began
    std::unique_ptr<ConsoleTranscript> m_transcript;
    QHash<QString, QString> m_inputDrafts; // per space: a half-typed line of a space left
    QHash<QString, ScriptView> m_scriptViews;
};

} // namespace spaces
