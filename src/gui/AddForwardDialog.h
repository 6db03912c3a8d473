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
//
// "Add forward" does not close it: it emits submitted() and stays open, busy, until the
// caller passes the server's answer to finish(): success closes it, a refusal (a local port
// in use) shows the server's sentence inline with the form kept.
class AddForwardDialog final : public QDialog
{
    Q_OBJECT

public:
    AddForwardDialog(SpaceListModel &spaces, const QString &sourceName, QWidget *parent = nullptr);
    ~AddForwardDialog() override;

    PortForwardRequest request() const;
    // The sentence of what is wrong, empty when the form can be sent.
    QString problem() const;
    bool isBusy() const { return m_busy; }
    // The server's answer to the request submitted: empty accepts the dialog.
    void finish(const QString &serverSentence);

Q_SIGNALS:
    void submitted(const spaces::PortForwardRequest &request);

private:
    void submit();
    void edited();
    void fillTargets(const QString &sourceName);
    void targetChosen();
    void validate();

    std::unique_ptr<Ui::AddForwardDialog> m_ui;
    SpaceListModel &m_spaces;
    bool m_busy = false;
    QString m_serverSentence; // the last refusal, until the form changes
};

} // namespace spaces
