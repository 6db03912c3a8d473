#pragma once

#include "ClientRequests.h"

#include <QDialog>
#include <memory>

namespace Ui {
class AddForwardDialog;
}

namespace spaces {

class SpaceListModel;

// Asks for a new forward from `sourceName`: local port, target space (running spaces first)
// and remote port, validated as typed with the API's own sentences.
class AddForwardDialog final : public QDialog
{
    Q_OBJECT

public:
    AddForwardDialog(SpaceListModel &spaces, const QString &sourceName, QWidget *parent = nullptr);
    ~AddForwardDialog() override;

    PortForwardRequest request() const;
    // The sentence of what is wrong, empty when the form can be sent.
    QString problem() const;

private:
    void fillTargets(const QString &sourceName);
    void targetChosen();
    void validate();

    std::unique_ptr<Ui::AddForwardDialog> m_ui;
    SpaceListModel &m_spaces;
};

} // namespace spaces
