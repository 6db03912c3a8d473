#include "LocalScriptPanel.h"

#include "LocalScriptRunner.h"
#include "PanelStyle.h"
#include "ui_LocalScriptPanel.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QScrollBar>

namespace spaces {

LocalScriptPanel::LocalScriptPanel(LocalScriptRunner &runner, QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::LocalScriptPanel>())
    , m_runner(runner)
    , m_chooseFile([](QWidget *dialogParent) {
        return QFileDialog::getOpenFileName(dialogParent, tr("Run a Python file"), QString(),
                                            tr("Python files (*.py);;All files (*)"));
    })
{
    m_ui->setupUi(this);
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setStyleHint(QFont::Monospace);
    m_ui->localScriptOutput->setFont(mono);
    m_ui->localScriptOutput->setMaximumBlockCount(OutputLines);
    m_ui->localScriptOutput->setStyleSheet(
        PanelStyle::outputStyleSheet(QStringLiteral("QPlainTextEdit")) +
        QStringLiteral(" QPlainTextEdit { padding: 4px; }"));
    m_ui->localScriptButton->setIcon(QIcon::fromTheme(QStringLiteral("document-open")));
    m_ui->localScriptStopButton->setIcon(QIcon::fromTheme(QStringLiteral("process-stop")));
    PanelStyle::setMuted(m_ui->localScriptStatusLabel);

    connect(m_ui->localScriptButton, &QPushButton::clicked, this, &LocalScriptPanel::chooseAndRun);
    connect(m_ui->localScriptStopButton, &QPushButton::clicked, &m_runner,
            &LocalScriptRunner::stop);
    connect(&m_runner, &LocalScriptRunner::runningChanged, this, &LocalScriptPanel::updateState);
    connect(&m_runner, &LocalScriptRunner::output, this, [this](const QString &text) {
        QPlainTextEdit *view = m_ui->localScriptOutput;
        QScrollBar *bar = view->verticalScrollBar();
        const bool following = bar->value() == bar->maximum();
        QTextCursor end(view->document());
        end.movePosition(QTextCursor::End);
        // As it arrives, so chunks may end mid-line: inserted as they are, never reparsed.
        QString plain = text;
        plain.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
        end.insertText(plain);
        if (following)
            bar->setValue(bar->maximum());
    });
    connect(&m_runner, &LocalScriptRunner::finished, this,
            [this](const LocalScriptRunner::Ending &ending) {
                QString status;
                if (ending.stopped)
                    status = tr("■ stopped");
                else if (ending.crashed)
                    status = tr("✗ ended by a signal");
                else if (ending.exitCode == 0)
                    status = tr("✓ exit 0");
                else
                    status = tr("✗ exit %1").arg(ending.exitCode);
                m_ui->localScriptStatusLabel->setText(status);
                m_ui->localScriptStatusLabel->setStyleSheet(
                    ending.succeeded() ? QStringLiteral("color: #1b6e2a; font-weight: 600;")
                                       : QStringLiteral("color: #c62828; font-weight: 600;"));
            });
    connect(&m_runner, &LocalScriptRunner::failedToStart, this, [this](const QString &sentence) {
        m_ui->localScriptStatusLabel->setText(tr("✗ could not run"));
        m_ui->localScriptStatusLabel->setStyleSheet(
            QStringLiteral("color: #c62828; font-weight: 600;"));
        m_ui->localScriptOutput->appendPlainText(sentence);
    });
    updateState();
}

LocalScriptPanel::~LocalScriptPanel() = default;

void LocalScriptPanel::chooseAndRun()
{
    if (m_runner.isRunning())
        return;
    const QString file = m_chooseFile(this);
    if (file.isEmpty())
        return;
    m_ui->localScriptOutput->clear();
    m_ui->localScriptStatusLabel->setText(tr("running %1…").arg(QFileInfo(file).fileName()));
    PanelStyle::setMuted(m_ui->localScriptStatusLabel);
    QString error;
    if (!m_runner.start(file, {}, &error)) {
        m_ui->localScriptStatusLabel->setText(error);
        return;
    }
    updateState();
}

void LocalScriptPanel::updateState()
{
    const bool running = m_runner.isRunning();
    m_ui->localScriptButton->setEnabled(!running);
    m_ui->localScriptStopButton->setEnabled(running);
}

} // namespace spaces
