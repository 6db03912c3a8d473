#pragma once

#include <QFrame>

class QLabel;
class QPushButton;
class QToolButton;

namespace spaces {

// An inline, dismissable message at the top of the window: what the user tried and the
// server's own sentence. Information never opens a modal dialog.
class MessageBanner final : public QFrame
{
    Q_OBJECT

public:
    enum class Kind
    {
        Error,
        Warning,
        Information
    };

    explicit MessageBanner(QWidget *parent = nullptr);

    // "Start web failed" + "space is already running".
    void showError(const QString &operation, const QString &sentence);
    void showMessage(Kind kind, const QString &text);
    // An optional button beside the text (e.g. "Retry"); hidden by an empty text.
    void setAction(const QString &text);
    void dismiss();

    Kind kind() const { return m_kind; }
    QString text() const;

Q_SIGNALS:
    void actionTriggered();
    void dismissed();

private:
    void applyKind();

    Kind m_kind = Kind::Error;
    QLabel *m_icon = nullptr;
    QLabel *m_text = nullptr;
    QPushButton *m_action = nullptr;
    QToolButton *m_close = nullptr;
};

} // namespace spaces
