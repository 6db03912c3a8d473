#include "TerminalSession.h"

#include "TerminalScreen.h"
#include "TerminalView.h"

#include <QElapsedTimer>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>

namespace spaces {

namespace {

// How long the screen may parse in one event-loop turn; the rest waits for the next turn so
// that keys and paint get their go. A budget of time, not bytes: libvterm moves the whole
// screen for every line it scrolls, so a byte count costs ten times more for `yes` than for
// a file of long lines (bench_terminal_view measured 128 KiB taking over a second).
constexpr qint64 FeedBudgetNs = 4'000'000;
// Fed in pieces this small so that the budget is overrun by little: 2 KiB of `yes` (680
// scrolled lines, a 170 KB memmove each at 120x40) took 25 ms on a loaded machine.
constexpr qsizetype FeedPieceBytes = 256;
// How much output may wait unparsed before the connection stops reading the socket: about
// half a second of `yes` at libvterm's pace, so that the screen catches up soon after Ctrl+C
// ends a flood, and far more than one turn's worth, so that the parser never starves.
constexpr qint64 BackPressureBytes = 256 * 1024;

} // namespace

TerminalSession::TerminalSession(ConnectionSettings settings, QString spaceId, QString shell,
                                 QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("terminalSession"));
    m_screen = new TerminalScreen(24, 80, this);
    m_view = new TerminalView(*m_screen, this);
    m_view->setObjectName(QStringLiteral("terminalView"));
    m_connection =
        new TerminalConnection(std::move(settings), std::move(spaceId), std::move(shell), this);
    m_connection->setBackPressure(BackPressureBytes);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("terminalStatus"));
    m_status->setWordWrap(true);
    m_reconnect = new QPushButton(tr("Reconnect"), this);
    m_reconnect->setObjectName(QStringLiteral("terminalReconnect"));
    m_reconnect->hide();

    auto *statusRow = new QHBoxLayout;
    statusRow->setContentsMargins(6, 2, 6, 2);
    statusRow->addWidget(m_status, 1);
    statusRow->addWidget(m_reconnect);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_view, 1);
    layout->addLayout(statusRow);

    connect(m_reconnect, &QPushButton::clicked, this, &TerminalSession::reconnect);
    connect(m_connection, &TerminalConnection::stateChanged, this,
            &TerminalSession::onStateChanged);
    connect(m_connection, &TerminalConnection::outputReceived, this, &TerminalSession::onOutput);
    connect(m_screen, &TerminalScreen::output, m_connection, &TerminalConnection::sendInput);
    connect(m_view, &TerminalView::sizeChanged, m_connection,
            [this](int rows, int columns) { m_connection->resize(QSize(columns, rows)); });
    connect(m_screen, &TerminalScreen::titleChanged, this,
            [this] { Q_EMIT titleChanged(title()); });
    setFocusProxy(m_view);
}

TerminalSession::~TerminalSession() = default;

void TerminalSession::open()
{
    m_connection->open(QSize(m_screen->columns(), m_screen->rows()));
}

void TerminalSession::reconnect()
{
    // A new shell: what the old one printed stays above as scrollback.
    m_pending += "\r\n";
    scheduleFeed();
    open();
    m_view->setFocus();
}

QString TerminalSession::title() const
{
    return m_screen->title().isEmpty() ? m_connection->shell() : m_screen->title();
}

QString TerminalSession::statusText() const
{
    return m_status->isVisible() ? m_status->text() : QString();
}

void TerminalSession::onStateChanged(TerminalConnection::State state)
{
    switch (state) {
    case TerminalConnection::State::Idle:
    case TerminalConnection::State::Connecting:
        m_status->setText(tr("Connecting to %1 in the space…").arg(m_connection->shell()));
        m_status->show();
        m_reconnect->hide();
        break;
    case TerminalConnection::State::Connected:
        m_status->hide();
        m_reconnect->hide();
        break;
    case TerminalConnection::State::Ended:
        // After the shell's last words, all of them, fed at the same pace as the rest.
        m_pending += "\r\n\x1b[2m[" + tr("shell exited").toUtf8() + "]\x1b[0m\r\n";
        scheduleFeed();
        m_status->setText(m_connection->errorString());
        m_status->show();
        m_reconnect->setText(tr("New shell"));
        m_reconnect->show();
        break;
    case TerminalConnection::State::Failed:
        m_status->setText(tr("Disconnected: %1").arg(m_connection->errorString()));
        m_status->show();
        m_reconnect->setText(tr("Reconnect"));
        m_reconnect->show();
        break;
    }
    Q_EMIT stateChanged(state);
}

void TerminalSession::onOutput(const QByteArray &bytes)
{
    m_pending += bytes;
    scheduleFeed();
}

void TerminalSession::scheduleFeed()
{
    if (m_feedScheduled)
        return;
    m_feedScheduled = true;
    QTimer::singleShot(0, this, &TerminalSession::feedPending);
}

void TerminalSession::feedPending()
{
    m_feedScheduled = false;
    QElapsedTimer spent;
    spent.start();
    const qsizetype start = m_pendingOffset;
    // libvterm keeps its parser state between writes: a piece may end inside a sequence.
    while (m_pendingOffset < m_pending.size() && spent.nsecsElapsed() < FeedBudgetNs) {
        const qsizetype piece = std::min(FeedPieceBytes, m_pending.size() - m_pendingOffset);
        m_screen->feed(QByteArray::fromRawData(m_pending.constData() + m_pendingOffset, piece));
        m_pendingOffset += piece;
    }
    m_connection->consumed(m_pendingOffset - start);
    if (m_pendingOffset == m_pending.size()) {
        m_pending.clear();
        m_pendingOffset = 0;
        return;
    }
    // Parsed bytes are dropped once they are most of the buffer: moving the rest each turn
    // would cost as much as the parsing.
    if (m_pendingOffset > m_pending.size() / 2) {
        m_pending.remove(0, m_pendingOffset);
        m_pendingOffset = 0;
    }
    scheduleFeed();
}

} // namespace spaces
