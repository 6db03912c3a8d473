#include "LogsPanel.h"

#include "AnsiText.h"
#include "DisplayText.h"
#include "LogLineStamp.h"
#include "PanelStyle.h"

#include <QCheckBox>
#include <QClipboard>
#include <QFile>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFutureWatcher>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollBar>
#include <QSettings>
#include <QShortcut>
#include <QTextBlock>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace spaces {

namespace {

// Matches are counted this far, then "1000+": a count is not worth a stall.
constexpr int MaximumCounted = 10000;

QToolButton *toolButton(const QString &name, const QString &text, const QString &icon,
                        QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setObjectName(name);
    button->setText(text);
    button->setIcon(QIcon::fromTheme(icon));
    button->setToolButtonStyle(icon.isEmpty() ? Qt::ToolButtonTextOnly
                                              : Qt::ToolButtonTextBesideIcon);
    button->setAutoRaise(true);
    return button;
}

} // namespace

LogsPanel::LogsPanel(ConnectionSettings settings, QWidget *parent)
    : QWidget(parent)
    , m_settings(std::move(settings))
{
    buildUi();
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(0);
    connect(&m_flushTimer, &QTimer::timeout, this, &LogsPanel::flushText);
    updateStatus();
}

LogsPanel::~LogsPanel() = default;

void LogsPanel::buildUi()
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    auto *bar = new QHBoxLayout;
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("logStatusLabel"));
    m_status->setTextFormat(Qt::PlainText);
    PanelStyle::setMuted(m_status);
    bar->addWidget(m_status, 1);

    m_findEdit = new QLineEdit(this);
    m_findEdit->setObjectName(QStringLiteral("logFindEdit"));
    m_findEdit->setPlaceholderText(tr("Find in log (Ctrl+F)"));
    m_findEdit->setAccessibleName(tr("Find in log"));
    m_findEdit->setClearButtonEnabled(true);
    if (auto *clear = m_findEdit->findChild<QAction *>(QStringLiteral("_q_qlineeditclearaction")))
        clear->setText(tr("Clear search"));
    m_findEdit->setMinimumWidth(200);
    bar->addWidget(m_findEdit);
    m_previousButton = toolButton(QStringLiteral("findPreviousButton"), tr("Previous"),
                                  QStringLiteral("go-up"), this);
    m_previousButton->setToolButtonStyle(Qt::ToolButtonIconOnly);
    m_previousButton->setToolTip(tr("Previous match (Shift+Enter)"));
    m_nextButton =
        toolButton(QStringLiteral("findNextButton"), tr("Next"), QStringLiteral("go-down"), this);
    m_nextButton->setToolButtonStyle(Qt::ToolButtonIconOnly);
    m_nextButton->setToolTip(tr("Next match (Enter)"));
    bar->addWidget(m_previousButton);
    bar->addWidget(m_nextButton);
    m_matchLabel = new QLabel(this);
    m_matchLabel->setObjectName(QStringLiteral("matchCountLabel"));
    PanelStyle::setMuted(m_matchLabel);
    bar->addWidget(m_matchLabel);

    m_followButton = toolButton(QStringLiteral("followButton"), tr("&Follow"),
                                QStringLiteral("go-bottom"), this);
    m_followButton->setCheckable(true);
    m_followButton->setChecked(true);
    m_followButton->setToolTip(tr("Keep showing the newest lines"));
    bar->addWidget(m_followButton);
    m_wrapBox = new QCheckBox(tr("&Wrap"), this);
    m_wrapBox->setObjectName(QStringLiteral("wrapCheckBox"));
    m_wrapBox->setToolTip(tr("Wrap long lines"));
    bar->addWidget(m_wrapBox);
    m_timestampsBox = new QCheckBox(tr("Time&stamps"), this);
    m_timestampsBox->setObjectName(QStringLiteral("timestampsCheckBox"));
    m_timestampsBox->setToolTip(tr("Show the time each line was written"));
    m_timestampsBox->setChecked(QSettings().value(TimestampsKey, true).toBool());
    bar->addWidget(m_timestampsBox);
    m_copyButton = toolButton(QStringLiteral("copyLogButton"), tr("Copy all"),
                              QStringLiteral("edit-copy"), this);
    m_saveButton = toolButton(QStringLiteral("saveLogButton"), tr("Save…"),
                              QStringLiteral("document-save"), this);
    m_saveButton->setToolTip(tr("Save what is shown to a file"));
    bar->addWidget(m_copyButton);
    bar->addWidget(m_saveButton);
    layout->addLayout(bar);

    m_view = new QPlainTextEdit(this);
    m_view->setObjectName(QStringLiteral("logView"));
    m_view->setAccessibleName(tr("Log"));
    m_view->setReadOnly(true);
    m_view->setUndoRedoEnabled(false);
    m_view->setMaximumBlockCount(ScrollbackLines);
    m_view->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_view->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setStyleHint(QFont::Monospace);
    m_view->setFont(mono);
    m_view->setStyleSheet(PanelStyle::outputStyleSheet(QStringLiteral("QPlainTextEdit")));
    m_view->document()->setDocumentMargin(6);
    QPalette palette = m_view->palette();
    palette.setColor(QPalette::PlaceholderText, PanelStyle::outputMuted());
    m_view->setPalette(palette);
    m_view->setPlaceholderText(tr("What the space's services print appears here."));
    layout->addWidget(m_view, 1);

    auto *bottom = new QHBoxLayout;
    bottom->addStretch(1);
    m_jumpButton =
        new QPushButton(QIcon::fromTheme(QStringLiteral("go-bottom")), tr("&Jump to end"), this);
    m_jumpButton->setObjectName(QStringLiteral("jumpToEndButton"));
    m_jumpButton->setToolTip(tr("Show the newest lines and keep following them"));
    m_jumpButton->hide();
    bottom->addWidget(m_jumpButton);
    layout->addLayout(bottom);

    auto *findShortcut = new QShortcut(QKeySequence::Find, this);
    findShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(findShortcut, &QShortcut::activated, this, [this] {
        m_findEdit->setFocus();
        m_findEdit->selectAll();
    });
    auto *previousShortcut = new QShortcut(QKeySequence(Qt::SHIFT | Qt::Key_Return), m_findEdit);
    previousShortcut->setContext(Qt::WidgetShortcut);
    connect(previousShortcut, &QShortcut::activated, this, [this] { find(true); });
    connect(m_findEdit, &QLineEdit::returnPressed, this, [this] { find(false); });
    connect(m_findEdit, &QLineEdit::textChanged, this, &LogsPanel::updateMatches);
    connect(m_previousButton, &QToolButton::clicked, this, [this] { find(true); });
    connect(m_nextButton, &QToolButton::clicked, this, [this] { find(false); });
    connect(m_followButton, &QToolButton::toggled, this, &LogsPanel::setFollowing);
    connect(m_jumpButton, &QPushButton::clicked, this, [this] { setFollowing(true); });
    connect(m_wrapBox, &QCheckBox::toggled, this, [this](bool wrap) {
        m_view->setLineWrapMode(wrap ? QPlainTextEdit::WidgetWidth : QPlainTextEdit::NoWrap);
        if (m_following)
            scrollToEnd();
    });
    connect(m_timestampsBox, &QCheckBox::toggled, this, [this](bool show) {
        QSettings().setValue(TimestampsKey, show);
        redraw();
    });
    connect(m_copyButton, &QToolButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(text()); });
    connect(m_saveButton, &QToolButton::clicked, this, &LogsPanel::saveToFile);
    connect(m_view->verticalScrollBar(), &QScrollBar::valueChanged, this, &LogsPanel::onScrolled);
    updateMatches();
}

void LogsPanel::setSpace(const QString &id, const QString &name)
{
    m_spaceName = name;
    if (id == m_spaceId)
        return updateStatus();
    m_spaceId = id;
    m_stream.reset();
    m_pending.clear();
    m_lines.clear();
    m_view->clear();
    setFollowing(true);
    if (!id.isEmpty() && isVisible())
        startStream();
    updateStatus();
    updateMatches();
}

void LogsPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    // The stream runs from the first time the tab is seen, not for every space clicked past.
    if (!m_stream && !m_spaceId.isEmpty())
        startStream();
}

QString LogsPanel::text() const
{
    return m_view->toPlainText();
}

void LogsPanel::startStream()
{
    m_stream = std::make_unique<LogStream>(m_settings, m_spaceId);
    connect(m_stream.get(), &LogStream::stateChanged, this, &LogsPanel::updateStatus);
    connect(m_stream.get(), &LogStream::reset, this, [this] {
        // The history comes again whole: what is shown is replaced, not doubled.
        m_pending.clear();
        m_lines.clear();
        m_view->clear();
    });
    connect(m_stream.get(), &LogStream::textReceived, this,
            [this](const QString &text, bool) { queueText(text); });
    m_stream->start();
}

void LogsPanel::queueText(const QString &text)
{
    m_pending += text;
    // A flood is drawn once per turn of the event loop, not once per frame.
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

bool LogsPanel::showsTimestamps() const
{
    return m_timestampsBox->isChecked();
}

void LogsPanel::setShowsTimestamps(bool show)
{
    m_timestampsBox->setChecked(show);
}

void LogsPanel::flushText()
{
    if (m_pending.isEmpty())
        return;
    QString text = std::exchange(m_pending, QString());
    text.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    if (text.endsWith(u'\n'))
        text.chop(1);
    QStringList lines = text.split(u'\n');
    // Only the last ScrollbackLines would be kept: lay out no more than those.
    if (lines.size() > ScrollbackLines)
        lines.remove(0, lines.size() - ScrollbackLines);
    m_lines += lines;
    if (m_lines.size() > ScrollbackLines)
        m_lines.remove(0, m_lines.size() - ScrollbackLines);
    appendLines(lines);
}

void LogsPanel::redraw()
{
    m_view->clear();
    if (!m_lines.isEmpty())
        appendLines(m_lines);
}

void LogsPanel::appendLines(const QStringList &received)
{
    const QString joined = received.join(u'\n') + u'\n';
    const QString text = LogLineStamp::apply(joined, showsTimestamps() ? LogLineStamp::Show::Grey
                                                                       : LogLineStamp::Show::None);
    const QList<AnsiLine> lines = AnsiText::parse(text);
    m_scrolling = true;
    QTextCursor cursor(m_view->document());
    cursor.movePosition(QTextCursor::End);
    cursor.beginEditBlock();
    const QColor textColour = PanelStyle::outputText();
    const QColor background = PanelStyle::outputBackground();
    for (const AnsiLine &line : lines) {
        if (!m_view->document()->isEmpty())
            cursor.insertBlock();
        for (const AnsiRun &run : line)
            cursor.insertText(run.text, AnsiText::charFormat(run.style, textColour, background));
    }
    cursor.endEditBlock();
    if (m_following)
        scrollToEnd();
    m_scrolling = false;
    if (!m_findEdit->text().isEmpty())
        updateMatches();
    m_copyButton->setEnabled(true);
    m_saveButton->setEnabled(true);
}

void LogsPanel::setFollowing(bool following)
{
    m_following = following;
    m_jumpButton->setVisible(!following);
    if (m_followButton->isChecked() != following) {
        const QSignalBlocker blocker(m_followButton);
        m_followButton->setChecked(following);
    }
    if (following)
        scrollToEnd();
}

void LogsPanel::scrollToEnd()
{
    const bool wasScrolling = std::exchange(m_scrolling, true);
    QScrollBar *bar = m_view->verticalScrollBar();
    bar->setValue(bar->maximum());
    m_scrolling = wasScrolling;
}

void LogsPanel::onScrolled(int value)
{
    if (m_scrolling)
        return;
    // The user scrolled: up stops following, back to the end starts it again.
    const bool atEnd = value >= m_view->verticalScrollBar()->maximum();
    if (atEnd != m_following)
        setFollowing(atEnd);
}

void LogsPanel::updateStatus()
{
    const bool hasSpace = !m_spaceId.isEmpty();
    QString sentence;
    if (!hasSpace) {
        sentence = tr("Select a space to see its log.");
    } else if (!m_stream) {
        sentence = tr("The log of “%1”").arg(m_spaceName);
    } else {
        switch (m_stream->state()) {
        case LogStream::State::Stopped:
        case LogStream::State::Connecting:
            sentence = tr("Connecting to the log of “%1”…").arg(m_spaceName);
            break;
        case LogStream::State::History:
            sentence = tr("Loading the log of “%1”…").arg(m_spaceName);
            break;
        case LogStream::State::Live:
            sentence = tr("● Live: the log of “%1”").arg(m_spaceName);
            break;
        case LogStream::State::Waiting:
            sentence = tr("%1 Trying again…").arg(DisplayText::oneLine(m_stream->errorString()));
            break;
        }
    }
    m_status->setText(sentence);
    const bool hasText = !m_view->document()->isEmpty();
    m_copyButton->setEnabled(hasText);
    m_saveButton->setEnabled(hasText);
    for (QWidget *widget :
         {static_cast<QWidget *>(m_findEdit), static_cast<QWidget *>(m_followButton),
          static_cast<QWidget *>(m_wrapBox), static_cast<QWidget *>(m_timestampsBox)})
        widget->setEnabled(hasSpace);
}

void LogsPanel::updateMatches()
{
    const QString needle = m_findEdit->text();
    QList<QTextEdit::ExtraSelection> selections;
    int count = 0;
    if (!needle.isEmpty()) {
        QTextCharFormat highlight;
        highlight.setBackground(QColor(0xe5, 0xc0, 0x7b));
        highlight.setForeground(PanelStyle::outputBackground());
        QTextCursor cursor(m_view->document());
        while (count < MaximumCounted) {
            cursor = m_view->document()->find(needle, cursor);
            if (cursor.isNull())
                break;
            if (count < MaximumHighlights)
                selections.append({cursor, highlight});
            ++count;
        }
    }
    m_view->setExtraSelections(selections);
    m_previousButton->setEnabled(count > 0);
    m_nextButton->setEnabled(count > 0);
    if (needle.isEmpty())
        m_matchLabel->clear();
    else if (count >= MaximumCounted)
        m_matchLabel->setText(tr("%1+ matches").arg(MaximumCounted));
    else
        m_matchLabel->setText(count == 1 ? tr("1 match") : tr("%1 matches").arg(count));
}

void LogsPanel::find(bool backward)
{
    const QString needle = m_findEdit->text();
    if (needle.isEmpty())
        return;
    const QTextDocument::FindFlags flags =
        backward ? QTextDocument::FindBackward : QTextDocument::FindFlags();
    if (!m_view->find(needle, flags)) {
        // Round the end: from the other side.
        QTextCursor cursor = m_view->textCursor();
        cursor.movePosition(backward ? QTextCursor::End : QTextCursor::Start);
        m_view->setTextCursor(cursor);
        if (!m_view->find(needle, flags))
            return;
    }
    // Looking at a match: new lines must not carry it away.
    setFollowing(false);
}

void LogsPanel::saveToFile()
{
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Save the log of “%1”").arg(m_spaceName), m_spaceName + QStringLiteral(".log"),
        tr("Log files (*.log *.txt);;All files (*)"));
    if (path.isEmpty())
        return;
    // Writing is disk work: off the UI thread; the answer comes back to it.
    auto *watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, path] {
        const QString problem = watcher->result();
        watcher->deleteLater();
        if (!problem.isEmpty())
            Q_EMIT errorOccurred(tr("Save the log"), ApiError{0, problem});
        else
            m_status->setText(tr("Saved the log to %1").arg(path));
    });
    watcher->setFuture(QtConcurrent::run([path, content = text().toUtf8()]() -> QString {
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size() ||
            !file.commit())
            return tr("Could not save the log to %1: %2").arg(path, file.errorString());
        return {};
    }));
}

} // namespace spaces
