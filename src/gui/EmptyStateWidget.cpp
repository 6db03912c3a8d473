#include "EmptyStateWidget.h"

#include <QIcon>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace spaces {

EmptyStateWidget::EmptyStateWidget(QWidget *parent)
    : QWidget(parent)
    , m_icon(new QLabel(this))
    , m_title(new QLabel(this))
    , m_sentence(new QLabel(this))
    , m_create(new QPushButton(this))
{
    setObjectName(QStringLiteral("emptyState"));
    m_title->setObjectName(QStringLiteral("emptyStateTitle"));
    m_sentence->setObjectName(QStringLiteral("emptyStateSentence"));
    m_create->setObjectName(QStringLiteral("createFirstSpaceButton"));
    m_create->setText(tr("Create your first space"));
    m_create->setAccessibleName(m_create->text());
    m_create->setIcon(QIcon::fromTheme(QStringLiteral("list-add"),
                                       style()->standardIcon(QStyle::SP_FileDialogNewFolder)));
    m_create->setDefault(true);

    m_icon->setPixmap(
        QIcon::fromTheme(QStringLiteral("folder-new"), style()->standardIcon(QStyle::SP_DirIcon))
            .pixmap(64, 64));
    m_icon->setAlignment(Qt::AlignCenter);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setAlignment(Qt::AlignCenter);
    m_sentence->setAlignment(Qt::AlignCenter);
    m_sentence->setWordWrap(true);
    QPalette palette = m_sentence->palette();
    palette.setColor(QPalette::WindowText, palette.color(QPalette::PlaceholderText));
    m_sentence->setPalette(palette);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(48, 24, 48, 24);
    layout->addStretch(2);
    layout->addWidget(m_icon);
    layout->addSpacing(8);
    layout->addWidget(m_title);
    layout->addWidget(m_sentence);
    layout->addSpacing(12);
    layout->addWidget(m_create, 0, Qt::AlignHCenter);
    layout->addStretch(3);

    connect(m_create, &QPushButton::clicked, this, &EmptyStateWidget::createRequested);
    setMessage(tr("No spaces yet"),
               tr("A space is a folder with its own shell, services and settings. "
                  "Create one to get started."),
               true);
}

void EmptyStateWidget::setMessage(const QString &title, const QString &sentence, bool offerCreate)
{
    m_title->setText(title);
    m_sentence->setText(sentence);
    m_create->setVisible(offerCreate);
    setAccessibleName(title);
    setAccessibleDescription(sentence);
}

} // namespace spaces
