#pragma once

#include "ClientRequests.h"

#include <QDialog>
#include <QHash>
#include <memory>

class QLineEdit;

namespace Ui {
class CreateSpaceDialog;
}

namespace spaces {

class TemplateModel;

// Asks for what a new space needs: a name checked as it is typed (the sentence says which rule
// it breaks), a template (with its description), a shell, a description (1024 bytes, counted
// as typed) and a value for each custom field the chosen template defines.
//
// Create does not close it: it emits submitted() and stays open, busy, until the caller
// passes the server's answer to finish(): success closes it, a refusal (a name in use) shows
// the server's sentence inline with everything typed kept.
class CreateSpaceDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit CreateSpaceDialog(TemplateModel &templates, QWidget *parent = nullptr);
    ~CreateSpaceDialog() override;

    CreateSpaceRequest request() const;
    bool isBusy() const { return m_busy; }
    // The server's answer to the request submitted: an empty sentence accepts the dialog,
    // any other shows it and lets the user change the form and try again.
    void finish(const QString &serverSentence);

Q_SIGNALS:
    void submitted(const spaces::CreateSpaceRequest &request);

private:
    void submit();
    void setBusy(bool busy);
    void validate();
    void templateChosen();
    void rebuildFields();

    std::unique_ptr<Ui::CreateSpaceDialog> m_ui;
    TemplateModel &m_templates;
    QHash<QString, QLineEdit *> m_fieldEdits;
    bool m_busy = false;
};

} // namespace spaces
