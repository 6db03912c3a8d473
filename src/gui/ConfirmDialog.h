#pragma once

#include <QMessageBox>
#include <optional>

namespace spaces {

// The one way the app asks the user to decide (delete?). Tests pre-answer with setNextAnswer;
// information never goes through here (it goes to the MessageBanner).
class ConfirmDialog final
{
public:
    // Asks with a Yes button labelled `confirmText` and Cancel; true when the user confirmed.
    static bool ask(QWidget *parent, const QString &title, const QString &question,
                    const QString &confirmText);
    // The answer the next ask() returns without showing anything (consumed by that call).
    static void setNextAnswer(QMessageBox::StandardButton answer);

private:
    static std::optional<QMessageBox::StandardButton> s_nextAnswer;
};

} // namespace spaces
