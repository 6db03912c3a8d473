#include "TerminalPanel.h"

#include "TerminalFontSetting.h"
#include "TerminalSession.h"
#include "TerminalView.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QFontDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QProcess>
#include <QProcessEnvironment>
#include <QPushButton>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTabBar>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace spaces {

namespace {

// The shells a terminal route takes (API.md).
const QStringList Shells{QStringLiteral("bash"), QStringLiteral("zsh"), QStringLiteral("fish"),
                         QStringLiteral("sh")};

QString spacectlProgram()
{
    const QString besideUs = QDir(QCoreApplication::applicationDirPath())
                                 .filePath(QStringLiteral("../spacectl/spacectl"));
    const QString sibling =
        QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("spacectl"));
    for (const QString &candidate : {sibling, besideUs}) {
        if (QFileInfo(candidate).isExecutable())
            return QFileInfo(candidate).canonicalFilePath();
    }
    return QStringLiteral("spacectl");
}

} // namespace

TerminalPanel::TerminalPanel(ConnectionSettings settings, QWidget *parent)
    : QWidget(parent)
    , m_settings(std::move(settings))
{
    setObjectName(QStringLiteral("terminalPanel"));
    m_shellChooser = new QComboBox(this);
    m_shellChooser->setObjectName(QStringLiteral("terminalShellChooser"));
    m_shellChooser->addItems(Shells);
    m_shellChooser->setToolTip(tr("The shell a new terminal runs"));
    m_newButton = new QToolButton(this);
    m_newButton->setObjectName(QStringLiteral("terminalNewButton"));
    m_newButton->setText(QStringLiteral("+"));
    m_newButton->setToolTip(tr("New terminal (Ctrl+Shift+T)"));
    m_newButton->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+T")));
    m_windowButton = new QToolButton(this);
    m_windowButton->setObjectName(QStringLiteral("terminalWindowButton"));
    m_windowButton->setText(tr("Open in a new window"));
    m_externalButton = new QToolButton(this);
    m_externalButton->setObjectName(QStringLiteral("terminalExternalButton"));
    m_externalButton->setText(tr("Open in external terminal"));
    m_fontSetting = new TerminalFontSetting(this);
    m_fontButton = new QToolButton(this);
    m_fontButton->setObjectName(QStringLiteral("terminalFontButton"));
    m_fontButton->setText(tr("Font…"));
    m_fontButton->setToolTip(tr("The font of every terminal; Ctrl+= and Ctrl+- zoom from it"));
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("terminalMessage"));
    m_message->setWordWrap(true);
    m_message->hide();

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_shellChooser);
    bar->addWidget(m_newButton);
    bar->addStretch(1);
    bar->addWidget(m_fontButton);
    bar->addWidget(m_windowButton);
    bar->addWidget(m_externalButton);

    m_stack = new QStackedWidget(this);
    m_notRunningPage = new QWidget(m_stack);
    m_notRunningLabel = new QLabel(m_notRunningPage);
    m_notRunningLabel->setObjectName(QStringLiteral("terminalNotRunning"));
    m_notRunningLabel->setAlignment(Qt::AlignCenter);
    auto *start = new QPushButton(tr("Start"), m_notRunningPage);
    start->setObjectName(QStringLiteral("terminalStartButton"));
    auto *notRunningLayout = new QVBoxLayout(m_notRunningPage);
    notRunningLayout->addStretch(1);
    notRunningLayout->addWidget(m_notRunningLabel);
    notRunningLayout->addWidget(start, 0, Qt::AlignCenter);
    notRunningLayout->addStretch(1);
    m_emptyPage = new QLabel(tr("Select a space to open a terminal in it."), m_stack);
    static_cast<QLabel *>(m_emptyPage)->setAlignment(Qt::AlignCenter);
    m_stack->addWidget(m_emptyPage);
    m_stack->addWidget(m_notRunningPage);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_message);
    layout->addWidget(m_stack, 1);

    connect(m_newButton, &QToolButton::clicked, this, [this] { newTerminal(); });
    connect(m_windowButton, &QToolButton::clicked, this, [this] { detachCurrent(); });
    connect(m_externalButton, &QToolButton::clicked, this, [this] { openExternal(); });
    connect(m_fontButton, &QToolButton::clicked, this, &TerminalPanel::chooseFont);
    connect(start, &QPushButton::clicked, this, [this] {
        if (!m_spaceId.isEmpty())
            Q_EMIT startRequested(m_spaceId);
    });
    updatePage();
}

TerminalPanel::~TerminalPanel() = default;

void TerminalPanel::setSpace(const QString &id, const QString &name, bool running)
{
    const bool opening = id != m_spaceId || (running && !m_running);
    m_spaceId = id;
    m_spaceName = name;
    m_running = running;
    m_message->hide();
    updatePage();
    if (opening && running && isVisible() && tabsFor(id)->count() == 0)
        newTerminal();
}

void TerminalPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    // The first look at a running space's Terminal tab opens a shell: the tab is for typing.
    if (m_running && !m_spaceId.isEmpty() && tabsFor(m_spaceId)->count() == 0)
        newTerminal();
}

QTabWidget *TerminalPanel::tabsFor(const QString &id)
{
    QPointer<QTabWidget> &tabs = m_tabs[id];
    if (!tabs) {
        tabs = new QTabWidget(m_stack);
        tabs->setObjectName(QStringLiteral("terminalTabs"));
        tabs->setTabsClosable(true);
        tabs->setMovable(true);
        tabs->setDocumentMode(true);
        QTabWidget *raw = tabs;
        connect(tabs, &QTabWidget::tabCloseRequested, this,
                [this, raw](int index) { closeTab(raw, index); });
        m_stack->addWidget(tabs);
    }
    return tabs;
}

void TerminalPanel::updatePage()
{
    const bool haveSpace = !m_spaceId.isEmpty();
    m_shellChooser->setEnabled(haveSpace && m_running);
    m_newButton->setEnabled(haveSpace && m_running);
    m_externalButton->setEnabled(haveSpace && m_running);
    m_windowButton->setEnabled(currentTerminal() != nullptr);
    if (!haveSpace) {
        m_stack->setCurrentWidget(m_emptyPage);
        return;
    }
    QTabWidget *tabs = tabsFor(m_spaceId);
    // A stopped space keeps its tabs (their shells ended) only when it has some to show.
    if (!m_running && tabs->count() == 0) {
        m_notRunningLabel->setText(
            tr("“%1” is not running. Start it to open a terminal in it.").arg(m_spaceName));
        m_stack->setCurrentWidget(m_notRunningPage);
        return;
    }
    m_stack->setCurrentWidget(tabs);
}

TerminalSession *TerminalPanel::newTerminal()
{
    if (m_spaceId.isEmpty() || !m_running)
        return nullptr;
    QTabWidget *tabs = tabsFor(m_spaceId);
    auto *session = new TerminalSession(m_settings, m_spaceId, m_shellChooser->currentText(), tabs);
    // Before the shell starts: the size it is told comes from this font's cells.
    session->view()->setTerminalFont(m_fontSetting->font());
    connect(m_fontSetting, &TerminalFontSetting::fontChanged, session->view(),
            &TerminalView::setTerminalFont);
    const int index = tabs->addTab(session, session->title());
    connect(session, &TerminalSession::titleChanged, tabs, [tabs, session](const QString &title) {
        const int at = tabs->indexOf(session);
        if (at >= 0)
            tabs->setTabText(at, title);
    });
    tabs->setCurrentIndex(index);
    updatePage();
    session->open();
    session->setFocus();
    return session;
}

QList<TerminalSession *> TerminalPanel::terminals() const
{
    QList<TerminalSession *> sessions;
    const QTabWidget *tabs = m_tabs.value(m_spaceId);
    for (int i = 0; tabs && i < tabs->count(); ++i) {
        if (auto *session = qobject_cast<TerminalSession *>(tabs->widget(i)))
            sessions.append(session);
    }
    return sessions;
}

TerminalSession *TerminalPanel::currentTerminal() const
{
    const QTabWidget *tabs = m_tabs.value(m_spaceId);
    return tabs ? qobject_cast<TerminalSession *>(tabs->currentWidget()) : nullptr;
}

void TerminalPanel::closeTab(QTabWidget *tabs, int index)
{
    QWidget *session = tabs->widget(index);
    tabs->removeTab(index);
    delete session; // closes the socket: the server hangs up the shell
    updatePage();
}

QWidget *TerminalPanel::detachCurrent()
{
    TerminalSession *session = currentTerminal();
    if (!session)
        return nullptr;
    QTabWidget *tabs = m_tabs.value(m_spaceId);
    tabs->removeTab(tabs->indexOf(session));
    // Same session, same shell: only its parent changes.
    session->setParent(nullptr);
    session->setAttribute(Qt::WA_DeleteOnClose);
    session->setWindowTitle(tr("%1 — %2").arg(session->title(), m_spaceName));
    connect(session, &TerminalSession::titleChanged, session,
            [session, name = m_spaceName](const QString &title) {
                session->setWindowTitle(tr("%1 — %2").arg(title, name));
            });
    session->resize(tabs->size());
    session->show();
    session->setFocus();
    updatePage();
    return session;
}

QString TerminalPanel::findTerminalEmulator()
{
    QStringList candidates;
    const QString fromEnvironment = qEnvironmentVariable("TERMINAL");
    if (!fromEnvironment.isEmpty())
        candidates.append(fromEnvironment);
    candidates << QStringLiteral("x-terminal-emulator") << QStringLiteral("gnome-terminal")
               << QStringLiteral("konsole") << QStringLiteral("xfce4-terminal")
               << QStringLiteral("alacritty") << QStringLiteral("kitty") << QStringLiteral("xterm");
    for (const QString &candidate : candidates) {
        const QString found = QStandardPaths::findExecutable(candidate);
        if (!found.isEmpty())
            return found;
    }
    return {};
}

bool TerminalPanel::openExternal()
{
    if (m_spaceName.isEmpty())
        return false;
    const QString emulator = findTerminalEmulator();
    if (emulator.isEmpty()) {
        showMessage(tr("No terminal emulator found: set $TERMINAL, or install one such as "
                       "xterm, gnome-terminal or konsole."));
        return false;
    }
    QProcess process;
    process.setProgram(emulator);
    // gnome-terminal takes the command after "--"; the others (and x-terminal-emulator,
    // Debian's alternative) take "-e" followed by the command and its arguments.
    const QStringList command{spacectlProgram(), QStringLiteral("shell"), m_spaceName,
                              QStringLiteral("--shell"), m_shellChooser->currentText()};
    const QString base = QFileInfo(emulator).fileName();
    process.setArguments(base == QLatin1String("gnome-terminal")
                             ? QStringList{QStringLiteral("--")} + command
                             : QStringList{QStringLiteral("-e")} + command);
    // The token goes by environment, not on a command line every user can read.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("SPACES_URL"), m_settings.baseUrl.toString());
    if (!m_settings.token.isEmpty())
        environment.insert(QStringLiteral("SPACES_TOKEN"), m_settings.token);
    process.setProcessEnvironment(environment);
    if (!process.startDetached()) {
        showMessage(tr("%1 could not be started: %2").arg(emulator, process.errorString()));
        return false;
    }
    m_message->hide();
    return true;
}

void TerminalPanel::chooseFont()
{
    // Not modal-and-waiting: the terminals keep running behind it, and tests find it by name.
    auto *dialog = new QFontDialog(m_fontSetting->font(), this);
    dialog->setObjectName(QStringLiteral("terminalFontDialog"));
    dialog->setWindowTitle(tr("Terminal Font"));
    dialog->setOption(QFontDialog::MonospacedFonts);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFontDialog::fontSelected, m_fontSetting, &TerminalFontSetting::setFont);
    dialog->open();
}

QString TerminalPanel::message() const
{
    return m_message->isVisible() ? m_message->text() : QString();
}

void TerminalPanel::showMessage(const QString &text)
{
    m_message->setText(text);
    m_message->show();
}

} // namespace spaces
