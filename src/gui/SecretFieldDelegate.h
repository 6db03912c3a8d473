#pragma once

#include <QStyledItemDelegate>

namespace spaces {

// The value column of the custom fields: a field whose name says it is a secret (it holds
// "key", "token", "secret" or "password") is drawn as dots until revealed, and edited in a
// password field.
class SecretFieldDelegate final : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit SecretFieldDelegate(QObject *parent = nullptr);

    static bool isSecretName(const QString &name);
    // Whether the row of `index` holds a secret (by its field's name).
    static bool isSecret(const QModelIndex &index);

    void setRevealed(bool revealed) { m_revealed = revealed; }
    bool isRevealed() const { return m_revealed; }
    // The text the cell of `index` shows (dots for a hidden secret).
    QString shownText(const QModelIndex &index) const;

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                          const QModelIndex &index) const override;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;

private:
    bool m_revealed = false;
};

} // namespace spaces
