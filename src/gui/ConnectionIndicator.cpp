#include "ConnectionIndicator.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPainter>

namespace spaces {

namespace {
constexpr int DotSize = 10;
constexpr int DotMargin = 6;
} // namespace

ConnectionIndicator::ConnectionIndicator(QWidget *parent)
    : QWidget(parent)
    , m_label(new QLabel(this))
{
    setObjectName(QStringLiteral("connectionIndicator"));
    m_label->setObjectName(QStringLiteral("connectionIndicatorText"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(DotSize + 2 * DotMargin, 0, DotMargin, 0);
    layout->addWidget(m_label);
    setState(State::NotConnected);
}

void ConnectionIndicator::setState(State state, const QDateTime &since)
{
    m_state = state;
    const QString time =
        since.isValid() ? QLocale().toString(since.toLocalTime().time(), QStringLiteral("HH:mm"))
                        : QString();
    QString tip;
    switch (state) {
    case State::NotConnected:
        m_dot = QColor(0x9a, 0xa0, 0xa6);
        m_label->setText(tr("Not connected"));
        tip = tr("Choose a server to connect to.");
        break;
    case State::Connecting:
        m_dot = QColor(0xf2, 0xa9, 0x00);
        m_label->setText(tr("Connecting…"));
        tip = tr("Connecting to the spaces server.");
        break;
    case State::Live:
        m_dot = QColor(0x1e, 0x9e, 0x4a);
        m_label->setText(tr("Live"));
        tip = tr("Connected: changes on the server show up at once.");
        break;
    case State::Polling:
        m_dot = QColor(0xf2, 0xa9, 0x00);
        m_label->setText(tr("Polling"));
        tip = time.isEmpty()
                  ? tr("The live connection is down; the list is refreshed every few seconds.")
                  : tr("The live connection is down since %1; the list is refreshed every few "
                       "seconds.")
                        .arg(time);
        break;
    case State::Disconnected:
        m_dot = QColor(0xd9, 0x30, 0x25);
        m_label->setText(time.isEmpty() ? tr("Disconnected")
                                        : tr("Disconnected since %1").arg(time));
        tip = tr("The server does not answer; the app keeps trying to reconnect.");
        break;
    }
    setToolTip(tip);
    setAccessibleName(tr("Connection: %1").arg(m_label->text()));
    setAccessibleDescription(tip);
    update();
}

QString ConnectionIndicator::text() const
{
    return m_label->text();
}

void ConnectionIndicator::paintEvent(QPaintEvent *event)
{
    QWidget::paintEvent(event);
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(m_dot.darker(130));
    painter.setBrush(m_dot);
    const QRectF dot(DotMargin, (height() - DotSize) / 2.0, DotSize, DotSize);
    painter.drawEllipse(dot);
}

} // namespace spaces
