#pragma once

#include <QColor>
#include <QDateTime>
#include <QWidget>

class QLabel;

namespace spaces {

// How the window hears about the server: live (events), polling (events down, asking every few
// seconds), disconnected since a time, or connecting. A coloured dot, a word, a tooltip.
class ConnectionIndicator final : public QWidget
{
    Q_OBJECT

public:
    enum class State
    {
        NotConnected,
        Connecting,
        Live,
        Polling,
        Disconnected
    };
    Q_ENUM(State)

    explicit ConnectionIndicator(QWidget *parent = nullptr);

    // `since`: when the connection was lost (Polling, Disconnected).
    void setState(State state, const QDateTime &since = {});
    State state() const { return m_state; }
    QString text() const;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    State m_state = State::NotConnected;
    QColor m_dot;
    QLabel *m_label = nullptr;
};

} // namespace spaces
