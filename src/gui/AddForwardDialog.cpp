#include "AddForwardDialog.h"

#include "SpaceListModel.h"
#include "Validation.h"
#include "ui_AddForwardDialog.h"

#include <QLineEdit>
#include <QPushButton>
#include <algorithm>

namespace spaces {

namespace {

// A spin box's text as the user typed it, 0 when it is no number.
qint64 typedPort(const QSpinBox *spin)
{
    bool ok = false;
    const qint64 port = spin->cleanText().trimmed().toLongLong(&ok);
    return ok ? port : 0;
}

} // namespace

AddForwardDialog::AddForwardDialog(SpaceListModel &spaces, const QString &sourceName,
                                   QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::AddForwardDialog>())
    , m_spaces(spaces)
{
    m_ui->setupUi(this);
    m_ui->introLabel->setText(
        tr("Connections to the local port on this computer reach the remote port of the target "
           "space, while “%1” is running.")
            .arg(sourceName));
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setText(tr("&Add forward"));
    m_ui->validationLabel->setStyleSheet(QStringLiteral("color: #c62828;"));
    fillTargets(sourceName);

    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &AddForwardDialog::submit);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    // The editors' own signal: QSpinBox::textChanged stays silent while the text is no port.
    for (QSpinBox *spin : {m_ui->forwardLocalPortSpin, m_ui->forwardRemotePortSpin}) {
        spin->setAccelerated(true);
        connect(spin->findChild<QLineEdit *>(), &QLineEdit::textChanged, this,
                &AddForwardDialog::edited);
        // A value set without typing changes the text with the editor's signals blocked.
        connect(spin, &QSpinBox::valueChanged, this, &AddForwardDialog::edited);
    }
    connect(m_ui->forwardTargetCombo, &QComboBox::currentIndexChanged, this, [this] {
        m_serverSentence.clear();
        targetChosen();
    });
    targetChosen();
    validate();
}

AddForwardDialog::~AddForwardDialog() = default;

void AddForwardDialog::fillTargets(const QString &sourceName)
{
    struct Target
    {
        QString name;
        bool running;
    };
    QList<Target> targets;
    for (int row = 0; row < m_spaces.rowCount(); ++row) {
        const QModelIndex index = m_spaces.index(row, 0);
        const auto status = index.data(SpaceListModel::StatusRole).value<SpaceStatus>();
        targets.append(
            {index.data(SpaceListModel::NameRole).toString(), status == SpaceStatus::Running});
    }
    std::stable_sort(targets.begin(), targets.end(), [](const Target &a, const Target &b) {
        if (a.running != b.running)
            return a.running;
        return a.name.localeAwareCompare(b.name) < 0;
    });
    int preferred = -1;
    for (const Target &target : std::as_const(targets)) {
        const QString label = target.running ? tr("● %1 (running)").arg(target.name)
                                             : tr("○ %1 (not running)").arg(target.name);
        m_ui->forwardTargetCombo->addItem(label, target.name);
        if (target.name == sourceName && target.running)
            preferred = m_ui->forwardTargetCombo->count() - 1;
    }
    if (preferred < 0 && !targets.isEmpty() && targets.first().running)
        preferred = 0;
    m_ui->forwardTargetCombo->setCurrentIndex(std::max(preferred, 0));
}

void AddForwardDialog::targetChosen()
{
    // A space that names its service's port (the web template's "port") suggests it.
    const QString name = m_ui->forwardTargetCombo->currentData().toString();
    for (int row = 0; row < m_spaces.rowCount(); ++row) {
        const QModelIndex index = m_spaces.index(row, 0);
        if (index.data(SpaceListModel::NameRole).toString() != name)
            continue;
        const Space *space = m_spaces.space(index.data(SpaceListModel::IdRole).toString());
        bool ok = false;
        const int port = space ? space->fieldValue(QStringLiteral("port")).toInt(&ok) : 0;
        if (ok && Validation::checkRemotePort(port).isEmpty())
            m_ui->forwardRemotePortSpin->setValue(port);
        break;
    }
    validate();
}

QString AddForwardDialog::problem() const
{
    if (m_ui->forwardTargetCombo->count() == 0)
        return tr("There is no space to forward to.");
    const QString local = Validation::checkLocalPort(typedPort(m_ui->forwardLocalPortSpin));
    if (!local.isEmpty())
        return local;
    return Validation::checkRemotePort(typedPort(m_ui->forwardRemotePortSpin));
}

void AddForwardDialog::edited()
{
    m_serverSentence.clear(); // it was about the form as sent
    validate();
}

void AddForwardDialog::submit()
{
    if (m_busy || !problem().isEmpty())
        return;
    m_busy = true;
    m_serverSentence.clear();
    for (QWidget *input : {static_cast<QWidget *>(m_ui->forwardLocalPortSpin),
                           static_cast<QWidget *>(m_ui->forwardTargetCombo),
                           static_cast<QWidget *>(m_ui->forwardRemotePortSpin),
                           static_cast<QWidget *>(m_ui->forwardPersistentCheck)})
        input->setEnabled(false);
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setText(tr("Adding…"));
    setCursor(Qt::BusyCursor);
    validate();
    Q_EMIT submitted(request());
}

void AddForwardDialog::finish(const QString &serverSentence)
{
    if (!m_busy)
        return;
    m_busy = false;
    for (QWidget *input : {static_cast<QWidget *>(m_ui->forwardLocalPortSpin),
                           static_cast<QWidget *>(m_ui->forwardTargetCombo),
                           static_cast<QWidget *>(m_ui->forwardRemotePortSpin),
                           static_cast<QWidget *>(m_ui->forwardPersistentCheck)})
        input->setEnabled(true);
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setText(tr("&Add forward"));
    unsetCursor();
    if (serverSentence.isEmpty()) {
        accept();
        return;
    }
    //: %1: the server's own sentence ("local port 8080 is already in use")
    m_serverSentence = tr("The server did not add the forward: %1").arg(serverSentence);
    validate();
    m_ui->forwardLocalPortSpin->setFocus(Qt::OtherFocusReason);
    m_ui->forwardLocalPortSpin->selectAll();
}

void AddForwardDialog::validate()
{
    const QString problemNow = problem();
    const QString sentence = problemNow.isEmpty() ? m_serverSentence : problemNow;
    m_ui->validationLabel->setText(sentence);
    m_ui->validationLabel->setVisible(!sentence.isEmpty());
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setEnabled(problemNow.isEmpty() && !m_busy);
}

PortForwardRequest AddForwardDialog::request() const
{
    PortForwardRequest request;
    request.localPort = m_ui->forwardLocalPortSpin->value();
    request.targetSpace = m_ui->forwardTargetCombo->currentData().toString();
    request.remotePort = m_ui->forwardRemotePortSpin->value();
    request.persistent = m_ui->forwardPersistentCheck->isChecked();
    return request;
}

} // namespace spaces
