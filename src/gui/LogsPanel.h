#pragma once

#include "ApiError.h"
#include "LogStream.h"

#include <QString>
#include <QTimer>
#include <QWidget>
#include <memory>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QToolButton;

namespace spaces {

// The Logs tab: the selected space's service log, its history then live lines with their
// colours; follows the end until the user scrolls up (then "Jump to end"); search with every
// match highlighted (Ctrl+F, Enter and Shift+Enter for next and previous); copy, save to a
// file, wrap; the time of each line shown dimmed or hidden ("Timestamps", remembered); the
// last ScrollbackLines lines kept. Reconnects by itself after a restart of the space or the
// server.
class LogsPanel final : public QWidget
{
    Q_OBJECT

public:
    explicit LogsPanel(ConnectionSettings settings, QWidget *parent = nullptr);
    ~LogsPanel() override;

    void setSpace(const QString &id, const QString &name);
    QString spaceId() const { return m_spaceId; }
    // What the view shows, as plain text.
    QString text() const;
    bool isFollowing() const { return m_following; }
    bool showsTimestamps() const;
    void setShowsTimestamps(bool show);

    static constexpr int ScrollbackLines = 10000;
    // The matches highlighted at most (the count still says how many there are).
    static constexpr int MaximumHighlights = 1000;
    // Where the Timestamps choice is remembered (QSettings).
    static constexpr QLatin1StringView TimestampsKey{"logs/showTimestamps"};

Q_SIGNALS:
    void errorOccurred(const QString &operation, const spaces::ApiError &error);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void buildUi();
    void startStream();
    void queueText(const QString &text);
    void flushText();
    // Draws `lines` (each without its line break) after what is shown.
    void appendLines(const QStringList &lines);
    // Draws what is kept again, after the Timestamps choice changed.
    void redraw();
    void setFollowing(bool following);
    void scrollToEnd();
    void onScrolled(int value);
    void updateStatus();
    void updateMatches();
    void find(bool backward);
    void saveToFile();

    ConnectionSettings m_settings;
    QString m_spaceId;
    QString m_spaceName;
    std::unique_ptr<LogStream> m_stream;
    QString m_pending;   // text received, not yet drawn (drawn once per event-loop turn)
    QStringList m_lines; // the last ScrollbackLines lines received, as sent (to draw again)
    QTimer m_flushTimer;
    bool m_following = true;
    bool m_scrolling = false; // scrolling of our own, not the user's

    QLabel *m_status = nullptr;
    QPlainTextEdit *m_view = nullptr;
    QPushButton *m_jumpButton = nullptr;
    QToolButton *m_followButton = nullptr;
    QCheckBox *m_wrapBox = nullptr;
    QCheckBox *m_timestampsBox = nullptr;
    QLineEdit *m_findEdit = nullptr;
    QToolButton *m_previousButton = nullptr;
    QToolButton *m_nextButton = nullptr;
    QLabel *m_matchLabel = nullptr;
    QToolButton *m_copyButton = nullptr;
    QToolButton *m_saveButton = nullptr;
};

} // namespace spaces
