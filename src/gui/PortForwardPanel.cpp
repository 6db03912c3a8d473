#include "PortForwardPanel.h"

#include "AddForwardDialog.h"
#include "LocalForwardDialog.h"
#include "PanelStyle.h"
#include "PortForwardModel.h"
#include "SpaceListModel.h"
#include "SpaceStatus.h"
#include "ui_PortForwardPanel.h"

#include <QDesktopServices>
#include <QHeaderView>
#include <QKeySequence>
#include <QShortcut>
#include <QUrl>

namespace spaces {

PortForwardPanel::PortForwardPanel(PortForwardModel &forwards, SpaceListModel &spaces,
                                   QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::PortForwardPanel>())
    , m_forwards(forwards)
    , m_spaces(spaces)
    , m_openUrl([](const QUrl &url) { return QDesktopServices::openUrl(url); })
{
    m_ui->setupUi(this);
    m_ui->addForwardButton->setIcon(QIcon::fromTheme(QStringLiteral("list-add")));
    m_ui->forwardToComputerButton->setIcon(QIcon::fromTheme(QStringLiteral("computer")));
    m_ui->stopForwardButton->setIcon(QIcon::fromTheme(QStringLiteral("process-stop")));
    m_ui->openInBrowserButton->setIcon(QIcon::fromTheme(QStringLiteral("internet-web-browser")));
    m_ui->refreshForwardsButton->setIcon(QIcon::fromTheme(QStringLiteral("view-refresh")));
    PanelStyle::setNotice(m_ui->forwardStateLabel);
    PanelStyle::setMuted(m_ui->forwardBusyLabel);
    PanelStyle::setMuted(m_ui->forwardHintLabel);
    m_ui->emptyForwardsLabel->setTextFormat(Qt::RichText);
    m_ui->emptyLayout->setContentsMargins(32, 0, 32, 0);

    m_ui->forwardTable->setModel(&m_forwards);
    m_ui->forwardTable->verticalHeader()->hide();
    m_ui->forwardTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_ui->forwardTable->horizontalHeader()->setSectionResizeMode(PortForwardModel::TargetColumn,
                                                                 QHeaderView::Stretch);
    m_ui->forwardTable->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_ui->forwardTable->horizontalHeader()->setMinimumSectionSize(96);
    m_ui->forwardTable->verticalHeader()->setDefaultSectionSize(
        m_ui->forwardTable->fontMetrics().height() + 14);
    m_ui->forwardTable->setShowGrid(false);

    auto *stopShortcut = new QShortcut(QKeySequence::Delete, m_ui->forwardTable);
    stopShortcut->setContext(Qt::WidgetShortcut);
    connect(stopShortcut, &QShortcut::activated, this, &PortForwardPanel::stopSelected);
    connect(m_ui->forwardTable, &QTableView::activated, this, &PortForwardPanel::openSelected);

    connect(m_ui->addForwardButton, &QPushButton::clicked, this, &PortForwardPanel::openAddDialog);
    connect(m_ui->forwardToComputerButton, &QPushButton::clicked, this,
            &PortForwardPanel::openLocalDialog);
    connect(m_ui->stopForwardButton, &QPushButton::clicked, this, &PortForwardPanel::stopSelected);
    connect(m_ui->openInBrowserButton, &QPushButton::clicked, this,
            &PortForwardPanel::openSelected);
    connect(m_ui->refreshForwardsButton, &QToolButton::clicked, this,
            [this] { m_forwards.refresh(); });

    connect(&m_forwards, &PortForwardModel::operationFailed, this,
            &PortForwardPanel::errorOccurred);
    connect(&m_forwards, &PortForwardModel::busyChanged, this, &PortForwardPanel::updateState);
    connect(&m_forwards, &PortForwardModel::forwardAdded, this, [this](int localPort) {
        for (int row = 0; row < m_forwards.rowCount(); ++row) {
            const QModelIndex index = m_forwards.index(row, 0);
            if (index.data(PortForwardModel::LocalPortRole).toInt() == localPort)
                m_ui->forwardTable->setCurrentIndex(index);
        }
        updateState();
    });
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(&m_forwards, signal, this, &PortForwardPanel::updateState);
    connect(&m_forwards, &QAbstractItemModel::modelReset, this, &PortForwardPanel::updateState);
    connect(&m_forwards, &QAbstractItemModel::dataChanged, this, &PortForwardPanel::updateState);
    connect(m_ui->forwardTable->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &PortForwardPanel::updateState);

    // The space starting or stopping changes what can be done.
    connect(&m_spaces, &QAbstractItemModel::dataChanged, this, &PortForwardPanel::updateState);
    connect(&m_spaces, &QAbstractItemModel::rowsInserted, this, &PortForwardPanel::updateState);
    connect(&m_spaces, &QAbstractItemModel::rowsRemoved, this, &PortForwardPanel::updateState);

    updateState();
}

PortForwardPanel::~PortForwardPanel() = default;

void PortForwardPanel::setUrlOpener(UrlOpener opener)
{
    m_openUrl = std::move(opener);
}

void PortForwardPanel::setSpaceId(const QString &id)
{
    if (id == m_spaceId && m_forwards.spaceId() == id)
        return;
    m_spaceId = id;
    if (m_dialog)
        m_dialog->reject();
    if (m_localDialog)
        m_localDialog->reject();
    m_forwards.setSpace(id);
    updateState();
}

bool PortForwardPanel::spaceRunning() const
{
    const int row = m_spaceId.isEmpty() ? -1 : m_spaces.rowOf(m_spaceId);
    return row >= 0 &&
           m_spaces.index(row, 0).data(SpaceListModel::StatusRole).value<SpaceStatus>() ==
               SpaceStatus::Running;
}

int PortForwardPanel::selectedRow() const
{
    const QModelIndexList rows = m_ui->forwardTable->selectionModel()->selectedRows();
    return rows.isEmpty() ? -1 : rows.first().row();
}

void PortForwardPanel::updateState()
{
    const Space *space = m_spaceId.isEmpty() ? nullptr : m_spaces.space(m_spaceId);
    const bool running = spaceRunning();
    const bool busy = m_forwards.isBusy();
    const int rows = m_forwards.rowCount();
    const bool selected = selectedRow() >= 0;

    QString sentence;
    if (!space)
        sentence = tr("Select a space to see its port forwards.");
    else if (!running)
        sentence = tr("“%1” is not running. Start it to add port forwards; persistent forwards "
                      "open again when it starts.")
                       .arg(space->name);
    m_ui->forwardStateLabel->setText(sentence);
    m_ui->forwardStateLabel->setVisible(!sentence.isEmpty());

    m_ui->addForwardButton->setEnabled(running && !busy);
    m_ui->addForwardButton->setToolTip(
        running ? tr("Forward a port of this computer to a port of a space")
                : tr("Start the space to add a forward"));
    m_ui->forwardToComputerButton->setEnabled(running);
    m_ui->forwardToComputerButton->setToolTip(
        running ? tr("Reach a port of this space from this computer, through the server")
                : tr("Start the space to forward its ports"));
    m_ui->stopForwardButton->setEnabled(space && selected && !busy);
    m_ui->openInBrowserButton->setEnabled(space && selected);
    m_ui->refreshForwardsButton->setEnabled(space && !busy);
    m_ui->forwardBusyLabel->setText(busy ? tr("Working…") : QString());

    if (rows > 0) {
        m_ui->forwardStack->setCurrentWidget(m_ui->tablePage);
    } else {
        const QString hint =
            !space    ? tr("Select a space in the list to see its port forwards.")
            : running ? tr("Add one to reach a port of a space from this computer, for example "
                           "a web server in your browser.")
                      : tr("Persistent forwards of this space open again when it starts.");
        m_ui->emptyForwardsLabel->setText(PanelStyle::emptyStateHtml(
            this, space ? tr("No port forwards yet") : tr("No space selected"), hint));
        m_ui->forwardStack->setCurrentWidget(m_ui->emptyPage);
    }
}

void PortForwardPanel::openAddDialog()
{
    const Space *space = m_spaces.space(m_spaceId);
    if (!space || m_dialog)
        return;
    auto *dialog = new AddForwardDialog(m_spaces, space->name, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_dialog = dialog;
    const QString sourceId = m_spaceId;
    // The dialog stays open until the server answers, and shows a refusal itself.
    connect(dialog, &AddForwardDialog::submitted, this,
            [this, sourceId](const PortForwardRequest &request) {
                if (sourceId != m_forwards.spaceId()) {
                    if (m_dialog)
                        m_dialog->reject();
                    return;
                }
                const QPointer<AddForwardDialog> asking = m_dialog;
                m_forwards.add(request, [asking](const Expected<bool> &outcome) {
                    if (!asking)
                        return false; // closed meanwhile: the banner says it
                    asking->finish(outcome ? QString() : outcome.error().message);
                    return true;
                });
            });
    dialog->open();
}

void PortForwardPanel::openLocalDialog()
{
    const Space *space = m_spaces.space(m_spaceId);
    if (!space || m_localDialog)
        return;
    // A space that names its service's port (the web template's "port") suggests it.
    bool ok = false;
    const int suggested = space->fieldValue(QStringLiteral("port")).toInt(&ok);
    auto *dialog = new LocalForwardDialog(space->name, ok ? suggested : 8000,
                                          &LocalForwardDialog::canListenOn, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_localDialog = dialog;
    const QString spaceId = m_spaceId;
    const QString spaceName = space->name;
    connect(dialog, &QDialog::accepted, this, [this, dialog, spaceId, spaceName] {
        if (spaceId == m_forwards.spaceId())
            m_forwards.addLocal(dialog->remotePort(), dialog->localPort(), spaceName);
    });
    dialog->open();
}

void PortForwardPanel::stopSelected()
{
    const int row = selectedRow();
    if (row < 0 || m_forwards.isBusy())
        return;
    m_forwards.stop(m_forwards.index(row, 0).data(PortForwardModel::LocalPortRole).toInt());
}

void PortForwardPanel::openSelected()
{
    const int row = selectedRow();
    if (row < 0)
        return;
    const QUrl url = m_forwards.index(row, 0).data(PortForwardModel::UrlRole).toUrl();
    if (url.isValid() && !m_openUrl(url))
        Q_EMIT browserUnavailable(url);
}

} // namespace spaces
