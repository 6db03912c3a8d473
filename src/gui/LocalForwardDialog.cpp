#include "LocalForwardDialog.h"

#include "Validation.h"
#include "ui_LocalForwardDialog.h"

#include <QLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QTcpServer>
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

LocalForwardDialog::LocalForwardDialog(const QString &spaceName, int suggestedRemotePort,
                                       std::function<bool(int)> isLocalPortFree, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::LocalForwardDialog>())
    , m_isLocalPortFree(std::move(isLocalPortFree))
{
    m_ui->setupUi(this);
    m_ui->introLabel->setText(
        tr("Connections to the local port on this computer reach the port of “%1”, while the "
           "app runs.")
            .arg(spaceName));
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setText(tr("&Forward"));
    m_ui->validationLabel->setStyleSheet(QStringLiteral("color: #c62828;"));
    if (Validation::checkRemotePort(suggestedRemotePort).isEmpty())
        m_ui->tunnelRemotePortSpin->setValue(suggestedRemotePort);
    if (const int free = freeLocalPort(); free > 0)
        m_ui->tunnelLocalPortSpin->setValue(free);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, [this] {
        if (problem().isEmpty())
            accept();
    });
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    // The editors' own signal: QSpinBox::textChanged stays silent while the text is no port.
    for (QSpinBox *spin : {m_ui->tunnelRemotePortSpin, m_ui->tunnelLocalPortSpin}) {
        spin->setAccelerated(true);
        connect(spin->findChild<QLineEdit *>(), &QLineEdit::textChanged, this,
                &LocalForwardDialog::validate);
        // A value set by code or the arrows: the spin box then updates its editor silently.
        connect(spin, &QSpinBox::valueChanged, this, &LocalForwardDialog::validate);
    }
    validate();
}

LocalForwardDialog::~LocalForwardDialog() = default;

int LocalForwardDialog::remotePort() const
{
    return int(typedPort(m_ui->tunnelRemotePortSpin));
}

int LocalForwardDialog::localPort() const
{
    return int(typedPort(m_ui->tunnelLocalPortSpin));
}

QString LocalForwardDialog::problem() const
{
    if (const QString remote = Validation::checkRemotePort(remotePort()); !remote.isEmpty())
        return remote;
    if (const QString local = Validation::checkLocalPort(localPort()); !local.isEmpty())
        return local;
    if (m_isLocalPortFree && !m_isLocalPortFree(localPort()))
        return tr("Port %1 is already in use on this computer: choose another one.")
            .arg(localPort());
    return {};
}

void LocalForwardDialog::validate()
{
    const QString sentence = problem();
    m_ui->validationLabel->setText(sentence);
    m_ui->validationLabel->setVisible(!sentence.isEmpty());
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setEnabled(sentence.isEmpty());
    fitHeight();
}

void LocalForwardDialog::fitHeight()
{
    // Wrapped sentences need the height they take at this width (sizeHint() does not know
    // the width yet): otherwise the layout squeezes the spin boxes to make room.
    const int width = std::max(this->width(), minimumWidth());
    const int needed = layout()->totalHeightForWidth(width);
    if (needed > 0 && (height() < needed || this->width() < width))
        resize(width, std::max(height(), needed));
}

int LocalForwardDialog::freeLocalPort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, 0) ? int(probe.serverPort()) : 0;
}

bool LocalForwardDialog::canListenOn(int port)
{
    // Binding a loopback socket returns at once: no waiting on the UI thread.
    QTcpServer probe;
    return port > 0 && port <= 65535 && probe.listen(QHostAddress::LocalHost, quint16(port));
}

} // namespace spaces
