#include "ConfirmDialog.h"

#include <QPushButton>

namespace spaces {

std::optional<QMessageBox::StandardButton> ConfirmDialog::s_nextAnswer;

bool ConfirmDialog::ask(QWidget *parent, const QString &title, const QString &question,
                        const QString &confirmText)
{
    if (s_nextAnswer) {
        const QMessageBox::StandardButton answer = *s_nextAnswer;
        s_nextAnswer.reset();
        return answer == QMessageBox::Yes;
    }
    QMessageBox box(QMessageBox::Question, title, question, QMessageBox::Yes | QMessageBox::Cancel,
                    parent);
    box.setObjectName(QStringLiteral("confirmDialog"));
    box.button(QMessageBox::Yes)->setText(confirmText);
    box.setDefaultButton(QMessageBox::Cancel);
    return box.exec() == QMessageBox::Yes;
}

void ConfirmDialog::setNextAnswer(QMessageBox::StandardButton answer)
{
    s_nextAnswer = answer;
}

} // namespace spaces
