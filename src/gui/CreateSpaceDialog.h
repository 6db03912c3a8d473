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

// Asks for what a new space needs: a name checked as it is typed (with the server's own
// sentence), a template (with its description), a shell, a description (1024 bytes, counted
// as typed) and a value for each custom field the chosen template defines.
class CreateSpaceDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit CreateSpaceDialog(TemplateModel &templates, QWidget *parent = nullptr);
    ~CreateSpaceDialog() override;

    CreateSpaceRequest request() const;

private:
    void validate();
    void templateChosen();
    void rebuildFields();

    std::unique_ptr<Ui::CreateSpaceDialog> m_ui;
    TemplateModel &m_templates;
    QHash<QString, QLineEdit *> m_fieldEdits;
};

} // namespace spaces
