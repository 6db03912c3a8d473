#pragma once

#include "SpacesClient.h"

#include <QHash>
#include <QPointer>
#include <QString>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QStackedWidget;
class QTabWidget;
class QToolButton;

namespace spaces {

class TerminalFontSetting;
class TerminalSession;

// The Terminal tab: the selected space's shells as tabs ("+" opens one more with the shell
// chosen beside it), kept per space while the user looks at other spaces; a space that is
// not running says so and offers Start. A terminal can move to a window of its own, and the
// user's own terminal emulator can run `spacectl shell NAME` instead.
class TerminalPanel final : public QWidget
{
    Q_OBJECT

public:
    explicit TerminalPanel(ConnectionSettings settings, QWidget *parent = nullptr);
    ~TerminalPanel() override;

    void setSpace(const QString &id, const QString &name, bool running);

    // Opens a terminal with the shell chooser's shell in the current space.
    TerminalSession *newTerminal();
    // The current space's terminals, in tab order.
    QList<TerminalSession *> terminals() const;
    TerminalSession *currentTerminal() const;
    // Moves the current terminal to a top-level window of its own.
    QWidget *detachCurrent();
    // Runs `spacectl shell NAME` in the user's terminal emulator; false (and a sentence in
    // the panel) when none is found.
    bool openExternal();
    QString message() const;

    // The font of every terminal of this panel, the detached ones too (persisted).
    TerminalFontSetting &fontSetting() const { return *m_fontSetting; }
    // Opens the font chooser (monospaced fonts only); what it picks applies at once.
    void chooseFont();

    // $TERMINAL, then x-terminal-emulator, then the usual ones: the first found on PATH.
    static QString findTerminalEmulator();

Q_SIGNALS:
    void startRequested(const QString &id);

protected:
    void showEvent(QShowEvent *event) override;

private:
    QTabWidget *tabsFor(const QString &id);
    void updatePage();
    void closeTab(QTabWidget *tabs, int index);
    void showMessage(const QString &text);

    ConnectionSettings m_settings;
    QString m_spaceId;
    QString m_spaceName;
    bool m_running = false;
    QHash<QString, QPointer<QTabWidget>> m_tabs; // per space id
    QStackedWidget *m_stack = nullptr;
    QWidget *m_notRunningPage = nullptr;
    QLabel *m_notRunningLabel = nullptr;
    QWidget *m_emptyPage = nullptr;
    QComboBox *m_shellChooser = nullptr;
    QToolButton *m_newButton = nullptr;
    QToolButton *m_windowButton = nullptr;
    QToolButton *m_externalButton = nullptr;
    QToolButton *m_fontButton = nullptr;
    TerminalFontSetting *m_fontSetting = nullptr;
    QLabel *m_message = nullptr;
};

} // namespace spaces
