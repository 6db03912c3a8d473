#include "SpaceDetailPanel.h"

#include "CustomFieldModel.h"
#include "PanelStyle.h"
#include "SecretFieldDelegate.h"
#include "SpaceListModel.h"
#include "SpaceStatus.h"
#include "StatusBadgeDelegate.h"
#include "TemplateModel.h"
#include "Validation.h"
#include "ui_SpaceDetailPanel.h"

#include <QAction>
#include <QClipboard>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QKeySequence>
#include <QLocale>
#include <QShortcut>
#include <QTextCursor>
#include <QToolTip>
#include <algorithm>

namespace spaces {

namespace {

const QString ErrorTextStyle = QStringLiteral("color: #c62828; font-weight: 600;");
const QString WarningTextStyle = QStringLiteral("color: #8a5a00;");

} // namespace

SpaceDetailPanel::SpaceDetailPanel(SpaceListModel &spaces, CustomFieldModel &fields,
                                   TemplateModel &templates, QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::SpaceDetailPanel>())
    , m_spaces(spaces)
    , m_fields(fields)
    , m_templates(templates)
{
    m_ui->setupUi(this);

    QFont title = m_ui->nameLabel->font();
    title.setPointSizeF(title.pointSizeF() * 1.45);
    title.setBold(true);
    m_ui->nameLabel->setFont(title);
    QFont heading = m_ui->descriptionLabel->font();
    heading.setBold(true);
    m_ui->descriptionLabel->setFont(heading);
    m_ui->customFieldsLabel->setFont(heading);
    QFont emptyTitle = m_ui->emptyTitleLabel->font();
    emptyTitle.setPointSizeF(emptyTitle.pointSizeF() * 1.3);
    emptyTitle.setBold(true);
    m_ui->emptyTitleLabel->setFont(emptyTitle);
    m_ui->multiTitleLabel->setFont(title);
    PanelStyle::setMuted(m_ui->multiHintLabel);
    PanelStyle::setMuted(m_ui->emptyStateLabel);
    PanelStyle::setMuted(m_ui->noFieldsLabel);
    PanelStyle::setMuted(m_ui->descriptionDraftLabel);
    m_ui->descriptionDraftLabel->hide();
    m_ui->descriptionConflictLabel->setStyleSheet(WarningTextStyle);
    m_ui->descriptionConflictLabel->hide();
    m_ui->failureLabel->setStyleSheet(
        QStringLiteral("color: %1; font-weight: 600;")
            .arg(StatusBadgeDelegate::colour(SpaceStatus::Failed, palette()).name()));
    m_ui->failureLogView->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_ui->failureFrame->hide();
    m_ui->emptyLayout->setContentsMargins(32, 0, 32, 0);
    // The copy button sits right after the id; the fields table takes the rows it needs and
    // the slack goes below it.
    m_ui->idEdit->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    m_ui->idLayout->addStretch(1);
    m_ui->customFieldTable->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Maximum);
    m_ui->detailLayout->addStretch(1);
    m_ui->customFieldTable->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft |
                                                                    Qt::AlignVCenter);
    m_ui->customFieldTable->verticalHeader()->setDefaultSectionSize(
        m_ui->customFieldTable->fontMetrics().height() + 12);
    m_ui->customFieldTable->setShowGrid(false);
    m_ui->copyIdButton->setIcon(QIcon::fromTheme(QStringLiteral("edit-copy")));
    // Read-only values: selectable text, not boxes that look editable.
    for (QLineEdit *value : {m_ui->idEdit, m_ui->templateEdit, m_ui->shellEdit})
        value->setStyleSheet(QStringLiteral("QLineEdit { background: transparent; }"));

    m_ui->customFieldTable->setModel(&m_fields);
    m_secrets = new SecretFieldDelegate(this);
    m_ui->customFieldTable->setItemDelegateForColumn(CustomFieldModel::ValueColumn, m_secrets);
    m_ui->revealSecretsButton->setIcon(QIcon::fromTheme(QStringLiteral("view-visible")));
    m_ui->revealSecretsButton->hide();
    connect(m_ui->revealSecretsButton, &QToolButton::toggled, this, [this](bool revealed) {
        m_secrets->setRevealed(revealed);
        m_ui->revealSecretsButton->setText(revealed ? tr("Hide secrets") : tr("Show secrets"));
        m_ui->customFieldTable->viewport()->update();
    });
    m_ui->customFieldTable->verticalHeader()->hide();
    m_ui->customFieldTable->horizontalHeader()->setStretchLastSection(true);
    m_ui->customFieldTable->horizontalHeader()->setSectionResizeMode(CustomFieldModel::NameColumn,
                                                                     QHeaderView::Interactive);
    m_ui->customFieldTable->viewport()->installEventFilter(this);
    m_ui->descriptionEdit->installEventFilter(this); // Escape reverts

    auto *saveShortcut = new QShortcut(QKeySequence::Save, this);
    saveShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(saveShortcut, &QShortcut::activated, this, &SpaceDetailPanel::saveDescription);

    connect(m_ui->copyIdButton, &QToolButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(m_spaceId); });
    connect(m_ui->descriptionEdit, &QPlainTextEdit::textChanged, this,
            &SpaceDetailPanel::updateDescriptionState);
    connect(m_ui->saveDescriptionButton, &QPushButton::clicked, this,
            &SpaceDetailPanel::saveDescription);
    connect(m_ui->revertDescriptionButton, &QPushButton::clicked, this,
            &SpaceDetailPanel::revertDescription);

    const auto touchesSelected = [this](int first, int last) {
        if (m_selection.size() > 1)
            return true; // the several-spaces page names their states
        const int row = m_spaces.rowOf(m_spaceId);
        return !m_spaceId.isEmpty() && row >= first && row <= last;
    };
    connect(&m_spaces, &QAbstractItemModel::dataChanged, this,
            [this, touchesSelected](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                pruneDrafts();
                if (touchesSelected(topLeft.row(), bottomRight.row()))
                    showSpace();
            });
    connect(&m_spaces, &QAbstractItemModel::rowsInserted, this, [this] { showSpace(); });
    connect(&m_spaces, &QAbstractItemModel::rowsRemoved, this, [this] {
        pruneDrafts();
        showSpace();
    });
    connect(&m_spaces, &QAbstractItemModel::modelReset, this, [this] {
        pruneDrafts();
        showSpace();
    });
    connect(&m_templates, &TemplateModel::refreshed, this, [this] {
        m_fieldsLoadedFor.clear();
        loadFields();
    });

    connect(&m_fields, &QAbstractItemModel::dataChanged, this, &SpaceDetailPanel::updateFieldState);
    connect(&m_fields, &QAbstractItemModel::modelReset, this, &SpaceDetailPanel::updateFieldState);
    connect(&m_fields, &QAbstractItemModel::rowsInserted, this,
            &SpaceDetailPanel::updateFieldState);
    connect(&m_fields, &QAbstractItemModel::rowsRemoved, this, &SpaceDetailPanel::updateFieldState);
    connect(&m_fields, &CustomFieldModel::fieldSaved, this, [this](const QString &field) {
        m_lastSavedField = field;
        updateFieldState();
    });
    connect(&m_fields, &CustomFieldModel::operationFailed, this,
            [this](const QString &operation, const ApiError &error) {
                m_lastSavedField.clear();
                updateFieldState();
                Q_EMIT errorOccurred(operation, error);
            });

    showSpace();
}

SpaceDetailPanel::~SpaceDetailPanel() = default;

void SpaceDetailPanel::setSelection(const QStringList &ids)
{
    if (ids.size() < 2) {
        m_selection.clear();
        const QString id = ids.value(0);
        if (id == m_spaceId)
            showSpace(); // back from the several-spaces page
        else
            setSpaceId(id);
        return;
    }
    setSpaceId({});
    m_selection = ids;
    showSpace();
}

void SpaceDetailPanel::setBulkActions(QAction *start, QAction *stop, QAction *remove)
{
    m_bulkActions = {start, stop, remove};
    const QList<QToolButton *> buttons{m_ui->multiStartButton, m_ui->multiStopButton,
                                       m_ui->multiDeleteButton};
    for (qsizetype i = 0; i < buttons.size(); ++i) {
        QAction *action = m_bulkActions.at(i);
        buttons.at(i)->setDefaultAction(action);
        buttons.at(i)->setShortcut({}); // the action's own shortcut is the one to press
        connect(action, &QAction::changed, this, [this] {
            if (m_selection.size() > 1)
                showSelection();
        });
    }
    if (m_selection.size() > 1)
        showSelection();
}

void SpaceDetailPanel::showSelection()
{
    m_ui->detailStack->setCurrentWidget(m_ui->multiPage);
    QStringList names;
    for (const QString &id : std::as_const(m_selection)) {
        const Space *space = m_spaces.space(id);
        if (!space)
            continue;
        const SpaceOperation operation = m_spaces.operation(id);
        const SpaceStatus status = SpaceStatusText::fromSpace(*space, operation);
        //: %1: a space's name, %2: its status ("running")
        names.append(
            tr("%1 (%2)").arg(space->name, operation == SpaceOperation::None
                                               ? SpaceStatusText::label(*space, status).toLower()
                                               : SpaceStatusText::label(operation).toLower()));
    }
    m_ui->multiTitleLabel->setText(tr("%n spaces selected", nullptr, int(names.size())));
    m_ui->multiNamesLabel->setText(names.join(QStringLiteral(", ")));

    const QList<QToolButton *> buttons{m_ui->multiStartButton, m_ui->multiStopButton,
                                       m_ui->multiDeleteButton};
    QStringList notApplying;
    for (qsizetype i = 0; i < buttons.size(); ++i) {
        const QAction *action = i < m_bulkActions.size() ? m_bulkActions.at(i).data() : nullptr;
        buttons.at(i)->setVisible(action && action->isEnabled());
        if (action && !action->isEnabled() && !action->statusTip().isEmpty())
            //: %1: an action ("Delete"), %2: why it does not apply to the selected spaces
            notApplying.append(tr("%1: %2").arg(
                action->iconText().remove(QChar(0x2026)).remove(QLatin1StringView("...")),
                action->statusTip()));
    }
    m_ui->multiHintLabel->setText(notApplying.isEmpty()
                                      ? tr("What you choose applies to every selected space.")
                                      : notApplying.join(u'\n'));
}

void SpaceDetailPanel::setSpaceId(const QString &id)
{
    if (id == m_spaceId)
        return;
    stashDraft();
    m_spaceId = id;
    m_ui->revealSecretsButton->setChecked(false); // another space's secrets start hidden
    m_savedDescription.clear();
    m_lastSavedField.clear();
    m_fieldsLoadedFor.clear();
    const Space *space = m_spaces.space(id);
    if (space)
        m_savedDescription = space->description;
    // The draft left here before, if any: back in the editor, still unsaved.
    const Draft draft = m_drafts.take(id);
    const bool hasDraft = space && !draft.text.isNull() && draft.text != m_savedDescription;
    m_editBase = hasDraft ? draft.base : m_savedDescription;
    {
        const QSignalBlocker blocker(m_ui->descriptionEdit);
        m_ui->descriptionEdit->setPlainText(hasDraft ? draft.text : m_savedDescription);
        if (hasDraft)
            m_ui->descriptionEdit->moveCursor(QTextCursor::End);
    }
    showSpace();
}

void SpaceDetailPanel::showFailure(const std::optional<SpaceExit> &failure)
{
    m_ui->failureFrame->setVisible(failure.has_value());
    if (!failure)
        return;
    const QString when = QLocale().toString(failure->at.toLocalTime(), QLocale::ShortFormat);
    m_ui->failureLabel->setText(tr("Stopped at %1: %2").arg(when, failure->reason));
    const QString lines = failure->log.join(u'\n');
    if (m_ui->failureLogView->toPlainText() != lines)
        m_ui->failureLogView->setPlainText(lines);
    m_ui->failureLogView->setVisible(!failure->log.isEmpty());
}

void SpaceDetailPanel::showSpace()
{
    if (m_selection.size() > 1)
        return showSelection();
    const Space *space = m_spaceId.isEmpty() ? nullptr : m_spaces.space(m_spaceId);
    if (!space) {
        m_ui->detailStack->setCurrentWidget(m_ui->emptyPage);
        if (!m_fieldsLoadedFor.isEmpty() || m_spaceId.isEmpty()) {
            m_fields.clear();
            m_fieldsLoadedFor.clear();
        }
        return;
    }
    m_ui->detailStack->setCurrentWidget(m_ui->detailPage);

    m_ui->nameLabel->setText(space->name);
    m_ui->idEdit->setText(space->id);
    m_ui->idEdit->setFixedWidth(m_ui->idEdit->fontMetrics().horizontalAdvance(space->id) + 16);
    m_ui->idEdit->setCursorPosition(0);
    m_ui->templateEdit->setText(space->templateName.isEmpty() ? space->templateId
                                                              : space->templateName);
    m_ui->templateEdit->setCursorPosition(0);
    m_ui->shellEdit->setText(space->shell.isEmpty() ? tr("the user's default shell")
                                                    : space->shell);

    const SpaceOperation operation = m_spaces.operation(m_spaceId);
    const SpaceStatus status = SpaceStatusText::fromSpace(*space, operation);
    m_ui->statusBadge->setText(operation == SpaceOperation::None ||
                                       operation == SpaceOperation::Saving
                                   ? SpaceStatusText::label(*space, status)
                                   : SpaceStatusText::label(operation));
    showFailure(status == SpaceStatus::Failed ? space->lastExit : std::nullopt);
    m_ui->statusBadge->setStyleSheet(PanelStyle::badgeStyle(status));
    const QString waiting =
        operation == SpaceOperation::None && SpaceStatusText::isAwaitingAgent(*space)
            ? tr("Deployed; waiting for the space's agent to connect before commands can run.")
            : QString();
    m_ui->statusBadge->setToolTip(waiting);
    m_ui->statusBadge->setAccessibleDescription(
        waiting.isEmpty() ? m_ui->statusBadge->text() : m_ui->statusBadge->text() + u' ' + waiting);

    // The server's description changed: follow it unless the user is editing.
    if (space->description != m_savedDescription) {
        const bool edited = descriptionEdited();
        m_savedDescription = space->description;
        if (!edited) {
            const QSignalBlocker blocker(m_ui->descriptionEdit);
            m_ui->descriptionEdit->setPlainText(m_savedDescription);
        }
    }
    updateDescriptionState();
    loadFields();
}

void SpaceDetailPanel::loadFields()
{
    const Space *space = m_spaceId.isEmpty() ? nullptr : m_spaces.space(m_spaceId);
    if (!space || m_fieldsLoadedFor == m_spaceId)
        return;
    const SpaceTemplate *spaceTemplate = m_templates.templateById(space->templateId);
    if (!spaceTemplate)
        spaceTemplate = m_templates.templateByName(space->templateName);
    if (!spaceTemplate) {
        // The templates are not here yet: TemplateModel::refreshed brings us back.
        m_fields.clear();
        updateFieldState();
        return;
    }
    m_fieldsLoadedFor = m_spaceId;
    m_fields.setSpace(*space, *spaceTemplate);
    updateFieldState();
}

bool SpaceDetailPanel::descriptionEdited() const
{
    return m_ui->descriptionEdit->toPlainText() != m_savedDescription;
}

void SpaceDetailPanel::stashDraft()
{
    if (m_spaceId.isEmpty())
        return;
    if (m_spaces.space(m_spaceId) && descriptionEdited())
        m_drafts.insert(m_spaceId, Draft{m_ui->descriptionEdit->toPlainText(), m_editBase});
    else
        m_drafts.remove(m_spaceId);
}

void SpaceDetailPanel::pruneDrafts()
{
    // A draft the server now holds (its save finished after the user moved on) is no longer
    // unsaved; one of a space that is gone has nowhere to go.
    m_drafts.removeIf([this](const QHash<QString, Draft>::iterator &draft) {
        const Space *space = m_spaces.space(draft.key());
        return !space || space->description == draft.value().text;
    });
}

void SpaceDetailPanel::updateDescriptionState()
{
    const QString text = m_ui->descriptionEdit->toPlainText();
    const qsizetype bytes = text.toUtf8().size();
    const QString problem = Validation::checkDescription(text);
    const bool saving =
        !m_spaceId.isEmpty() && m_spaces.operation(m_spaceId) == SpaceOperation::Saving;
    const bool edited = descriptionEdited();
    // Not editing: an edit begun now starts from what the server holds.
    if (!edited)
        m_editBase = m_savedDescription;
    const bool changedElsewhere = edited && m_editBase != m_savedDescription;

    QString counter = tr("%1 / %2 bytes").arg(bytes).arg(Validation::MaxDescriptionBytes);
    if (!problem.isEmpty())
        counter = tr("%1 / %2 bytes — too long").arg(bytes).arg(Validation::MaxDescriptionBytes);
    m_ui->descriptionCounter->setText(counter);
    m_ui->descriptionCounter->setStyleSheet(
        problem.isEmpty() ? QStringLiteral("color: %1;").arg(PanelStyle::mutedColour(this))
                          : ErrorTextStyle);
    m_ui->descriptionCounter->setToolTip(problem.isEmpty()
                                             ? tr("A description may hold up to %1 bytes (UTF-8).")
                                                   .arg(Validation::MaxDescriptionBytes)
                                             : tr("The server would refuse this: %1").arg(problem));

    m_ui->saveDescriptionButton->setText(saving ? tr("Saving…") : tr("&Save"));
    m_ui->saveDescriptionButton->setEnabled(edited && problem.isEmpty() && !saving);
    m_ui->revertDescriptionButton->setEnabled(edited && !saving);
    m_ui->descriptionDraftLabel->setVisible(edited && !saving);
    m_ui->descriptionConflictLabel->setVisible(changedElsewhere && !saving);
    // Rich text, escaped: the server's text shown as it is, line breaks kept.
    m_ui->descriptionConflictLabel->setToolTip(
        changedElsewhere
            ? QStringLiteral("<p>%1</p><p style=\"white-space: pre-wrap;\">%2</p>")
                  .arg(tr("The description on the server now:"),
                       m_savedDescription.isEmpty() ? tr("(empty)")
                                                    : m_savedDescription.toHtmlEscaped())
            : QString());
}

void SpaceDetailPanel::saveDescription()
{
    if (!m_ui->saveDescriptionButton->isEnabled() || m_spaceId.isEmpty())
        return;
    m_spaces.setDescription(m_spaceId, m_ui->descriptionEdit->toPlainText());
    updateDescriptionState();
}

void SpaceDetailPanel::revertDescription()
{
    if (!m_ui->revertDescriptionButton->isEnabled())
        return;
    // Through the cursor rather than setPlainText, so Ctrl+Z brings the edit back.
    QTextCursor cursor = m_ui->descriptionEdit->textCursor();
    cursor.beginEditBlock();
    cursor.select(QTextCursor::Document);
    cursor.insertText(m_savedDescription);
    cursor.endEditBlock();
    m_ui->descriptionEdit->setTextCursor(cursor);
}

void SpaceDetailPanel::updateFieldState()
{
    const int rows = m_fields.rowCount();
    const bool known = !m_fieldsLoadedFor.isEmpty();
    m_ui->customFieldTable->setVisible(!known || rows > 0);
    m_ui->noFieldsLabel->setVisible(known && rows == 0);
    QTableView *table = m_ui->customFieldTable;
    const int rowHeight = table->verticalHeader()->defaultSectionSize();
    table->setMaximumHeight(table->horizontalHeader()->sizeHint().height() +
                            std::max(rows, 1) * rowHeight + 2 * table->frameWidth() + 2);
    // The header sizes to contents only while the table is shown; the fields arrive while it
    // may be hidden, so size the name column here, where they are known.
    table->resizeColumnToContents(CustomFieldModel::NameColumn);
    table->setColumnWidth(CustomFieldModel::NameColumn,
                          table->columnWidth(CustomFieldModel::NameColumn) + 2 * rowHeight / 3);

    bool secrets = false;
    for (int row = 0; row < rows && !secrets; ++row)
        secrets = SecretFieldDelegate::isSecret(m_fields.index(row, CustomFieldModel::ValueColumn));
    m_ui->revealSecretsButton->setVisible(secrets);

    bool saving = false;
    for (int row = 0; row < rows && !saving; ++row)
        saving = m_fields.index(row, CustomFieldModel::ValueColumn)
                     .data(CustomFieldModel::SavingRole)
                     .toBool();
    if (saving) {
        m_ui->fieldStatusLabel->setText(tr("Saving…"));
        m_ui->fieldStatusLabel->setStyleSheet(QStringLiteral("color: #8a5a00;"));
    } else if (!m_lastSavedField.isEmpty()) {
        m_ui->fieldStatusLabel->setText(tr("✓ “%1” saved").arg(m_lastSavedField));
        m_ui->fieldStatusLabel->setStyleSheet(
            QStringLiteral("color: %1;").arg(PanelStyle::successColour()));
    } else {
        m_ui->fieldStatusLabel->setText(rows > 0 ? tr("Double-click a value to edit it")
                                                 : QString());
        PanelStyle::setMuted(m_ui->fieldStatusLabel);
    }
}

bool SpaceDetailPanel::eventFilter(QObject *watched, QEvent *event)
{
    // Escape in the editor reverts an unsaved edit. Claimed over window shortcuts (a banner's
    // close) only while there is something to revert.
    if (watched == m_ui->descriptionEdit &&
        (event->type() == QEvent::ShortcutOverride || event->type() == QEvent::KeyPress)) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Escape && key->modifiers() == Qt::NoModifier &&
            m_ui->revertDescriptionButton->isEnabled()) {
            if (event->type() == QEvent::ShortcutOverride)
                event->accept();
            else
                revertDescription();
            return true;
        }
    }
    // The field's description as the tooltip of its row.
    if (watched == m_ui->customFieldTable->viewport() && event->type() == QEvent::ToolTip) {
        const auto *help = static_cast<QHelpEvent *>(event);
        const QModelIndex index = m_ui->customFieldTable->indexAt(help->pos());
        const QString description =
            index.isValid() ? index.data(CustomFieldModel::DescriptionRole).toString() : QString();
        if (description.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), description, m_ui->customFieldTable->viewport());
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace spaces
