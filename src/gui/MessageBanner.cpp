#include "MessageBanner.h"

#include "DisplayText.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QToolButton>

namespace spaces {

MessageBanner::MessageBanner(QWidget *parent)
    : QFrame(parent)
    , m_icon(new QLabel(this))
    , m_text(new QLabel(this))
    , m_action(new QPushButton(this))
    , m_close(new QToolButton(this))
{
    setObjectName(QStringLiteral("messageBanner"));
    setAccessibleName(tr("Message"));
    setFrameShape(QFrame::StyledPanel);
    m_icon->setObjectName(QStringLiteral("messageBannerIcon"));
    m_text->setObjectName(QStringLiteral("messageBannerText"));
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_text->setTextFormat(Qt::PlainText);
    m_text->setAccessibleName(tr("Message"));
    m_action->setObjectName(QStringLiteral("messageBannerAction"));
    m_action->setAccessibleName(tr("Message action"));
    m_action->hide();
    m_close->setObjectName(QStringLiteral("messageBannerClose"));
    m_close->setAutoRaise(true);
    m_close->setText(QStringLiteral("✕"));
    m_close->setToolTip(tr("Dismiss this message (Esc)"));
    m_close->setAccessibleName(tr("Dismiss message"));
    m_close->setShortcut(Qt::Key_Escape);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(12, 8, 8, 8);
    layout->setSpacing(10);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_action, 0, Qt::AlignVCenter);
    layout->addWidget(m_close, 0, Qt::AlignTop);

    connect(m_close, &QToolButton::clicked, this, &MessageBanner::dismiss);
    connect(m_action, &QPushButton::clicked, this, &MessageBanner::actionTriggered);
    applyKind();
    hide();
}

void MessageBanner::showError(const QString &operation, const QString &sentence)
{
    m_kind = Kind::Error;
    applyKind();
    // The sentence (and a space's name in the operation) come from the server: shown on one
    // line, without controls or bidi overrides that would change what the user reads.
    //: %1 is what failed ("Start web"), %2 the server's sentence
    m_text->setText(DisplayText::oneLine(
        operation.isEmpty() ? sentence : tr("%1 failed: %2").arg(operation, sentence)));
    setAccessibleDescription(m_text->text());
    m_text->setAccessibleName(m_text->text());
    setAction({});
    show();
}

void MessageBanner::showMessage(Kind kind, const QString &text)
{
    m_kind = kind;
    applyKind();
    m_text->setText(DisplayText::oneLine(text));
    setAccessibleDescription(m_text->text());
    m_text->setAccessibleName(m_text->text());
    setAction({});
    show();
}

void MessageBanner::setAction(const QString &text)
{
    m_action->setText(text);
    m_action->setAccessibleName(text.isEmpty() ? tr("Message action") : text);
    m_action->setVisible(!text.isEmpty());
}

void MessageBanner::dismiss()
{
    if (isHidden())
        return;
    hide();
    Q_EMIT dismissed();
}

QString MessageBanner::text() const
{
    return m_text->text();
}

void MessageBanner::applyKind()
{
    QStyle::StandardPixmap pixmap = QStyle::SP_MessageBoxCritical;
    const char *background = "#fdecea";
    const char *border = "#f1aeb5";
    const char *foreground = "#6e1a1a";
    switch (m_kind) {
    case Kind::Error:
        break;
    case Kind::Warning:
        pixmap = QStyle::SP_MessageBoxWarning;
        background = "#fff6e0";
        border = "#f0d08a";
        foreground = "#5c4300";
        break;
    case Kind::Information:
        pixmap = QStyle::SP_MessageBoxInformation;
        background = "#e8f1fd";
        border = "#a9c8f0";
        foreground = "#123a6b";
        break;
    }
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize);
    m_icon->setPixmap(style()->standardIcon(pixmap).pixmap(size, size));
    setStyleSheet(QStringLiteral("#messageBanner { background: %1; border: 1px solid %2;"
                                 " border-radius: 6px; }"
                                 " #messageBanner QLabel { background: transparent; border: none;"
                                 " color: %3; }")
                      .arg(QLatin1StringView(background), QLatin1StringView(border),
                           QLatin1StringView(foreground)));
}

} // namespace spaces
