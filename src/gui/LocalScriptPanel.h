#pragma once

#include <QWidget>
#include <functional>
#include <memory>

namespace Ui {
class LocalScriptPanel;
}

namespace spaces {

class LocalScriptRunner;

// The console's "Run a Python file from this computer…": picks a file, runs it with
// LocalScriptRunner against the current connection, shows its output as it arrives, a Stop
// button while it runs and how it ended. Independent of the selected space.
class LocalScriptPanel final : public QWidget
{
    Q_OBJECT

public:
    explicit LocalScriptPanel(LocalScriptRunner &runner, QWidget *parent = nullptr);
    ~LocalScriptPanel() override;

    // The file dialog, replaceable so that tests can answer it; an empty answer: cancelled.
    using FileChooser = std::function<QString(QWidget *parent)>;
    void setFileChooser(FileChooser chooser) { m_chooseFile = std::move(chooser); }

    // The bounded scrollback of the output, in lines.
    static constexpr int OutputLines = 5000;

private:
    void chooseAndRun();
    void updateState();

    std::unique_ptr<Ui::LocalScriptPanel> m_ui;
    LocalScriptRunner &m_runner;
    FileChooser m_chooseFile;
};

} // namespace spaces
