#include "SettingsDialog.h"

#include "ConfirmDialog.h"
#include "ConnectionProfiles.h"
#include "ui_SettingsDialog.h"

#include <QPushButton>

namespace spaces {

SettingsDialog::SettingsDialog(ConnectionProfiles &profiles, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::SettingsDialog>())
    , m_profiles(profiles)
{
    m_ui->setupUi(this);
    setObjectName(QStringLiteral("settingsDialog"));
    QPalette palette = m_ui->settingsProblem->palette();
    palette.setColor(QPalette::WindowText, QColor(0xb4, 0x23, 0x18));
    m_ui->settingsProblem->setPalette(palette);

    connect(m_ui->settingsProfileList, &QListWidget::currentRowChanged, this,
            &SettingsDialog::showSelected);
    connect(m_ui->settingsNameEdit, &QLineEdit::textChanged, this, &SettingsDialog::validate);
    connect(m_ui->settingsUrlEdit, &QLineEdit::textChanged, this, &SettingsDialog::validate);
    connect(m_ui->settingsTokenEdit, &QLineEdit::textChanged, this, &SettingsDialog::validate);
    connect(m_ui->settingsSaveButton, &QPushButton::clicked, this, &SettingsDialog::save);
    connect(m_ui->settingsAddButton, &QPushButton::clicked, this, &SettingsDialog::addNew);
    connect(m_ui->settingsRemoveButton, &QPushButton::clicked, this,
            &SettingsDialog::removeSelected);
    connect(m_ui->settingsButtonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    reload(m_profiles.currentId());
}

SettingsDialog::~SettingsDialog() = default;

void SettingsDialog::reload(const QString &selectId)
{
    const QSignalBlocker blocker(m_ui->settingsProfileList);
    m_ui->settingsProfileList->clear();
    int selectRow = 0;
    for (const ConnectionProfile &profile : m_profiles.profiles()) {
        auto *item = new QListWidgetItem(profile.isLocal() ? tr("This computer") : profile.name,
                                         m_ui->settingsProfileList);
        item->setData(Qt::UserRole, profile.id);
        item->setIcon(style()->standardIcon(profile.isLocal() ? QStyle::SP_ComputerIcon
                                                              : QStyle::SP_DriveNetIcon));
        if (profile.id == selectId)
            selectRow = m_ui->settingsProfileList->count() - 1;
    }
    m_ui->settingsProfileList->setCurrentRow(selectRow);
    m_adding = false;
    showSelected();
}

QString SettingsDialog::selectedId() const
{
    const QListWidgetItem *item = m_ui->settingsProfileList->currentItem();
    return item ? item->data(Qt::UserRole).toString() : QString();
}

void SettingsDialog::showSelected()
{
    const std::optional<ConnectionProfile> profile = m_profiles.profile(selectedId());
    const bool editable = m_adding || (profile && !profile->isLocal());
    m_ui->settingsProfileGroup->setEnabled(editable);
    m_ui->settingsRemoveButton->setEnabled(!m_adding && profile && !profile->isLocal());
    m_ui->settingsRemoveButton->setToolTip(m_ui->settingsRemoveButton->isEnabled()
                                               ? QString()
                                               : tr("This computer is always available."));
    m_ui->settingsNameEdit->setText(editable && profile && !m_adding ? profile->name : QString());
    m_ui->settingsUrlEdit->setText(editable && profile && !m_adding ? profile->url.toString()
                                                                    : QString());
    m_ui->settingsTokenEdit->setText(editable && profile && !m_adding ? profile->token : QString());
    m_ui->settingsProfileGroup->setTitle(
        m_adding ? tr("New Knot server")
                 : (editable ? tr("Knot server") : tr("This computer: no settings needed")));
    validate();
}

void SettingsDialog::validate()
{
    if (!m_ui->settingsProfileGroup->isEnabled()) {
        m_ui->settingsProblem->clear();
        m_ui->settingsSaveButton->setEnabled(false);
        return;
    }
    QString problem = ConnectionProfiles::checkName(m_ui->settingsNameEdit->text());
    if (problem.isEmpty())
        problem = ConnectionProfiles::checkUrl(m_ui->settingsUrlEdit->text());
    if (problem.isEmpty())
        problem = ConnectionProfiles::checkToken(m_ui->settingsTokenEdit->text());
    m_ui->settingsProblem->setText(problem);
    m_ui->settingsSaveButton->setEnabled(problem.isEmpty());
}

void SettingsDialog::save()
{
    QString error;
    QString id = selectedId();
    if (m_adding) {
        id = m_profiles.add(m_ui->settingsNameEdit->text(), m_ui->settingsUrlEdit->text(),
                            m_ui->settingsTokenEdit->text(), &error);
    } else if (std::optional<ConnectionProfile> profile = m_profiles.profile(id)) {
        profile->name = m_ui->settingsNameEdit->text();
        profile->url = QUrl(m_ui->settingsUrlEdit->text().trimmed());
        profile->token = m_ui->settingsTokenEdit->text();
        if (!m_profiles.update(*profile, &error))
            id.clear();
    }
    if (id.isEmpty()) {
        m_ui->settingsProblem->setText(error);
        return;
    }
    reload(id);
}

void SettingsDialog::addNew()
{
    m_adding = true;
    m_ui->settingsProfileList->clearSelection();
    showSelected();
    m_ui->settingsNameEdit->setFocus();
}

void SettingsDialog::removeSelected()
{
    const std::optional<ConnectionProfile> profile = m_profiles.profile(selectedId());
    if (!profile || profile->isLocal())
        return;
    if (!ConfirmDialog::ask(
            this, tr("Remove Connection"),
            tr("Remove the connection “%1”? Its spaces stay on the server.").arg(profile->name),
            tr("Remove")))
        return;
    QString error;
    if (!m_profiles.remove(profile->id, &error)) {
        m_ui->settingsProblem->setText(error);
        return;
    }
    reload(m_profiles.currentId());
}

} // namespace spaces
