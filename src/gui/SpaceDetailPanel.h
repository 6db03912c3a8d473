#pragma once

#include "ApiError.h"
#include "SpaceExit.h"

#include <QHash>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QWidget>
#include <memory>

class QAction;

namespace Ui {
class SpaceDetailPanel;
}

namespace spaces {

class CustomFieldModel;
class SecretFieldDelegate;
class SpaceListModel;
class TemplateModel;

// The selected space: name, id, template, shell and status, kept live from the list model; its
// description (saved through the list model, 1024 bytes at most, counted as the user types)
// and its custom fields, editable in place (those whose names say secret masked until
// "Show secrets").
//
// An unsaved description edit is never thrown away by selecting another space: it is kept as
// a draft for that space (in memory, for this panel's lifetime) and shown again, still
// unsaved, when the space is selected again. Save (once the server has it) or Revert drops
// it. A description the server changes meanwhile does not overwrite the draft; a note says
// so (the server's text in its tooltip) until Save replaces that text or Revert shows it.
class SpaceDetailPanel final : public QWidget
{
    Q_OBJECT

public:
    SpaceDetailPanel(SpaceListModel &spaces, CustomFieldModel &fields, TemplateModel &templates,
                     QWidget *parent = nullptr);
    ~SpaceDetailPanel() override;

    // Empty: nothing selected.
    void setSpaceId(const QString &id);
    QString spaceId() const { return m_spaceId; }
    // The selected spaces: one is shown as by setSpaceId; more are named, "3 spaces selected",
    // with buttons for the bulk actions that apply to them and the reasons of those that do not.
    void setSelection(const QStringList &ids);
    // The window's actions the several-spaces page offers (their enabled state decides).
    void setBulkActions(QAction *start, QAction *stop, QAction *remove);

Q_SIGNALS:
    void errorOccurred(const QString &operation, const spaces::ApiError &error);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void showSpace();     // everything from the list model
    void showSelection(); // several spaces
    // Why a failed space stopped and the last lines of its log; hidden for none.
    void showFailure(const std::optional<SpaceExit> &failure);
    void loadFields(); // CustomFieldModel::setSpace with the space's template
    void updateDescriptionState();
    void updateFieldState();
    void saveDescription();
    void revertDescription();
    bool descriptionEdited() const;
    void stashDraft();  // the current edit into m_drafts, before leaving m_spaceId
    void pruneDrafts(); // drafts of spaces gone, or equal to what the server now holds

    std::unique_ptr<Ui::SpaceDetailPanel> m_ui;
    SpaceListModel &m_spaces;
    CustomFieldModel &m_fields;
    TemplateModel &m_templates;
    QString m_spaceId;
    QStringList m_selection; // when more than one space is selected
    QList<QPointer<QAction>> m_bulkActions;
    SecretFieldDelegate *m_secrets = nullptr; // masks the values of secret fields
    QString m_fieldsLoadedFor;                // the space whose fields the field model shows
    QString m_savedDescription;               // what the server holds
    QString m_lastSavedField;
    // What the server held when the current edit began: differs from m_savedDescription when
    // another client changed the description under the edit.
    QString m_editBase;
    struct Draft
    {
        QString text;
        QString base; // the server's description when the edit began
    };
    // Unsaved descriptions by space id, for the spaces not selected: the selected space's
    // edit lives in the editor only.
    QHash<QString, Draft> m_drafts;
};

} // namespace spaces
