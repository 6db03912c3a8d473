#pragma once

#include "ApiError.h"
#include "Expected.h"
#include "WindowMemory.h"

#include <QHash>
#include <QMainWindow>
#include <QPointer>
#include <functional>
#include <memory>

class QAction;
class QComboBox;
class QLabel;
class QProgressBar;
class QShortcut;

namespace Ui {
class MainWindow;
}

namespace spaces {

class AppSession;
class ConnectionIndicator;
class ConnectionProfiles;
class ConsolePanel;
class LogsPanel;
class EmptyStateWidget;
class MessageBanner;
class PortForwardPanel;
class SpaceDetailPanel;
class SpaceFilterProxy;
class TerminalPanel;
class StatusBadgeDelegate;

// The window: toolbar and menus with the space actions, the connection selector and its
// indicator, the searchable space table (or an empty state) on the left, the selected space's
// details, port forwards and console on the right, and the message banner above everything.
// It only talks to models; the session owns them and builds them again on a new connection.
class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    MainWindow(AppSession &session, ConnectionProfiles &profiles, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Connects to the profile ConnectionProfiles names as current.
    void connectToCurrentProfile();
    MessageBanner *banner() const { return m_banner; }
    // The id of the space the panels show (empty when none).
    QString currentSpaceId() const;

protected:
    void closeEvent(QCloseEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void setUpActions();
    void setUpToolBar();
    void setUpList();
    void setUpStatusBar();

    void sessionConnected();
    void sessionAboutToDisconnect();
    void sessionStateChanged();
    void liveConnectionChanged();

    void rebuildProfileCombo();
    void profileChosen(int index);
    void openSettings();
    void showAbout();

    void newSpace();
    void startSelected();
    void stopSelected();
    void restartSelected();
    void deleteSelected();
    void refresh();

    void currentChanged();
    void updateActions();
    void updateListPage();
    void updateBusy();
    void updateTitle();
    void updatePanels();
    void selectWhenListed(const QString &id);
    void showError(const QString &operation, const ApiError &error);
    // A space died or failed to start: the banner says which and why, with "Show logs".
    void showSpaceFailure(const QString &id, const QString &name, const QString &reason);

    QStringList selectedIds() const;

    // Memory: restored at construction and on connecting, kept on closing (WindowMemory).
    void restoreWindowMemory();
    void restoreConnectionMemory();
    void rememberWindowState();
    // Selection: a deleted row's neighbour is selected; a row filtered away and back again
    // is selected again.
    void selectNeighbourIfNoneSelected();
    void reselectAfterFilter();
    // Del where Delete does not apply: the banner says why ("stop it first").
    void explainDelete();
    void deleteSeveral(const QStringList &ids);
    void bulkDeleteAnswered(const QString &name, const Expected<QString> &outcome);
    void showBrowserUnavailable(const QUrl &url);

    std::unique_ptr<Ui::MainWindow> m_ui;
    AppSession &m_session;
    ConnectionProfiles &m_profiles;
    SpaceFilterProxy *m_proxy = nullptr;
    StatusBadgeDelegate *m_badges = nullptr;
    MessageBanner *m_banner = nullptr;
    // What the banner's button does for the message it shows now.
    std::function<void()> m_bannerAction;
    EmptyStateWidget *m_empty = nullptr;
    QComboBox *m_profileCombo = nullptr;
    ConnectionIndicator *m_indicator = nullptr;
    QProgressBar *m_busy = nullptr;
    QPointer<SpaceDetailPanel> m_detailPanel;
    QPointer<PortForwardPanel> m_forwardPanel;
    QPointer<ConsolePanel> m_consolePanel;
    QPointer<LogsPanel> m_logsPanel;
    QPointer<TerminalPanel> m_terminalPanel;
    QHash<QAction *, QString> m_baseToolTips;
    QString m_panelSpaceId; // what the panels were last told
    QString m_panelSpaceName;
    bool m_panelSpaceRunning = false;
    bool m_panelsUpToDate = false;
    QString m_pendingSelection;   // a space just created, selected once the list has it
    QStringList m_panelSelection; // the several spaces the detail panel was last told
    WindowMemory m_memory;
    bool m_tabRestored = false;
    QString m_lastSelectedId; // the one space selected last, for filtering back
    QShortcut *m_explainDelete = nullptr;
    // A delete of several spaces under way: what the status bar sums up at the end.
    struct BulkDelete
    {
        int pending = 0;
        int deleted = 0;
        QStringList failures; // “name”: the server's sentence
    };
    BulkDelete m_bulkDelete;
};

} // namespace spaces
