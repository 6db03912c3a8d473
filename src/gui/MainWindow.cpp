#include "MainWindow.h"

#include "AppSession.h"
#include "ConfirmDialog.h"
#include "ConnectAssistantDialog.h"
#include "ConnectionIndicator.h"
#include "ConnectionProfiles.h"
#include "ConsolePanel.h"
#include "CreateSpaceDialog.h"
#include "DisplayText.h"
#include "EmptyStateWidget.h"
#include "LiveUpdates.h"
#include "LogsPanel.h"
#include "MessageBanner.h"
#include "PortForwardPanel.h"
#include "ScriptModel.h"
#include "SettingsDialog.h"
#include "SpaceActionState.h"
#include "SpaceDetailPanel.h"
#include "SpaceFilterProxy.h"
#include "SpaceListModel.h"
#include "StatusBadgeDelegate.h"
#include "TemplateModel.h"
#include "TerminalPanel.h"
#include "ui_MainWindow.h"

#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QGuiApplication>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QProgressBar>
#include <QShortcut>
#include <QStatusBar>
#include <QUrl>

namespace spaces {

namespace {
constexpr int StatusBarTimeout = 5000;

QIcon themed(const char *name, QStyle::StandardPixmap fallback, const QStyle *style)
{
    return QIcon::fromTheme(QLatin1StringView(name), style->standardIcon(fallback));
}
} // namespace

MainWindow::MainWindow(AppSession &session, ConnectionProfiles &profiles, QWidget *parent)
    : QMainWindow(parent)
    , m_ui(std::make_unique<Ui::MainWindow>())
    , m_session(session)
    , m_profiles(profiles)
{
    m_ui->setupUi(this);
    m_banner = new MessageBanner(m_ui->centralWidget);
    m_ui->centralLayout->insertWidget(0, m_banner);
    setUpActions();
    setUpToolBar();
    setUpList();
    setUpStatusBar();

    connect(&m_session, &AppSession::connected, this, &MainWindow::sessionConnected);
    connect(&m_session, &AppSession::aboutToDisconnect, this,
            &MainWindow::sessionAboutToDisconnect);
    connect(&m_session, &AppSession::stateChanged, this, &MainWindow::sessionStateChanged);
    connect(&m_session, &AppSession::progress, this, [this](const QString &sentence) {
        statusBar()->showMessage(DisplayText::oneLine(sentence));
    });
    connect(&m_session, &AppSession::connectionFailed, this, [this](const QString &sentence) {
        m_banner->showError(tr("Connect"), sentence);
        m_banner->setAction(tr("Try again"));
        m_bannerAction = [this] {
            connectToCurrentProfile();
        };
    });
    // The local server went away: offer to start it (detached, as at the first launch).
    connect(&m_session, &AppSession::localServerMissing, this, [this](const QString &sentence) {
        m_banner->showMessage(MessageBanner::Kind::Warning, sentence);
        m_banner->setAction(tr("Start the local server"));
        m_bannerAction = [this] {
            m_session.connectLocal();
        };
    });
    connect(&m_session, &AppSession::localServerBack, this, [this](const QString &sentence) {
        if (m_banner->isVisible() && m_banner->text() == DisplayText::oneLine(sentence)) {
            m_bannerAction = {};
            m_banner->dismiss();
        }
    });
    connect(m_banner, &MessageBanner::actionTriggered, this, [this] {
        m_banner->dismiss();
        // Taken first: the action may show another banner with an action of its own.
        const std::function<void()> action = std::exchange(m_bannerAction, {});
        if (action)
            action();
    });
    connect(&m_profiles, &ConnectionProfiles::profilesChanged, this,
            &MainWindow::rebuildProfileCombo);

    m_ui->mainSplitter->setStretchFactor(0, 1);
    m_ui->mainSplitter->setStretchFactor(1, 1);
    m_ui->mainSplitter->setSizes({600, 660});
    restoreWindowMemory();
    rebuildProfileCombo();
    sessionStateChanged();
    if (m_session.spaces())
        sessionConnected();
}

MainWindow::~MainWindow()
{
    rememberWindowState();
    // The panels hold references to the session's models: they go first.
    sessionAboutToDisconnect();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    rememberWindowState();
    QMainWindow::closeEvent(event);
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    // Escape in the search box clears it; claimed over window shortcuts (a banner's close)
    // only while there is a search to clear.
    if (watched == m_ui->searchEdit &&
        (event->type() == QEvent::ShortcutOverride || event->type() == QEvent::KeyPress)) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Escape && key->modifiers() == Qt::NoModifier &&
            !m_ui->searchEdit->text().isEmpty()) {
            if (event->type() == QEvent::ShortcutOverride)
                event->accept();
            else
                m_ui->searchEdit->clear();
            return true;
        }
    }
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::restoreWindowMemory()
{
    const bool restored = !m_memory.geometry().isEmpty() && restoreGeometry(m_memory.geometry());
    if (!m_memory.windowState().isEmpty())
        restoreState(m_memory.windowState());
    if (!m_memory.splitterState().isEmpty())
        m_ui->mainSplitter->restoreState(m_memory.splitterState());
    WindowMemory::fitOnScreen(*this, restored);
}

void MainWindow::restoreConnectionMemory()
{
    QHeaderView *header = m_ui->spaceTable->horizontalHeader();
    if (!m_memory.headerState().isEmpty() && header->restoreState(m_memory.headerState())) {
        // The header shows the order; the proxy sorts by what it shows.
        m_ui->spaceTable->sortByColumn(header->sortIndicatorSection(),
                                       header->sortIndicatorOrder());
    } else {
        header->resizeSection(SpaceListModel::NameColumn, 150);
        header->resizeSection(SpaceListModel::StatusColumn, 135);
        header->resizeSection(SpaceListModel::TemplateColumn, 85);
    }
    if (!m_tabRestored && !m_memory.tab().isEmpty()) {
        if (auto *tab = m_ui->detailTabs->findChild<QWidget *>(m_memory.tab());
            tab && m_ui->detailTabs->indexOf(tab) >= 0)
            m_ui->detailTabs->setCurrentWidget(tab);
    }
    m_tabRestored = true;
}

void MainWindow::rememberWindowState()
{
    m_memory.setGeometry(saveGeometry());
    m_memory.setWindowState(saveState());
    m_memory.setSplitterState(m_ui->mainSplitter->saveState());
    if (m_proxy && m_proxy->sourceModel())
        m_memory.setHeaderState(m_ui->spaceTable->horizontalHeader()->saveState());
    if (const QWidget *tab = m_ui->detailTabs->currentWidget())
        m_memory.setTab(tab->objectName());
    m_memory.save();
}

void MainWindow::connectToCurrentProfile()
{
    const ConnectionProfile profile = m_profiles.current();
    m_banner->dismiss();
    if (profile.isLocal())
        m_session.connectLocal();
    else
        m_session.connectTo(ConnectionSettings{profile.url, profile.token});
    updateTitle();
}

QString MainWindow::currentSpaceId() const
{
    const QStringList ids = selectedIds();
    return ids.size() == 1 ? ids.first() : QString();
}

void MainWindow::setUpActions()
{
    const QStyle *s = style();
    m_ui->newAction->setIcon(themed("list-add", QStyle::SP_FileDialogNewFolder, s));
    m_ui->startAction->setIcon(themed("media-playback-start", QStyle::SP_MediaPlay, s));
    m_ui->stopAction->setIcon(themed("media-playback-stop", QStyle::SP_MediaStop, s));
    m_ui->restartAction->setIcon(themed("system-reboot", QStyle::SP_MediaSeekForward, s));
    m_ui->deleteAction->setIcon(themed("edit-delete", QStyle::SP_TrashIcon, s));
    m_ui->refreshAction->setIcon(themed("view-refresh", QStyle::SP_BrowserReload, s));
    m_ui->settingsAction->setIcon(themed("preferences-system", QStyle::SP_ComputerIcon, s));
    m_ui->quitAction->setIcon(themed("application-exit", QStyle::SP_DialogCloseButton, s));
    m_ui->aboutAction->setIcon(themed("help-about", QStyle::SP_MessageBoxInformation, s));
    m_ui->refreshAction->setShortcuts({QKeySequence(Qt::Key_F5), QKeySequence(tr("Ctrl+R"))});
    // Delete acts on the list only, so Delete in a text field still deletes text.
    m_ui->deleteAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_ui->spaceTable->addAction(m_ui->startAction);
    m_ui->spaceTable->addAction(m_ui->stopAction);
    m_ui->spaceTable->addAction(m_ui->restartAction);
    m_ui->spaceTable->addAction(m_ui->deleteAction);

    for (QAction *action : {m_ui->newAction, m_ui->startAction, m_ui->stopAction,
                            m_ui->restartAction, m_ui->deleteAction, m_ui->refreshAction,
                            m_ui->findAction, m_ui->settingsAction, m_ui->quitAction}) {
        QString tip = action->toolTip();
        if (!action->shortcut().isEmpty())
            tip = tr("%1 (%2)").arg(tip, action->shortcut().toString(QKeySequence::NativeText));
        m_baseToolTips.insert(action, tip);
        action->setToolTip(tip);
    }

    connect(m_ui->newAction, &QAction::triggered, this, &MainWindow::newSpace);
    connect(m_ui->startAction, &QAction::triggered, this, &MainWindow::startSelected);
    connect(m_ui->stopAction, &QAction::triggered, this, &MainWindow::stopSelected);
    connect(m_ui->restartAction, &QAction::triggered, this, &MainWindow::restartSelected);
    connect(m_ui->deleteAction, &QAction::triggered, this, &MainWindow::deleteSelected);
    // Del while Delete does not apply: a sentence instead of nothing. Enabled only then, so
    // it never competes with the action's own shortcut.
    m_explainDelete = new QShortcut(QKeySequence::Delete, m_ui->spaceTable);
    m_explainDelete->setContext(Qt::WidgetShortcut);
    m_explainDelete->setEnabled(false);
    connect(m_explainDelete, &QShortcut::activated, this, &MainWindow::explainDelete);
    connect(m_ui->refreshAction, &QAction::triggered, this, &MainWindow::refresh);
    connect(m_ui->findAction, &QAction::triggered, this, [this] {
        m_ui->searchEdit->setFocus(Qt::ShortcutFocusReason);
        m_ui->searchEdit->selectAll();
    });
    connect(m_ui->settingsAction, &QAction::triggered, this, &MainWindow::openSettings);
    connect(m_ui->quitAction, &QAction::triggered, this, &QWidget::close);
    connect(m_ui->aboutAction, &QAction::triggered, this, &MainWindow::showAbout);
    connect(m_ui->connectAssistantAction, &QAction::triggered, this, [this] {
        const ConnectionSettings settings = m_session.settings();
        auto *dialog = new ConnectAssistantDialog(
            McpClientConfig(
                settings.baseUrl, m_profiles.current().isLocal(),
                McpClientConfig::spacectlBesides(QCoreApplication::applicationDirPath())),
            settings.token, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(&m_session, &AppSession::aboutToDisconnect, dialog, &QWidget::close);
        dialog->open();
    });
    connect(m_ui->showDetailsAction, &QAction::triggered, this,
            [this] { m_ui->detailTabs->setCurrentWidget(m_ui->detailsTab); });
    connect(m_ui->showForwardsAction, &QAction::triggered, this,
            [this] { m_ui->detailTabs->setCurrentWidget(m_ui->forwardsTab); });
    connect(m_ui->showConsoleAction, &QAction::triggered, this,
            [this] { m_ui->detailTabs->setCurrentWidget(m_ui->consoleTab); });
    connect(m_ui->showTerminalAction, &QAction::triggered, this, [this] {
        if (m_terminalPanel)
            m_ui->detailTabs->setCurrentWidget(m_terminalPanel);
    });
    connect(m_ui->showLogsAction, &QAction::triggered, this,
            [this] { m_ui->detailTabs->setCurrentWidget(m_ui->logsTab); });
}

void MainWindow::setUpToolBar()
{
    QToolBar *bar = m_ui->mainToolBar;
    bar->setIconSize(QSize(20, 20));
    // Toolbar buttons carry the action's name for assistive technology.
    for (QAction *action : bar->actions()) {
        if (QWidget *button = bar->widgetForAction(action); button && !action->isSeparator()) {
            button->setObjectName(action->objectName() + QStringLiteral("Button"));
            button->setAccessibleName(action->iconText());
        }
    }
    auto *spacer = new QWidget(bar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    bar->addWidget(spacer);

    auto *label = new QLabel(tr("Ser&ver:"), bar);
    m_profileCombo = new QComboBox(bar);
    m_profileCombo->setObjectName(QStringLiteral("connectionCombo"));
    m_profileCombo->setAccessibleName(tr("Server"));
    m_profileCombo->setToolTip(tr("The spaces server this window shows"));
    m_profileCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_profileCombo->setMinimumWidth(160);
    label->setBuddy(m_profileCombo);
    bar->addWidget(label);
    bar->addWidget(m_profileCombo);
    m_indicator = new ConnectionIndicator(bar);
    bar->addWidget(m_indicator);
    connect(m_profileCombo, &QComboBox::activated, this, &MainWindow::profileChosen);
}

void MainWindow::setUpList()
{
    m_proxy = new SpaceFilterProxy(this);
    m_badges = new StatusBadgeDelegate(this);
    QTableView *table = m_ui->spaceTable;
    table->setModel(m_proxy);
    table->setItemDelegateForColumn(SpaceListModel::StatusColumn, m_badges);
    table->verticalHeader()->hide();
    table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 16);
    table->horizontalHeader()->setHighlightSections(false);
    table->horizontalHeader()->setStretchLastSection(true);
    table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    table->sortByColumn(SpaceListModel::NameColumn, Qt::AscendingOrder);

    m_ui->statusFilter->addItem(tr("All"));
    for (SpaceStatus status :
         {SpaceStatus::Running, SpaceStatus::Stopped, SpaceStatus::Starting, SpaceStatus::Stopping,
          SpaceStatus::Pending, SpaceStatus::Deleting, SpaceStatus::Failed})
        m_ui->statusFilter->addItem(SpaceStatusText::label(status), QVariant::fromValue(status));
    connect(m_ui->statusFilter, &QComboBox::currentIndexChanged, this, [this] {
        const QVariant status = m_ui->statusFilter->currentData();
        m_proxy->setStatusFilter(status.isValid() ? std::optional(status.value<SpaceStatus>())
                                                  : std::nullopt);
        updateListPage();
    });
    // The line edit's own clear button reads as a nameless button unless its action has text.
    if (auto *clear =
            m_ui->searchEdit->findChild<QAction *>(QStringLiteral("_q_qlineeditclearaction")))
        clear->setText(tr("Clear search"));
    connect(m_ui->searchEdit, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setFilterText(text);
        updateListPage();
    });
    m_ui->searchEdit->installEventFilter(this);

    m_empty = new EmptyStateWidget(m_ui->emptyPage);
    m_ui->emptyLayout->addWidget(m_empty);
    connect(m_empty, &EmptyStateWidget::createRequested, this, &MainWindow::newSpace);

    connect(table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateActions();
        updatePanels();
    });
    connect(table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MainWindow::currentChanged);
    connect(m_proxy, &QAbstractItemModel::dataChanged, this, [this] {
        updateActions();
        updateBusy();
        updatePanels();
    });
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, [this] {
        updateListPage();
        if (!m_pendingSelection.isEmpty())
            selectWhenListed(m_pendingSelection);
        else
            reselectAfterFilter();
    });
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, [this] {
        updateListPage();
        updateActions();
    });
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &MainWindow::updateListPage);
}

void MainWindow::setUpStatusBar()
{
    m_busy = new QProgressBar(statusBar());
    m_busy->setObjectName(QStringLiteral("busyIndicator"));
    m_busy->setAccessibleName(tr("Working"));
    m_busy->setRange(0, 0);
    m_busy->setMaximumSize(120, 14);
    m_busy->setTextVisible(false);
    m_busy->hide();
    statusBar()->addPermanentWidget(m_busy);
}

void MainWindow::sessionConnected()
{
    SpaceListModel *spaces = m_session.spaces();
    m_proxy->setSourceModel(spaces);

    connect(spaces, &SpaceListModel::loadingChanged, this, [this] {
        updateListPage();
        updateBusy();
    });
    // The source's own row signals too: the proxy may drop a row (filtered) before the list does.
    connect(spaces, &QAbstractItemModel::rowsRemoved, this, [this] {
        selectNeighbourIfNoneSelected();
        updateListPage();
    });
    connect(spaces, &QAbstractItemModel::rowsInserted, this, &MainWindow::updateListPage);
    connect(spaces, &SpaceListModel::refreshFailed, this, [this](const ApiError &error) {
        if (!m_session.isLocalServerMissing())
            showError(tr("Load the spaces"), error);
    });
    connect(spaces, &SpaceListModel::operationFailed, this,
            [this](const QString &operation, const QString &name, const ApiError &error) {
                //: %1: the operation ("Start"), %2: the space's name
                showError(name.isEmpty() ? operation : tr("%1 “%2”").arg(operation, name), error);
                updateBusy();
            });
    connect(spaces, &SpaceListModel::operationSucceeded, this,
            [this](const QString &operation, const QString &name) {
                statusBar()->showMessage(tr("%1 “%2”: done").arg(operation, name),
                                         StatusBarTimeout);
                updateBusy();
            });
    connect(spaces, &SpaceListModel::spaceCreated, this, &MainWindow::selectWhenListed);
    connect(spaces, &SpaceListModel::spaceFailed, this, &MainWindow::showSpaceFailure);
    // After the first load the space selected last time (else the first) is shown, so the
    // panels never start out blank.
    connect(spaces, &SpaceListModel::refreshed, this, [this] {
        if (m_ui->spaceTable->selectionModel()->hasSelection() || m_proxy->rowCount() == 0)
            return;
        const QString remembered = m_memory.selectedSpace(m_profiles.currentId());
        SpaceListModel *list = m_session.spaces();
        const int row = remembered.isEmpty() || !list ? -1 : list->rowOf(remembered);
        const QModelIndex index =
            row >= 0 ? m_proxy->mapFromSource(list->index(row, 0)) : QModelIndex();
        m_ui->spaceTable->selectionModel()->setCurrentIndex(
            index.isValid() ? index : m_proxy->index(0, 0),
            QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_ui->spaceTable->scrollTo(m_ui->spaceTable->currentIndex());
    });
    connect(m_session.templates(), &TemplateModel::refreshFailed, this,
            [this](const ApiError &error) {
                if (!m_session.isLocalServerMissing())
                    showError(tr("Load the templates"), error);
            });
    connect(m_session.liveUpdates(), &LiveUpdates::connectionChanged, this,
            &MainWindow::liveConnectionChanged);

    m_detailPanel = new SpaceDetailPanel(*spaces, *m_session.customFields(), *m_session.templates(),
                                         m_ui->detailsTab);
    m_ui->detailsTabLayout->addWidget(m_detailPanel);
    m_forwardPanel = new PortForwardPanel(*m_session.portForwards(), *spaces, m_ui->forwardsTab);
    m_ui->forwardsTabLayout->addWidget(m_forwardPanel);
    m_consolePanel =
        new ConsolePanel(*m_session.console(), *m_session.consoleModel(), *m_session.scripts(),
                         *m_session.scriptRunner(), m_ui->consoleTab);
    m_consolePanel->setLocalScriptRunner(*m_session.localScripts());
    m_ui->consoleTabLayout->addWidget(m_consolePanel);
    m_logsPanel = new LogsPanel(m_session.settings(), m_ui->logsTab);
    m_ui->logsTabLayout->addWidget(m_logsPanel);
    connect(m_logsPanel, &LogsPanel::errorOccurred, this, &MainWindow::showError);
    connect(m_detailPanel, &SpaceDetailPanel::errorOccurred, this, &MainWindow::showError);
    connect(m_forwardPanel, &PortForwardPanel::errorOccurred, this, &MainWindow::showError);
    connect(m_forwardPanel, &PortForwardPanel::browserUnavailable, this,
            &MainWindow::showBrowserUnavailable);
    m_detailPanel->setBulkActions(m_ui->startAction, m_ui->stopAction, m_ui->deleteAction);
    connect(m_consolePanel, &ConsolePanel::errorOccurred, this, &MainWindow::showError);
    m_terminalPanel = new TerminalPanel(m_session.settings(), m_ui->detailTabs);
    m_ui->detailTabs->insertTab(m_ui->detailTabs->indexOf(m_ui->logsTab), m_terminalPanel,
                                tr("Terminal"));
    connect(m_terminalPanel, &TerminalPanel::startRequested, this,
            [this](const QString &id) { m_session.spaces()->start(id); });

    m_ui->detailTabs->setEnabled(true);
    restoreConnectionMemory();
    liveConnectionChanged();
    updateListPage();
    updateActions();
    updatePanels();
    updateTitle();
}

void MainWindow::sessionAboutToDisconnect()
{
    if (m_proxy && m_proxy->sourceModel())
        m_memory.setHeaderState(m_ui->spaceTable->horizontalHeader()->saveState());
    m_bulkDelete = {}; // its answers go with the old models
    m_panelsUpToDate = false;
    delete m_detailPanel;
    delete m_forwardPanel;
    delete m_consolePanel;
    delete m_logsPanel;
    delete m_terminalPanel; // hangs up every shell of the old connection
    if (m_proxy)
        m_proxy->setSourceModel(nullptr);
    m_ui->detailTabs->setEnabled(false);
    updateActions();
}

void MainWindow::sessionStateChanged()
{
    switch (m_session.state()) {
    case AppSession::State::Idle:
        m_indicator->setState(ConnectionIndicator::State::NotConnected);
        break;
    case AppSession::State::Locating:
        m_indicator->setState(ConnectionIndicator::State::Connecting);
        break;
    case AppSession::State::Connected:
        liveConnectionChanged();
        statusBar()->clearMessage();
        break;
    case AppSession::State::Failed:
        m_indicator->setState(ConnectionIndicator::State::Disconnected,
                              QDateTime::currentDateTime());
        statusBar()->clearMessage();
        break;
    }
    updateListPage();
    updateActions();
    updateBusy();
}

void MainWindow::liveConnectionChanged()
{
    const LiveUpdates *live = m_session.liveUpdates();
    if (!live)
        return;
    switch (live->connection()) {
    case LiveUpdates::Connection::Connecting:
        m_indicator->setState(ConnectionIndicator::State::Connecting);
        break;
    case LiveUpdates::Connection::Live:
        m_indicator->setState(ConnectionIndicator::State::Live);
        break;
    case LiveUpdates::Connection::Polling:
        m_indicator->setState(ConnectionIndicator::State::Polling, live->downSince());
        break;
    case LiveUpdates::Connection::Disconnected:
        m_indicator->setState(ConnectionIndicator::State::Disconnected, live->downSince());
        break;
    }
}

void MainWindow::rebuildProfileCombo()
{
    const QSignalBlocker blocker(m_profileCombo);
    m_profileCombo->clear();
    const QString current = m_profiles.currentId();
    for (const ConnectionProfile &profile : m_profiles.profiles()) {
        m_profileCombo->addItem(profile.isLocal() ? tr("This computer") : profile.name, profile.id);
        const int row = m_profileCombo->count() - 1;
        m_profileCombo->setItemData(row,
                                    profile.isLocal() ? tr("The spaces server on this computer")
                                                      : profile.url.toDisplayString(),
                                    Qt::ToolTipRole);
        m_profileCombo->setItemIcon(row, style()->standardIcon(profile.isLocal()
                                                                   ? QStyle::SP_ComputerIcon
                                                                   : QStyle::SP_DriveNetIcon));
        if (profile.id == current)
            m_profileCombo->setCurrentIndex(row);
    }
    m_profileCombo->insertSeparator(m_profileCombo->count());
    m_profileCombo->addItem(tr("Manage connections…"));
}

void MainWindow::profileChosen(int index)
{
    const QString id = m_profileCombo->itemData(index).toString();
    if (id.isEmpty()) {
        rebuildProfileCombo();
        openSettings();
        return;
    }
    if (id == m_profiles.currentId() && m_session.state() == AppSession::State::Connected)
        return;
    QString error;
    if (!m_profiles.setCurrent(id, &error)) {
        m_banner->showError(tr("Switch server"), error);
        return;
    }
    connectToCurrentProfile();
}

void MainWindow::openSettings()
{
    SettingsDialog dialog(m_profiles, this);
    dialog.exec();
    rebuildProfileCombo();
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Spaces Desktop"),
                       tr("<h3>Spaces Desktop %1</h3><p>Development spaces on this computer and "
                          "on Knot servers, without a terminal.</p>")
                           .arg(QCoreApplication::applicationVersion()));
}

void MainWindow::newSpace()
{
    TemplateModel *templates = m_session.templates();
    if (!templates)
        return;
    auto *dialog = new CreateSpaceDialog(*templates, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // The models may be rebuilt while the dialog is open: it goes with them.
    connect(&m_session, &AppSession::aboutToDisconnect, dialog, &QWidget::close);
    // The dialog stays open, busy, until the server answers; a refusal is shown in it.
    connect(dialog, &CreateSpaceDialog::submitted, this,
            [this, dialog](const CreateSpaceRequest &request) {
                SpaceListModel *spaces = m_session.spaces();
                if (!spaces) {
                    dialog->finish(tr("Not connected to a server."));
                    return;
                }
                statusBar()->showMessage(tr("Creating “%1”…").arg(request.name));
                const QPointer<CreateSpaceDialog> asking = dialog;
                const QPointer<MainWindow> self = this;
                spaces->create(request, [this, asking, self](const Expected<QString> &outcome) {
                    if (self && !outcome)
                        statusBar()->clearMessage();
                    if (!asking)
                        return false; // cancelled meanwhile: the banner says it
                    asking->finish(outcome ? QString() : outcome.error().message);
                    return true;
                });
                updateBusy();
            });
    dialog->open();
}

void MainWindow::startSelected()
{
    SpaceListModel *spaces = m_session.spaces();
    for (const QString &id : selectedIds()) {
        if (const Space *space = spaces->space(id);
            space && spaces->operation(id) == SpaceOperation::None &&
            (SpaceStatusText::fromSpace(*space, SpaceOperation::None) == SpaceStatus::Stopped ||
             SpaceStatusText::fromSpace(*space, SpaceOperation::None) == SpaceStatus::Failed))
            spaces->start(id);
    }
    updateActions();
    updateBusy();
}

void MainWindow::stopSelected()
{
    SpaceListModel *spaces = m_session.spaces();
    for (const QString &id : selectedIds()) {
        if (const Space *space = spaces->space(id); space &&
                                                    spaces->operation(id) == SpaceOperation::None &&
                                                    space->state() == Space::State::Running)
            spaces->stop(id);
    }
    updateActions();
    updateBusy();
}

void MainWindow::restartSelected()
{
    const QStringList ids = selectedIds();
    if (ids.size() == 1)
        m_session.spaces()->restart(ids.first());
    updateActions();
    updateBusy();
}

void MainWindow::deleteSelected()
{
    const QStringList ids = selectedIds();
    SpaceListModel *spaces = m_session.spaces();
    if (ids.isEmpty() || !spaces || !m_ui->deleteAction->isEnabled())
        return;
    if (ids.size() > 1)
        return deleteSeveral(ids);
    const Space *space = spaces->space(ids.first());
    if (!space)
        return;
    const QString name = space->name;
    if (!ConfirmDialog::ask(
            this, tr("Delete Space"),
            tr("Delete the space “%1” and its home folder? This cannot be undone.").arg(name),
            tr("Delete")))
        return;
    spaces->remove(ids.first());
    statusBar()->showMessage(tr("Deleting “%1”…").arg(name));
    updateActions();
    updateBusy();
}

void MainWindow::deleteSeveral(const QStringList &ids)
{
    SpaceListModel *spaces = m_session.spaces();
    QStringList names;
    for (const QString &id : ids) {
        if (const Space *space = spaces->space(id))
            names.append(tr("“%1”").arg(space->name));
    }
    //: %n: how many spaces, %1: their names
    if (m_bulkDelete.pending > 0 ||
        !ConfirmDialog::ask(this, tr("Delete Spaces"),
                            tr("Delete the %n spaces %1 and their home folders? This cannot be "
                               "undone.",
                               nullptr, int(names.size()))
                                .arg(QLocale().createSeparatedList(names)),
                            tr("Delete")))
        return;
    m_bulkDelete = {int(ids.size()), 0, {}};
    statusBar()->showMessage(tr("Deleting %n spaces…", nullptr, int(ids.size())));
    const QPointer<MainWindow> self = this;
    for (const QString &id : ids) {
        const Space *space = spaces->space(id);
        const QString name = space ? space->name : id;
        spaces->remove(id, [this, self, name](const Expected<QString> &outcome) {
            // The window may be gone by the answer: then the list reports it as usual.
            if (!self || m_bulkDelete.pending == 0)
                return false;
            bulkDeleteAnswered(name, outcome);
            return true;
        });
    }
    updateActions();
    updateBusy();
}

void MainWindow::bulkDeleteAnswered(const QString &name, const Expected<QString> &outcome)
{
    BulkDelete &bulk = m_bulkDelete;
    if (outcome)
        ++bulk.deleted;
    else
        bulk.failures.append(
            tr("“%1”: %2").arg(name, DisplayText::oneLine(outcome.error().message)));
    if (--bulk.pending > 0)
        return;
    // Every answer is in: one sentence for all of them.
    QString sum = tr("Deleted %n spaces", nullptr, bulk.deleted);
    if (!bulk.failures.isEmpty()) {
        //: after "Deleted 2 spaces"; %n: how many failed, %1: each one's reason
        sum += tr("; %n failed: %1", nullptr, int(bulk.failures.size()))
                   .arg(bulk.failures.join(QStringLiteral("; ")));
        m_banner->showMessage(MessageBanner::Kind::Error, sum);
    }
    statusBar()->showMessage(sum);
    updateBusy();
}

void MainWindow::explainDelete()
{
    SpaceListModel *spaces = m_session.spaces();
    const QStringList ids = selectedIds();
    if (!spaces || ids.isEmpty() || m_ui->deleteAction->isEnabled())
        return;
    QStringList running;
    for (const QString &id : ids) {
        const Space *space = spaces->space(id);
        if (space && spaces->operation(id) == SpaceOperation::None &&
            space->state() == Space::State::Running)
            running.append(space->name);
    }
    QString sentence;
    if (running.size() == 1 && ids.size() == 1)
        //: %1: the space's name
        sentence = tr("“%1” is running: stop it first, then delete it.").arg(running.first());
    else if (!running.isEmpty())
        //: %n: how many of the selected spaces run
        sentence = tr("%n of the selected spaces are running: stop them first, then delete "
                      "them.",
                      nullptr, int(running.size()));
    else
        sentence = m_ui->deleteAction->statusTip();
    if (sentence.isEmpty())
        return;
    m_banner->showMessage(MessageBanner::Kind::Warning, sentence);
    if (!running.isEmpty() && m_ui->stopAction->isEnabled()) {
        m_banner->setAction(tr("Stop"));
        m_bannerAction = [this] {
            stopSelected();
        };
    }
}

void MainWindow::showBrowserUnavailable(const QUrl &url)
{
    //: %1: the forward's address (http://127.0.0.1:8080)
    m_banner->showMessage(MessageBanner::Kind::Warning,
                          tr("No web browser opened %1. Copy the address and open it in a "
                             "browser yourself.")
                              .arg(url.toDisplayString()));
    m_banner->setAction(tr("Copy address"));
    m_bannerAction = [this, url] {
        QGuiApplication::clipboard()->setText(url.toString());
        statusBar()->showMessage(tr("Copied %1").arg(url.toDisplayString()), StatusBarTimeout);
    };
}

void MainWindow::selectNeighbourIfNoneSelected()
{
    // The view moved its current row to a neighbour of the row removed, but selected nothing:
    // select it, so the panels show a space that is selected, or nothing.
    QItemSelectionModel *selection = m_ui->spaceTable->selectionModel();
    const QModelIndex current = selection->currentIndex();
    if (selection->hasSelection() || !current.isValid())
        return;
    selection->select(current, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

void MainWindow::reselectAfterFilter()
{
    QItemSelectionModel *selection = m_ui->spaceTable->selectionModel();
    SpaceListModel *spaces = m_session.spaces();
    if (selection->hasSelection() || m_lastSelectedId.isEmpty() || !spaces)
        return;
    const int row = spaces->rowOf(m_lastSelectedId);
    const QModelIndex index =
        row >= 0 ? m_proxy->mapFromSource(spaces->index(row, 0)) : QModelIndex();
    if (index.isValid())
        selection->setCurrentIndex(index,
                                   QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

void MainWindow::refresh()
{
    // The local server may have come back elsewhere: server.json is read again. While it is
    // gone, the old connection's loads could only fail; a reconnect loads everything anew.
    m_session.recheckLocalServer();
    if (m_session.isLocalServerMissing())
        return;
    if (SpaceListModel *spaces = m_session.spaces()) {
        spaces->refresh();
        m_session.templates()->refresh();
        m_session.scripts()->refresh();
    }
}

void MainWindow::currentChanged()
{
    updatePanels();
    updateActions();
}

void MainWindow::updateActions()
{
    QList<SpaceActionState::Selected> selection;
    for (const QModelIndex &row : m_ui->spaceTable->selectionModel()->selectedRows()) {
        const QVariant operation = row.data(SpaceListModel::OperationRole);
        selection.append(
            {row.data(SpaceListModel::StatusRole).value<SpaceStatus>(),
             operation.isValid() ? operation.value<SpaceOperation>() : SpaceOperation::None,
             row.data(SpaceListModel::AwaitingAgentRole).toBool()});
    }
    const SpaceActionState state(m_session.spaces() != nullptr, selection);
    const auto apply = [this](QAction *action, const SpaceActionState::Verdict &verdict) {
        action->setEnabled(verdict.enabled);
        const QString base = m_baseToolTips.value(action);
        action->setToolTip(verdict.enabled ? base : tr("%1\n%2").arg(base, verdict.whyNot));
        action->setStatusTip(verdict.enabled ? QString() : verdict.whyNot);
    };
    apply(m_ui->newAction, state.create());
    apply(m_ui->startAction, state.start());
    apply(m_ui->stopAction, state.stop());
    apply(m_ui->restartAction, state.restart());
    apply(m_ui->deleteAction, state.remove());
    apply(m_ui->refreshAction, state.refresh());
    m_explainDelete->setEnabled(!m_ui->deleteAction->isEnabled() && !selection.isEmpty());
}

void MainWindow::updateListPage()
{
    const SpaceListModel *spaces = m_session.spaces();
    QWidget *page = m_ui->spaceTable;
    const bool filtered =
        !m_ui->searchEdit->text().isEmpty() || m_ui->statusFilter->currentIndex() > 0;
    if (!spaces) {
        page = m_ui->emptyPage;
        if (m_session.state() == AppSession::State::Failed)
            m_empty->setMessage(tr("Not connected"), m_session.failure(), false);
        else
            m_empty->setMessage(tr("Connecting…"), tr("Looking for the spaces server."), false);
    } else if (spaces->hasLoaded() && spaces->rowCount() == 0) {
        page = m_ui->emptyPage;
        m_empty->setMessage(tr("No spaces yet"),
                            tr("A space is a folder with its own shell, services and settings. "
                               "Create one to get started."),
                            true);
    } else if (spaces->hasLoaded() && filtered && m_proxy->rowCount() == 0) {
        page = m_ui->emptyPage;
        m_empty->setMessage(tr("No matching spaces"),
                            tr("No space matches the search and the status filter."), false);
    }
    m_ui->listStack->setCurrentWidget(page);
    m_ui->searchEdit->setEnabled(spaces != nullptr);
    m_ui->statusFilter->setEnabled(spaces != nullptr);
    if (spaces && spaces->isLoading() && !spaces->hasLoaded())
        statusBar()->showMessage(tr("Loading spaces…"));
    else if (spaces && spaces->hasLoaded() &&
             statusBar()->currentMessage() == tr("Loading spaces…"))
        statusBar()->clearMessage();
}

void MainWindow::updateBusy()
{
    bool busy = m_session.state() == AppSession::State::Locating;
    if (const SpaceListModel *spaces = m_session.spaces()) {
        busy = busy || spaces->isLoading();
        for (int row = 0; !busy && row < spaces->rowCount(); ++row) {
            const QVariant operation = spaces->index(row, 0).data(SpaceListModel::OperationRole);
            busy = operation.isValid() && operation.value<SpaceOperation>() != SpaceOperation::None;
        }
    }
    m_busy->setVisible(busy);
}

void MainWindow::updateTitle()
{
    const ConnectionProfile profile = m_profiles.current();
    const QString where = profile.isLocal() ? tr("This computer") : profile.name;
    //: %1: the connection's name
    setWindowTitle(tr("%1 — Spaces Desktop").arg(where));
}

void MainWindow::updatePanels()
{
    // The panels show the one space selected: never a row that only has the focus.
    const QStringList selected = selectedIds();
    const QModelIndexList rows = m_ui->spaceTable->selectionModel()->selectedRows();
    const QModelIndex current = rows.size() == 1 ? rows.first() : QModelIndex();
    const QModelIndex first = current.siblingAtColumn(0);
    const QString id =
        current.isValid() ? first.data(SpaceListModel::IdRole).toString() : QString();
    const QString name =
        current.isValid() ? first.data(SpaceListModel::NameRole).toString() : QString();
    const bool running =
        current.isValid() &&
        first.data(SpaceListModel::StatusRole).value<SpaceStatus>() == SpaceStatus::Running;
    // dataChanged arrives often: the panels hear only of real changes of the current space.
    if (!selected.isEmpty()) {
        m_lastSelectedId = selected.size() == 1 ? selected.first() : QString();
        m_memory.setSelectedSpace(m_profiles.currentId(), m_lastSelectedId);
    }
    const QStringList several = selected.size() > 1 ? selected : QStringList();
    if (id == m_panelSpaceId && name == m_panelSpaceName && running == m_panelSpaceRunning &&
        several == m_panelSelection && m_panelsUpToDate)
        return;
    m_panelSelection = several;
    m_panelSpaceId = id;
    m_panelSpaceName = name;
    m_panelSpaceRunning = running;
    m_panelsUpToDate =
        m_detailPanel && m_forwardPanel && m_consolePanel && m_logsPanel && m_terminalPanel;
    if (m_detailPanel)
        m_detailPanel->setSelection(several.isEmpty() ? QStringList{id} : several);
    if (m_forwardPanel)
        m_forwardPanel->setSpaceId(id);
    if (m_consolePanel)
        m_consolePanel->setSpace(id, name, running);
    if (m_logsPanel)
        m_logsPanel->setSpace(id, name);
    if (m_terminalPanel)
        m_terminalPanel->setSpace(id, name, running);
}

void MainWindow::selectWhenListed(const QString &id)
{
    const SpaceListModel *spaces = m_session.spaces();
    const int row = spaces ? spaces->rowOf(id) : -1;
    if (row < 0) {
        m_pendingSelection = id;
        return;
    }
    m_pendingSelection.clear();
    const QModelIndex index = m_proxy->mapFromSource(spaces->index(row, 0));
    if (!index.isValid())
        return;
    m_ui->spaceTable->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                                   QItemSelectionModel::Rows);
    m_ui->spaceTable->scrollTo(index);
}

void MainWindow::showSpaceFailure(const QString &id, const QString &name, const QString &reason)
{
    //: %1: the space's name, %2: the server's reason ("exited with status 1")
    m_banner->showMessage(MessageBanner::Kind::Error,
                          tr("Space “%1” stopped: %2").arg(name, DisplayText::oneLine(reason)));
    m_banner->setAction(tr("Show logs"));
    m_bannerAction = [this, id] {
        selectWhenListed(id);
        m_ui->detailTabs->setCurrentWidget(m_ui->logsTab);
    };
}

void MainWindow::showError(const QString &operation, const ApiError &error)
{
    m_banner->showError(operation, error.message);
    statusBar()->clearMessage();
}

QStringList MainWindow::selectedIds() const
{
    QStringList ids;
    for (const QModelIndex &row : m_ui->spaceTable->selectionModel()->selectedRows())
        ids.append(row.data(SpaceListModel::IdRole).toString());
    return ids;
}

} // namespace spaces
