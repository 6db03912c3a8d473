#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

namespace spaces {

// What the list area shows when there is nothing to list: a short sentence and, when the user
// has no spaces at all, a button to create the first one.
class EmptyStateWidget final : public QWidget
{
    Q_OBJECT

public:
    explicit EmptyStateWidget(QWidget *parent = nullptr);

    void setMessage(const QString &title, const QString &sentence, bool offerCreate);

Q_SIGNALS:
    void createRequested();

private:
    QLabel *m_icon = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_sentence = nullptr;
    QPushButton *m_create = nullptr;
};

} // namespace spaces
