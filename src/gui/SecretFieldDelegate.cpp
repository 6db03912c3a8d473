#include "SecretFieldDelegate.h"

#include "CustomFieldModel.h"

#include <QLineEdit>

namespace spaces {

namespace {
// Always as many dots, so the length of the secret does not show.
const QString Masked = QString(8, QChar(0x2022));
} // namespace

SecretFieldDelegate::SecretFieldDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{}

bool SecretFieldDelegate::isSecretName(const QString &name)
{
    for (const char *word : {"key", "token", "secret", "password"}) {
        if (name.contains(QLatin1StringView(word), Qt::CaseInsensitive))
            return true;
    }
    return false;
}

bool SecretFieldDelegate::isSecret(const QModelIndex &index)
{
    return isSecretName(index.siblingAtColumn(CustomFieldModel::NameColumn)
                            .data(CustomFieldModel::NameRole)
                            .toString());
}

void SecretFieldDelegate::initStyleOption(QStyleOptionViewItem *option,
                                          const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (!m_revealed && !option->text.isEmpty() && isSecret(index))
        option->text = Masked;
}

QString SecretFieldDelegate::shownText(const QModelIndex &index) const
{
    QStyleOptionViewItem option;
    initStyleOption(&option, index);
    return option.text;
}

QWidget *SecretFieldDelegate::createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                                           const QModelIndex &index) const
{
    QWidget *editor = QStyledItemDelegate::createEditor(parent, option, index);
    if (auto *line = qobject_cast<QLineEdit *>(editor); line && !m_revealed && isSecret(index))
        line->setEchoMode(QLineEdit::Password);
    return editor;
}

} // namespace spaces
