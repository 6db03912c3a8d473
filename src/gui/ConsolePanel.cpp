#include "ConsolePanel.h"

#include "AnsiText.h"
#include "CommandConsole.h"
#include "ConsoleEntry.h"
#include "ConsoleModel.h"
#include "ConsoleTranscript.h"
#include "DisplayText.h"
#include "LocalScriptPanel.h"
#include "PanelStyle.h"
#include "ScriptModel.h"
#include "ScriptResult.h"
#include "ScriptRunner.h"
#include "ui_ConsolePanel.h"

#include <QClipboard>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QKeyEvent>
#include <QScrollBar>

namespace spaces {

namespace {

// The server's sentence for a plain non-zero exit says what the exit code already says.
bool sayApartFromExitCode(const QString &error, int exitCode)
{
    return !error.isEmpty() && error != QStringLiteral("exit status %1").arg(exitCode);
}

} // namespace

ConsolePanel::ConsolePanel(CommandConsole &console, ConsoleModel &model, ScriptModel &scripts,
                           ScriptRunner &runner, QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::ConsolePanel>())
    , m_console(console)
    , m_model(model)
    , m_scripts(scripts)
    , m_runner(runner)
{
    m_ui->setupUi(this);

    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setStyleHint(QFont::Monospace);
    mono.setFixedPitch(true);
    m_ui->consoleOutput->setFont(mono);
    m_ui->consoleOutput->document()->setDefaultFont(mono);
    m_ui->consoleOutput->document()->setDocumentMargin(8);
    m_ui->consoleOutput->setStyleSheet(
        PanelStyle::outputStyleSheet(QStringLiteral("QTextBrowser")));
    QPalette outputPalette = m_ui->consoleOutput->palette();
    outputPalette.setColor(QPalette::PlaceholderText, PanelStyle::outputMuted());
    m_ui->consoleOutput->setPalette(outputPalette);
    m_ui->consoleOutput->setPlaceholderText(
        tr("Commands you run appear here with their output, exit status and duration."));
    m_ui->commandEdit->setFont(mono);
    // The line edit's own clear button reads as a nameless button unless its action has text.
    if (auto *clear =
            m_ui->commandEdit->findChild<QAction *>(QStringLiteral("_q_qlineeditclearaction")))
        clear->setText(tr("Clear command"));
    m_ui->scriptOutput->setFont(mono);
    m_ui->scriptOutput->setStyleSheet(
        PanelStyle::outputStyleSheet(QStringLiteral("QPlainTextEdit")) +
        QStringLiteral(" QPlainTextEdit { padding: 4px; }"));
    m_ui->scriptOutput->setPalette(outputPalette);

    QFont heading = m_ui->scriptHeading->font();
    heading.setBold(true);
    m_ui->scriptHeading->setFont(heading);
    m_ui->outputLabel->setFont(heading);
    // Both headings on one line, though only the output's has buttons beside it.
    m_ui->scriptHeading->setMinimumHeight(m_ui->copyConsoleButton->sizeHint().height());
    PanelStyle::setMuted(m_ui->scriptDescriptionLabel);
    PanelStyle::setMuted(m_ui->queueLabel);
    PanelStyle::setNotice(m_ui->consoleStateLabel);
    m_ui->runCommandButton->setIcon(QIcon::fromTheme(QStringLiteral("media-playback-start")));
    m_ui->runScriptButton->setIcon(QIcon::fromTheme(QStringLiteral("media-playback-start")));
    m_ui->abandonButton->setIcon(QIcon::fromTheme(QStringLiteral("process-stop")));
    m_ui->clearConsoleButton->setIcon(QIcon::fromTheme(QStringLiteral("edit-clear")));
    m_ui->copyConsoleButton->setIcon(QIcon::fromTheme(QStringLiteral("edit-copy")));
    m_ui->consoleSplitter->setStretchFactor(0, 3);
    m_ui->consoleSplitter->setStretchFactor(1, 1);
    m_ui->scriptCombo->setModel(&m_scripts);
    m_ui->commandEdit->installEventFilter(this);

    m_transcript = std::make_unique<ConsoleTranscript>(m_model, *m_ui->consoleOutput);
    connect(m_transcript.get(), &ConsoleTranscript::updated, this, &ConsolePanel::updateState);

    connect(m_ui->commandEdit, &QLineEdit::returnPressed, this, &ConsolePanel::submitCommand);
    connect(m_ui->runCommandButton, &QPushButton::clicked, this, &ConsolePanel::submitCommand);
    connect(m_ui->abandonButton, &QPushButton::clicked, this, [this] {
        m_console.abandonRunning();
        updateState();
    });
    connect(m_ui->clearConsoleButton, &QToolButton::clicked, this,
            [this] { m_model.clearSpace(m_spaceId); });
    connect(m_ui->copyConsoleButton, &QToolButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(m_transcript->plainText()); });

    connect(&m_console, &CommandConsole::runningChanged, this, &ConsolePanel::updateState);

    connect(m_ui->scriptCombo, &QComboBox::currentIndexChanged, this,
            &ConsolePanel::updateScriptDescription);
    // The chooser's placeholder says whether there are scripts to choose from at all.
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(&m_scripts, signal, this, &ConsolePanel::updateScriptDescription);
    connect(&m_scripts, &QAbstractItemModel::modelReset, this,
            &ConsolePanel::updateScriptDescription);
    connect(&m_scripts, &ScriptModel::refreshed, this, &ConsolePanel::updateScriptDescription);
    connect(&m_scripts, &ScriptModel::refreshFailed, this,
            [this](const ApiError &error) { Q_EMIT errorOccurred(tr("Load scripts"), error); });
    connect(m_ui->runScriptButton, &QPushButton::clicked, this, &ConsolePanel::runScript);
    connect(m_ui->scriptArgumentsEdit, &QLineEdit::returnPressed, this, &ConsolePanel::runScript);
    connect(&m_runner, &ScriptRunner::busyChanged, this, &ConsolePanel::updateState);
    connect(&m_runner, &ScriptRunner::finished, this, &ConsolePanel::keepScriptResult);
    connect(&m_runner, &ScriptRunner::failed, this,
            [this](const QString &spaceId, const ApiError &error) {
                ScriptView &view = m_scriptViews[spaceId];
                view.status = tr("✗ could not run");
                view.succeeded = false;
                view.output = DisplayText::oneLine(error.message);
                view.running = false;
                if (spaceId == m_spaceId)
                    showScriptView();
                Q_EMIT errorOccurred(tr("Run script %1").arg(view.script), error);
            });

    if (m_scripts.rowCount() == 0)
        m_scripts.refresh();
    updateState();
    updateScriptDescription();
    updateState();
}

ConsolePanel::~ConsolePanel() = default;

void ConsolePanel::setLocalScriptRunner(LocalScriptRunner &runner)
{
    if (findChild<LocalScriptPanel *>())
        return;
    m_ui->scriptLayout->addWidget(new LocalScriptPanel(runner, m_ui->scriptPane));
}

void ConsolePanel::setSpace(const QString &id, const QString &name, bool running)
{
    const bool changed = id != m_spaceId;
    m_spaceId = id;
    m_spaceName = name;
    m_running = running && !id.isEmpty();
    if (changed || m_console.spaceId() != id) {
        // What was typed belongs to the space it was typed for: Enter never runs it elsewhere.
        if (!m_console.spaceId().isEmpty())
            m_inputDrafts.insert(m_console.spaceId(), m_ui->commandEdit->text());
        m_console.setSpace(id, name);
        m_transcript->setSpace(id);
        m_ui->commandEdit->setText(m_inputDrafts.take(id));
        m_historyIndex = -1;
        m_draft.clear();
        showScriptView();
    }
    updateState();
}

void ConsolePanel::updateState()
{
    QString sentence;
    if (m_spaceId.isEmpty())
        sentence = tr("Select a space to run commands and scripts in it.");
    else if (!m_running)
        sentence =
            tr("“%1” is not running. Start it to run commands and scripts in it.").arg(m_spaceName);
    m_ui->consoleStateLabel->setText(sentence);
    m_ui->consoleStateLabel->setVisible(!sentence.isEmpty());

    for (QWidget *input :
         {static_cast<QWidget *>(m_ui->commandEdit), static_cast<QWidget *>(m_ui->runCommandButton),
          static_cast<QWidget *>(m_ui->timeoutSpin), static_cast<QWidget *>(m_ui->workdirEdit),
          static_cast<QWidget *>(m_ui->scriptCombo),
          static_cast<QWidget *>(m_ui->scriptArgumentsEdit)})
        input->setEnabled(m_running);
    const bool scriptBusy = m_runner.isBusy(m_spaceId);
    const bool chosen = m_ui->scriptCombo->currentIndex() >= 0;
    m_ui->runScriptButton->setEnabled(m_running && !scriptBusy && chosen);
    m_ui->runScriptButton->setToolTip(chosen || !m_running ? QString()
                                      : m_scripts.rowCount() > 0
                                          ? tr("Choose a script first")
                                          : tr("There are no stored scripts to run"));
    m_ui->runScriptButton->setText(scriptBusy ? tr("Running…") : tr("Run scr&ipt"));

    const bool commandRunning = m_console.isRunning();
    m_ui->abandonButton->setEnabled(commandRunning);
    const int queued = m_console.queued();
    if (commandRunning && queued > 0)
        m_ui->queueLabel->setText(tr("Running, %n more queued", nullptr, queued));
    else if (commandRunning)
        m_ui->queueLabel->setText(tr("Running…"));
    else
        m_ui->queueLabel->setText(QString());

    const bool hasOutput = !m_transcript->isEmpty();
    m_ui->clearConsoleButton->setEnabled(hasOutput);
    m_ui->copyConsoleButton->setEnabled(hasOutput);
}

void ConsolePanel::submitCommand()
{
    const QString line = m_ui->commandEdit->text();
    if (line.trimmed().isEmpty() || !m_running)
        return;
    QString error;
    const quint64 id = m_console.submit(line, m_ui->timeoutSpin->value(),
                                        m_ui->workdirEdit->text().trimmed(), &error);
    if (id == 0) {
        Q_EMIT errorOccurred(tr("Run a command"), ApiError::badRequest(error));
        return;
    }
    m_ui->commandEdit->clear();
    m_historyIndex = -1;
    m_draft.clear();
    updateState();
}

void ConsolePanel::browseHistory(int step)
{
    const QStringList history = m_console.history();
    if (history.isEmpty())
        return;
    if (m_historyIndex < 0) {
        if (step > 0)
            return;
        m_draft = m_ui->commandEdit->text();
        m_historyIndex = int(history.size()) - 1;
    } else {
        m_historyIndex += step;
        if (m_historyIndex < 0) {
            m_historyIndex = 0;
        } else if (m_historyIndex >= history.size()) {
            m_historyIndex = -1;
            m_ui->commandEdit->setText(m_draft);
            return;
        }
    }
    m_ui->commandEdit->setText(history.at(m_historyIndex));
}

bool ConsolePanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_ui->commandEdit && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Up || key->key() == Qt::Key_Down) {
            browseHistory(key->key() == Qt::Key_Up ? -1 : +1);
            return true;
        }
        if (key->key() == Qt::Key_Escape && m_console.isRunning()) {
            m_console.abandonRunning();
            updateState();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void ConsolePanel::updateScriptDescription()
{
    const QString description =
        m_ui->scriptCombo->currentData(ScriptModel::DescriptionRole).toString();
    m_ui->scriptDescriptionLabel->setText(description);
    m_ui->scriptDescriptionLabel->setVisible(!description.isEmpty());
    m_ui->scriptCombo->setToolTip(description);
    m_ui->scriptCombo->setPlaceholderText(m_scripts.rowCount() == 0 ? tr("No stored scripts")
                                                                    : tr("Choose a script…"));
    updateState();
}

void ConsolePanel::runScript()
{
    const QString script = m_ui->scriptCombo->currentIndex() >= 0
                               ? m_ui->scriptCombo->currentData(Qt::DisplayRole).toString()
                               : QString();
    if (!m_running || script.isEmpty() || m_runner.isBusy(m_spaceId))
        return;
    if (m_runner.run(m_spaceId, script, splitArguments(m_ui->scriptArgumentsEdit->text()))) {
        m_scriptViews.insert(m_spaceId, ScriptView{script, tr("running…"), QString(), false, true});
        showScriptView();
    }
}

void ConsolePanel::keepScriptResult(const QString &spaceId, const ScriptResult &result)
{
    QString text = AnsiText::plainText(result.output);
    if (!text.isEmpty())
        text += u'\n';
    if (sayApartFromExitCode(result.error, result.exitCode))
        text += DisplayText::oneLine(result.error);
    ScriptView &view = m_scriptViews[spaceId];
    view.output = text;
    view.succeeded = result.succeeded();
    view.running = false;
    view.status = view.succeeded ? tr("✓ exit %1").arg(result.exitCode)
                                 : tr("✗ exit %1").arg(result.exitCode);
    if (spaceId == m_spaceId)
        showScriptView();
}

void ConsolePanel::showScriptView()
{
    const ScriptView view = m_scriptViews.value(m_spaceId);
    m_ui->scriptOutput->setPlainText(view.output);
    m_ui->scriptExitLabel->setText(view.status);
    if (view.running || view.status.isEmpty())
        PanelStyle::setMuted(m_ui->scriptExitLabel);
    else
        m_ui->scriptExitLabel->setStyleSheet(
            view.succeeded ? QStringLiteral("color: #1b6e2a; font-weight: 600;")
                           : QStringLiteral("color: #c62828; font-weight: 600;"));
}

QStringList ConsolePanel::splitArguments(const QString &line)
{
    QStringList arguments;
    QString current;
    bool inArgument = false;
    QChar quote;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line.at(i);
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
            else if (c == u'\\' && quote == u'"' && i + 1 < line.size() &&
                     (line.at(i + 1) == u'"' || line.at(i + 1) == u'\\'))
                current += line.at(++i);
            else
                current += c;
        } else if (c == u'"' || c == u'\'') {
            quote = c;
            inArgument = true;
        } else if (c == u'\\' && i + 1 < line.size()) {
            current += line.at(++i);
            inArgument = true;
        } else if (c.isSpace()) {
            if (inArgument)
                arguments.append(current);
            current.clear();
            inArgument = false;
        } else {
            current += c;
            inArgument = true;
        }
    }
    if (inArgument)
        arguments.append(current);
    return arguments;
}

} // namespace spaces
