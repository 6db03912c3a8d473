#include "CreateSpaceDialog.h"

#include "TemplateModel.h"
#include "Validation.h"
#include "ui_CreateSpaceDialog.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace spaces {

namespace {
void setSentenceColour(QLabel *label, bool problem)
{
    QPalette palette = label->palette();
    palette.setColor(QPalette::WindowText,
                     problem ? QColor(0xb4, 0x23, 0x18)
                             : label->parentWidget()->palette().color(QPalette::PlaceholderText));
    label->setPalette(palette);
}
} // namespace

CreateSpaceDialog::CreateSpaceDialog(TemplateModel &templates, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::CreateSpaceDialog>())
    , m_templates(templates)
{
    m_ui->setupUi(this);
    setMinimumWidth(520);
    m_ui->createLayout->setSizeConstraint(QLayout::SetMinAndMaxSize);
    setObjectName(QStringLiteral("createSpaceDialog"));
    m_ui->createButtonBox->button(QDialogButtonBox::Ok)->setText(tr("Create"));
    m_ui->createButtonBox->button(QDialogButtonBox::Ok)
        ->setObjectName(QStringLiteral("createOkButton"));

    m_ui->createTemplateCombo->setModel(&m_templates);
    m_ui->createShellCombo->addItem(tr("Template default"), QString());
    for (const QString &shell : Validation::shells())
        m_ui->createShellCombo->addItem(shell, shell);
    setSentenceColour(m_ui->createTemplateDescription, false);

    connect(m_ui->createNameEdit, &QLineEdit::textChanged, this, [this] {
        m_ui->createServerError->hide(); // about the name that was sent
        validate();
    });
    connect(m_ui->createDescriptionEdit, &QPlainTextEdit::textChanged, this,
            &CreateSpaceDialog::validate);
    connect(m_ui->createTemplateCombo, &QComboBox::currentIndexChanged, this,
            &CreateSpaceDialog::templateChosen);
    connect(&m_templates, &TemplateModel::refreshed, this, &CreateSpaceDialog::templateChosen);
    m_ui->createServerError->hide();
    setSentenceColour(m_ui->createServerError, true);
    connect(m_ui->createButtonBox, &QDialogButtonBox::accepted, this, &CreateSpaceDialog::submit);
    connect(m_ui->createButtonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    templateChosen();
}

CreateSpaceDialog::~CreateSpaceDialog() = default;

CreateSpaceRequest CreateSpaceDialog::request() const
{
    CreateSpaceRequest request;
    request.name = m_ui->createNameEdit->text().trimmed();
    request.templateId = m_ui->createTemplateCombo->currentData(TemplateModel::IdRole).toString();
    request.description = m_ui->createDescriptionEdit->toPlainText();
    request.shell = m_ui->createShellCombo->currentData().toString();
    for (auto it = m_fieldEdits.cbegin(); it != m_fieldEdits.cend(); ++it) {
        if (!it.value()->text().isEmpty())
            request.customFields.append(CustomFieldValue{it.key(), it.value()->text()});
    }
    return request;
}

void CreateSpaceDialog::submit()
{
    if (m_busy || !m_ui->createButtonBox->button(QDialogButtonBox::Ok)->isEnabled())
        return;
    m_ui->createServerError->hide();
    setBusy(true);
    Q_EMIT submitted(request());
}

void CreateSpaceDialog::finish(const QString &serverSentence)
{
    if (!m_busy)
        return;
    setBusy(false);
    if (serverSentence.isEmpty()) {
        accept();
        return;
    }
    //: %1: the server's own sentence ("a space with this name already exists")
    m_ui->createServerError->setText(
        tr("The server did not create the space: %1").arg(serverSentence));
    m_ui->createServerError->show();
    m_ui->createNameEdit->setFocus(Qt::OtherFocusReason);
    m_ui->createNameEdit->selectAll();
}

void CreateSpaceDialog::setBusy(bool busy)
{
    m_busy = busy;
    // The form stays readable but cannot change under the request; Cancel still closes.
    for (QWidget *input : {static_cast<QWidget *>(m_ui->createNameEdit),
                           static_cast<QWidget *>(m_ui->createTemplateCombo),
                           static_cast<QWidget *>(m_ui->createShellCombo),
                           static_cast<QWidget *>(m_ui->createDescriptionEdit),
                           static_cast<QWidget *>(m_ui->createFieldsGroup)})
        input->setEnabled(!busy);
    QPushButton *ok = m_ui->createButtonBox->button(QDialogButtonBox::Ok);
    ok->setText(busy ? tr("Creating…") : tr("Create"));
    if (busy)
        setCursor(Qt::BusyCursor);
    else
        unsetCursor();
    validate();
}

void CreateSpaceDialog::validate()
{
    const QString name = m_ui->createNameEdit->text().trimmed();
    const Expected<QString> checkedName = Validation::spaceName(name);
    const QString nameProblem =
        name.isEmpty() || checkedName ? QString() : checkedName.error().message;
    m_ui->createNameError->setText(
        name.isEmpty() ? tr("Letters, digits and dashes; starts with a letter.") : nameProblem);
    setSentenceColour(m_ui->createNameError, !nameProblem.isEmpty());

    const QString description = m_ui->createDescriptionEdit->toPlainText();
    const qsizetype bytes = description.toUtf8().size();
    const QString descriptionProblem = Validation::checkDescription(description);
    m_ui->createDescriptionCounter->setText(
        descriptionProblem.isEmpty()
            ? tr("%1 / %2 bytes").arg(bytes).arg(Validation::MaxDescriptionBytes)
            : tr("%1 / %2 bytes: %3")
                  .arg(bytes)
                  .arg(Validation::MaxDescriptionBytes)
                  .arg(descriptionProblem));
    setSentenceColour(m_ui->createDescriptionCounter, !descriptionProblem.isEmpty());

    const SpaceTemplate *chosen = m_templates.templateById(
        m_ui->createTemplateCombo->currentData(TemplateModel::IdRole).toString());
    // The server cannot run it (e.g. Podman is not installed): nothing made from it would start.
    const bool runnable = !chosen || chosen->available;
    const bool valid = !name.isEmpty() && nameProblem.isEmpty() && descriptionProblem.isEmpty() &&
                       m_ui->createTemplateCombo->currentIndex() >= 0 && runnable;
    QPushButton *ok = m_ui->createButtonBox->button(QDialogButtonBox::Ok);
    ok->setEnabled(valid && !m_busy);
    ok->setToolTip(m_busy                                          ? tr("Waiting for the server…")
                   : valid                                         ? QString()
                   : m_ui->createTemplateCombo->currentIndex() < 0 ? tr("Choose a template first")
                   : !runnable                                     ? chosen->unavailableReason
                               : tr("Give the space a valid name first"));
}

void CreateSpaceDialog::templateChosen()
{
    const QString description =
        m_ui->createTemplateCombo->currentData(TemplateModel::DescriptionRole).toString();
    const QString id = m_ui->createTemplateCombo->currentData(TemplateModel::IdRole).toString();
    const SpaceTemplate *chosen = m_templates.templateById(id);
    const bool unavailable = chosen && !chosen->available;
    // Beside the template, in the server's words, before the user fills anything in.
    const QString shown =
        unavailable ? QStringList{chosen->unavailableReason, description}.join(u'\n').trimmed()
                    : description;
    m_ui->createTemplateDescription->setText(shown);
    m_ui->createTemplateDescription->setVisible(!shown.isEmpty());
    setSentenceColour(m_ui->createTemplateDescription, unavailable);
    if (chosen) {
        const int shell = m_ui->createShellCombo->findData(chosen->shell);
        m_ui->createShellCombo->setCurrentIndex(std::max(shell, 0));
    }
    rebuildFields();
    validate();
}

void CreateSpaceDialog::rebuildFields()
{
    QFormLayout *form = m_ui->createFieldsForm;
    // Keep what the user typed for fields the next template also has.
    QHash<QString, QString> typed;
    for (auto it = m_fieldEdits.cbegin(); it != m_fieldEdits.cend(); ++it)
        typed.insert(it.key(), it.value()->text());
    while (form->rowCount() > 0)
        form->removeRow(0);
    m_fieldEdits.clear();

    const QString id = m_ui->createTemplateCombo->currentData(TemplateModel::IdRole).toString();
    const SpaceTemplate *chosen = m_templates.templateById(id);
    if (!chosen || chosen->customFields.isEmpty()) {
        m_ui->createFieldsGroup->hide();
        return;
    }
    QWidget *previous = m_ui->createDescriptionEdit;
    for (const CustomFieldDefinition &field : chosen->customFields) {
        auto *edit = new QLineEdit(m_ui->createFieldsGroup);
        edit->setObjectName(QStringLiteral("createField_") + field.name);
        edit->setPlaceholderText(field.description);
        edit->setToolTip(field.description);
        edit->setAccessibleName(field.name);
        edit->setAccessibleDescription(field.description);
        edit->setText(typed.value(field.name));
        auto *label = new QLabel(field.name + QLatin1Char(':'), m_ui->createFieldsGroup);
        label->setBuddy(edit);
        form->addRow(label, edit);
        m_fieldEdits.insert(field.name, edit);
        // Made after the buttons: put in the tab chain where they are shown.
        QWidget::setTabOrder(previous, edit);
        previous = edit;
    }
    QWidget::setTabOrder(previous, m_ui->createButtonBox->button(QDialogButtonBox::Ok));
    QWidget::setTabOrder(m_ui->createButtonBox->button(QDialogButtonBox::Ok),
                         m_ui->createButtonBox->button(QDialogButtonBox::Cancel));
    m_ui->createFieldsGroup->show();
}

} // namespace spaces
