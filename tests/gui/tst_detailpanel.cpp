// SpaceDetailPanel against a real spacesd: the selected space's properties, its empty state,
// the description editor with its byte counter and limit, and a custom field edited in place;
// both seen again after a reload through fresh models; an unsaved description kept as a draft
// per space while another space is selected.
#include "AccessibleNames.h"
#include "CustomFieldModel.h"
#include "PanelScreenshot.h"
#include "SecretFieldDelegate.h"
#include "SpaceDetailPanel.h"
#include "SpaceListModel.h"
#include "SpaceStatus.h"
#include "SpaceTestKit.h"
#include "SpacesClient.h"
#include "TemplateModel.h"

#include <QAbstractItemModelTester>
#include <QClipboard>
#include <QDateTime>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTableView>
#include <QTest>
#include <QTextCursor>
#include <QToolButton>
#include <memory>

using namespace spaces;
using namespace spaces::test;
using namespace Qt::StringLiterals;

namespace {

constexpr int SlowMs = 20000;

// The app's side: one client and the models the panel shows.
struct Session
{
    explicit Session(const SpacesdProcess &server)
        : client(ConnectionSettings{server.url(), server.token()})
        , spaces(client)
        , fields(client)
        , templates(client)
    {
        spaces.refresh();
        templates.refresh();
    }
    bool loaded() const { return spaces.hasLoaded() && templates.rowCount() > 0; }

    SpacesClient client;
    SpaceListModel spaces;
    CustomFieldModel fields;
    TemplateModel templates;
};

int rowOfField(const QAbstractItemModel *model, const QString &name)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, CustomFieldModel::NameColumn).data().toString() == name)
            return row;
    }
    return -1;
}

} // namespace

class DetailPanelTest final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<QAbstractItemModelTester> m_spacesTester;
    std::unique_ptr<QAbstractItemModelTester> m_fieldsTester;
    std::unique_ptr<SpaceDetailPanel> m_panel;
    QString m_webId;
    QString m_blankId;

    template<typename T> T *child(const char *name) const
    {
        return m_panel->findChild<T *>(QLatin1StringView(name));
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_server = std::make_unique<TestServer>();
        QString problem;
        QVERIFY2(m_server->start(&problem), qPrintable(problem));
        m_webId = m_server->createSpace(u"detail-web"_s, u"web"_s);
        QVERIFY(!m_webId.isEmpty());
        m_blankId = m_server->createSpace(u"detail-blank"_s, u"blank"_s);
        QVERIFY(!m_blankId.isEmpty());
    }

    void init()
    {
        m_session = std::make_unique<Session>(m_server->process);
        m_spacesTester = std::make_unique<QAbstractItemModelTester>(&m_session->spaces);
        m_fieldsTester = std::make_unique<QAbstractItemModelTester>(&m_session->fields);
        QTRY_VERIFY_WITH_TIMEOUT(m_session->loaded(), SlowMs);
        m_panel = std::make_unique<SpaceDetailPanel>(m_session->spaces, m_session->fields,
                                                     m_session->templates);
        m_panel->resize(560, 620);
        m_panel->show();
    }

    void cleanup()
    {
        m_panel.reset();
        m_fieldsTester.reset();
        m_spacesTester.reset();
        m_session.reset();
    }

    void emptyStateUntilSelected()
    {
        auto *stack = child<QStackedWidget>("detailStack");
        QVERIFY(stack);
        QCOMPARE(stack->currentWidget()->objectName(), u"emptyPage"_s);
        screenshot(m_panel.get(), u"detail-empty.png"_s);
        m_panel->setSpaceId(m_webId);
        QCOMPARE(stack->currentWidget()->objectName(), u"detailPage"_s);
        QCOMPARE(child<QLabel>("nameLabel")->text(), u"detail-web"_s);
        QCOMPARE(child<QLineEdit>("idEdit")->text(), m_webId);
        QTest::mouseClick(child<QToolButton>("copyIdButton"), Qt::LeftButton);
        QCOMPARE(QGuiApplication::clipboard()->text(), m_webId);
        QCOMPARE(child<QLineEdit>("templateEdit")->text(), u"web"_s);
        QCOMPARE(child<QLabel>("statusBadge")->text(),
                 SpaceStatusText::label(SpaceStatus::Stopped));
        m_panel->setSpaceId({});
        QCOMPARE(stack->currentWidget()->objectName(), u"emptyPage"_s);
    }

    void descriptionCounterAndLimit()
    {
        m_panel->setSpaceId(m_webId);
        auto *edit = child<QPlainTextEdit>("descriptionEdit");
        auto *counter = child<QLabel>("descriptionCounter");
        auto *save = child<QPushButton>("saveDescriptionButton");
        QVERIFY(edit && counter && save);
        QVERIFY(!save->isEnabled()); // nothing edited

        edit->setFocus();
        QTest::keyClicks(edit, u"Gr"_s);
        edit->insertPlainText(u"üße"_s); // keyClicks takes ASCII only
        QVERIFY2(counter->text().startsWith(u"7 / 1024 bytes"_s), qPrintable(counter->text()));
        QVERIFY(save->isEnabled());

        edit->setPlainText(QString(1025, u'x'));
        QVERIFY(counter->text().startsWith(u"1025 / 1024 bytes"_s));
        QVERIFY(counter->styleSheet().contains(u"#c62828"_s));
        QVERIFY(!save->isEnabled());
        screenshot(m_panel.get(), u"detail-too-long.png"_s);

        edit->setPlainText(QString(1024, u'x'));
        QVERIFY(!counter->styleSheet().contains(u"#c62828"_s));
        QVERIFY(save->isEnabled());

        QTest::mouseClick(child<QPushButton>("revertDescriptionButton"), Qt::LeftButton);
        QCOMPARE(edit->toPlainText(), QString());
        QVERIFY(!save->isEnabled());
    }

    void descriptionAndFieldSurviveReload()
    {
        m_panel->setSpaceId(m_webId);
        auto *edit = child<QPlainTextEdit>("descriptionEdit");
        edit->setPlainText(u"Serves the team's docs"_s);
        QTest::mouseClick(child<QPushButton>("saveDescriptionButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(m_session->spaces.space(m_webId)->description,
                                  u"Serves the team's docs"_s, SlowMs);
        QTRY_VERIFY(!child<QPushButton>("saveDescriptionButton")->isEnabled());

        auto *table = child<QTableView>("customFieldTable");
        QVERIFY(table);
        QTRY_VERIFY_WITH_TIMEOUT(rowOfField(table->model(), u"port"_s) >= 0, SlowMs);
        const int row = rowOfField(table->model(), u"port"_s);
        const QModelIndex value = table->model()->index(row, CustomFieldModel::ValueColumn);
        QVERIFY(value.flags() & Qt::ItemIsEditable);
        QVERIFY(!value.data(CustomFieldModel::DescriptionRole).toString().isEmpty());
        QSignalSpy saved(&m_session->fields, &CustomFieldModel::fieldSaved);
        QSignalSpy failed(m_panel.get(), &SpaceDetailPanel::errorOccurred);
        // Edited in place, as a user does: the view's editor, Enter to commit.
        table->setFocus();
        table->setCurrentIndex(value);
        QTest::keyClick(table, Qt::Key_F2);
        auto *editor = table->viewport()->findChild<QLineEdit *>();
        QVERIFY(editor);
        editor->selectAll();
        QTest::keyClicks(editor, u"8123"_s);
        QTest::keyClick(editor, Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, SlowMs);
        QCOMPARE(failed.size(), 0);
        QTRY_VERIFY(child<QLabel>("fieldStatusLabel")->text().contains(u"saved"_s));

        // A reload: fresh client, fresh models, fresh panel.
        cleanup();
        init();
        m_panel->setSpaceId(m_webId);
        QCOMPARE(child<QPlainTextEdit>("descriptionEdit")->toPlainText(),
                 u"Serves the team's docs"_s);
        table = child<QTableView>("customFieldTable");
        QTRY_VERIFY_WITH_TIMEOUT(rowOfField(table->model(), u"port"_s) >= 0, SlowMs);
        QTRY_COMPARE_WITH_TIMEOUT(
            table->model()
                ->index(rowOfField(table->model(), u"port"_s), CustomFieldModel::ValueColumn)
                .data()
                .toString(),
            u"8123"_s, SlowMs);

        screenshot(m_panel.get(), u"detail-panel.png"_s);
    }

    void liveUpdateFromTheModel()
    {
        m_panel->setSpaceId(m_webId);
        QCOMPARE(m_server->startSpace(m_webId), 200);
        KillGuard guard;
        guard.addGroup(m_server->processGroupOf(m_webId));
        m_session->spaces.refreshSpace(m_webId);
        QTRY_COMPARE_WITH_TIMEOUT(child<QLabel>("statusBadge")->text(),
                                  SpaceStatusText::label(SpaceStatus::Running), SlowMs);
        QCOMPARE(m_server->stopSpace(m_webId), 200);
        m_session->spaces.refreshSpace(m_webId);
        QTRY_COMPARE_WITH_TIMEOUT(child<QLabel>("statusBadge")->text(),
                                  SpaceStatusText::label(SpaceStatus::Stopped), SlowMs);
    }

    void everyControlHasAName()
    {
        m_panel->setSpaceId(m_webId);
        QCOMPARE(unnamedControls(m_panel.get()), QStringList());
    }

    void spaceWithoutFields()
    {
        const int row = [this] {
            for (int r = 0; r < m_session->spaces.rowCount(); ++r)
                if (m_session->spaces.index(r, 0).data(SpaceListModel::NameRole) ==
                    u"detail-blank"_s)
                    return r;
            return -1;
        }();
        QVERIFY(row >= 0);
        m_panel->setSpaceId(
            m_session->spaces.index(row, 0).data(SpaceListModel::IdRole).toString());
        QTRY_VERIFY(child<QLabel>("noFieldsLabel")->isVisible());
        QVERIFY(!child<QTableView>("customFieldTable")->isVisible());
    }

    // Type in A, look at B, come back: the edit is still there, unsaved, and saves.
    void draftKeptAcrossSpaces()
    {
        m_panel->setSpaceId(m_webId);
        auto *edit = child<QPlainTextEdit>("descriptionEdit");
        auto *save = child<QPushButton>("saveDescriptionButton");
        auto *revert = child<QPushButton>("revertDescriptionButton");
        auto *note = child<QLabel>("descriptionDraftLabel");
        QVERIFY(edit && save && revert && note);
        QVERIFY(!note->isVisible());
        const QString saved = m_session->spaces.space(m_webId)->description;
        const QString blankSaved = m_session->spaces.space(m_blankId)->description;
        const QString draft = saved + u" and the staging preview"_s;

        edit->setFocus();
        edit->moveCursor(QTextCursor::End);
        QTest::keyClicks(edit, u" and the staging preview"_s);
        QCOMPARE(edit->toPlainText(), draft);
        QVERIFY(note->isVisible());

        m_panel->setSpaceId(m_blankId);
        QCOMPARE(edit->toPlainText(), blankSaved);
        QVERIFY(!save->isEnabled());
        QVERIFY(!revert->isEnabled());
        QVERIFY(!note->isVisible());

        m_panel->setSpaceId(m_webId);
        QCOMPARE(edit->toPlainText(), draft);
        QVERIFY(save->isEnabled());
        QVERIFY(revert->isEnabled());
        QVERIFY(note->isVisible());
        QCOMPARE(m_session->spaces.space(m_webId)->description, saved); // not saved by itself
        screenshot(m_panel.get(), u"detail-draft.png"_s);

        // Ctrl+S, a window shortcut: the window has to be the active one.
        m_panel->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_panel.get()));
        edit->setFocus();
        QTest::keySequence(edit, QKeySequence::Save);
        QTRY_COMPARE_WITH_TIMEOUT(m_session->spaces.space(m_webId)->description, draft, SlowMs);
        QTRY_VERIFY(!save->isEnabled());
        QVERIFY(!revert->isEnabled());
        QVERIFY(!note->isVisible());

        // The draft went with the save: nothing unsaved when coming back.
        m_panel->setSpaceId(m_blankId);
        m_panel->setSpaceId(m_webId);
        QCOMPARE(edit->toPlainText(), draft);
        QVERIFY(!save->isEnabled());

        // On the server: a fresh client reads it back.
        cleanup();
        init();
        QCOMPARE(m_session->spaces.space(m_webId)->description, draft);
        m_panel->setSpaceId(m_webId);
        QCOMPARE(child<QPlainTextEdit>("descriptionEdit")->toPlainText(), draft);
        QVERIFY(!child<QLabel>("descriptionDraftLabel")->isVisible());
    }

    // Saved, then another space selected before the server answered: no draft left behind.
    void draftSavedWhileAway()
    {
        m_panel->setSpaceId(m_webId);
        auto *edit = child<QPlainTextEdit>("descriptionEdit");
        const QString text = u"Saved while the user looked elsewhere"_s;
        edit->setPlainText(text);
        QTest::mouseClick(child<QPushButton>("saveDescriptionButton"), Qt::LeftButton);
        m_panel->setSpaceId(m_blankId);
        QTRY_COMPARE_WITH_TIMEOUT(m_session->spaces.space(m_webId)->description, text, SlowMs);
        QTRY_COMPARE(m_session->spaces.operation(m_webId), SpaceOperation::None);
        m_panel->setSpaceId(m_webId);
        QCOMPARE(edit->toPlainText(), text);
        QVERIFY(!child<QPushButton>("saveDescriptionButton")->isEnabled());
        QVERIFY(!child<QLabel>("descriptionDraftLabel")->isVisible());
    }

    void revertDropsDraft()
    {
        m_panel->setSpaceId(m_webId);
        auto *edit = child<QPlainTextEdit>("descriptionEdit");
        auto *revert = child<QPushButton>("revertDescriptionButton");
        auto *note = child<QLabel>("descriptionDraftLabel");
        const QString saved = m_session->spaces.space(m_webId)->description;
        edit->setPlainText(u"A draft to throw away"_s);
        m_panel->setSpaceId(m_blankId);
        m_panel->setSpaceId(m_webId);
        QCOMPARE(edit->toPlainText(), u"A draft to throw away"_s);

        QTest::mouseClick(revert, Qt::LeftButton);
        QCOMPARE(edit->toPlainText(), saved);
        QVERIFY(!revert->isEnabled());
        QVERIFY(!note->isVisible());
        m_panel->setSpaceId(m_blankId);
        m_panel->setSpaceId(m_webId);
        QCOMPARE(edit->toPlainText(), saved);
        QVERIFY(!child<QPushButton>("saveDescriptionButton")->isEnabled());
        QCOMPARE(m_session->spaces.space(m_webId)->description, saved);

        // Escape in the editor reverts too, and Ctrl+Z brings the edit back.
        edit->setFocus();
        edit->moveCursor(QTextCursor::End);
        QTest::keyClicks(edit, u"xyz"_s);
        QVERIFY(revert->isEnabled());
        QTest::keyClick(edit, Qt::Key_Escape);
        QCOMPARE(edit->toPlainText(), saved);
        QVERIFY(!revert->isEnabled());
        QTest::keySequence(edit, QKeySequence::Undo);
        QCOMPARE(edit->toPlainText(), saved + u"xyz"_s);
        QVERIFY(note->isVisible());
        QTest::keyClick(edit, Qt::Key_Escape);
        QCOMPARE(edit->toPlainText(), saved);
    }

    // Another client changes the description while a draft waits: the draft stays.
    void serverChangeKeepsDraft()
    {
        m_panel->setSpaceId(m_webId);
        auto *edit = child<QPlainTextEdit>("descriptionEdit");
        edit->setPlainText(u"My draft"_s);
        m_panel->setSpaceId(m_blankId);

        const QString theirs =
            u"Changed by someone else "_s + QString::number(QDateTime::currentMSecsSinceEpoch());
        {
            Session other(m_server->process);
            QTRY_VERIFY_WITH_TIMEOUT(other.loaded(), SlowMs);
            other.spaces.setDescription(m_webId, theirs);
            QTRY_COMPARE_WITH_TIMEOUT(other.spaces.space(m_webId)->description, theirs, SlowMs);
        }
        m_session->spaces.refreshSpace(m_webId);
        QTRY_COMPARE_WITH_TIMEOUT(m_session->spaces.space(m_webId)->description, theirs, SlowMs);

        m_panel->setSpaceId(m_webId);
        QCOMPARE(edit->toPlainText(), u"My draft"_s);
        QVERIFY(child<QPushButton>("saveDescriptionButton")->isEnabled());
        QVERIFY(child<QLabel>("descriptionDraftLabel")->isVisible());
        auto *conflict = child<QLabel>("descriptionConflictLabel");
        QVERIFY(conflict && conflict->isVisible());
        QVERIFY(conflict->toolTip().contains(theirs));
        // Revert goes to what the server holds now.
        QTest::mouseClick(child<QPushButton>("revertDescriptionButton"), Qt::LeftButton);
        QCOMPARE(edit->toPlainText(), theirs);
        QVERIFY(!conflict->isVisible());
    }

    // A second client changes the description under the open draft: the panel says so, with
    // their text in the tooltip, until Revert shows it or Save replaces it.
    void serverChangeUnderDraftIsShown()
    {
        const auto changeElsewhere = [this](const QString &text) {
            {
                Session other(m_server->process);
                QTRY_VERIFY_WITH_TIMEOUT(other.loaded(), SlowMs);
                other.spaces.setDescription(m_webId, text);
                QTRY_COMPARE_WITH_TIMEOUT(other.spaces.space(m_webId)->description, text, SlowMs);
            }
            m_session->spaces.refreshSpace(m_webId);
            QTRY_COMPARE_WITH_TIMEOUT(m_session->spaces.space(m_webId)->description, text, SlowMs);
        };
        m_panel->setSpaceId(m_webId);
        auto *edit = child<QPlainTextEdit>("descriptionEdit");
        auto *save = child<QPushButton>("saveDescriptionButton");
        auto *revert = child<QPushButton>("revertDescriptionButton");
        auto *draftNote = child<QLabel>("descriptionDraftLabel");
        auto *conflict = child<QLabel>("descriptionConflictLabel");
        QVERIFY(edit && save && revert && draftNote && conflict);
        QVERIFY(!conflict->isVisible());
        const QString stamp = QString::number(QDateTime::currentMSecsSinceEpoch());

        // Revert: the note goes, the editor shows their text.
        edit->setPlainText(u"My draft to revert"_s);
        QVERIFY(draftNote->isVisible());
        QVERIFY(!conflict->isVisible());
        const QString theirs = u"Theirs, to be shown "_s + stamp;
        changeElsewhere(theirs);
        QCOMPARE(edit->toPlainText(), u"My draft to revert"_s);
        QVERIFY(draftNote->isVisible());
        QVERIFY(conflict->isVisible());
        QVERIFY2(conflict->toolTip().contains(theirs), qPrintable(conflict->toolTip()));
        screenshot(m_panel.get(), u"detail-changed-elsewhere.png"_s);
        QTest::mouseClick(revert, Qt::LeftButton);
        QCOMPARE(edit->toPlainText(), theirs);
        QVERIFY(!conflict->isVisible());
        QVERIFY(!draftNote->isVisible());

        // Save: the server gets the draft, the note goes.
        edit->setPlainText(u"My draft to save "_s + stamp);
        QVERIFY(!conflict->isVisible()); // begun from their text: nothing changed under it
        const QString theirsAgain = u"Theirs, to be replaced "_s + stamp;
        changeElsewhere(theirsAgain);
        QVERIFY(conflict->isVisible());
        QVERIFY(conflict->toolTip().contains(theirsAgain));
        QTest::mouseClick(save, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(m_session->spaces.space(m_webId)->description,
                                  u"My draft to save "_s + stamp, SlowMs);
        QTRY_COMPARE(m_session->spaces.operation(m_webId), SpaceOperation::None);
        QVERIFY(!conflict->isVisible());
        QVERIFY(!draftNote->isVisible());
        QVERIFY(!save->isEnabled());
        {
            Session fresh(m_server->process);
            QTRY_VERIFY_WITH_TIMEOUT(fresh.loaded(), SlowMs);
            QCOMPARE(fresh.spaces.space(m_webId)->description, u"My draft to save "_s + stamp);
        }
    }

    // Fields whose names say secret show dots until "Show secrets"; the others show as they are.
    void secretFieldsAreMasked()
    {
        const QJsonObject secretive{
            {u"name"_s, u"secretive"_s},
            {u"custom_fields"_s,
             QJsonArray{QJsonObject{{u"name"_s, u"api_token"_s}, {u"description"_s, u"A token"_s}},
                        QJsonObject{{u"name"_s, u"region"_s}, {u"description"_s, u"Where"_s}}}}};
        QVERIFY(!m_server->createTemplate(secretive).isEmpty());
        const QString id =
            m_server->createSpace(u"detail-secret"_s, u"secretive"_s,
                                  {{u"api_token"_s, u"s3cr3t-value"_s}, {u"region"_s, u"eu"_s}});
        QVERIFY(!id.isEmpty());
        m_session->templates.refresh();
        m_session->spaces.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(m_session->spaces.space(id), SlowMs);
        m_panel->setSpaceId(id);
        auto *table = child<QTableView>("customFieldTable");
        QTRY_COMPARE_WITH_TIMEOUT(m_session->fields.rowCount(), 2, SlowMs);
        auto *delegate = qobject_cast<SecretFieldDelegate *>(
            table->itemDelegateForColumn(CustomFieldModel::ValueColumn));
        QVERIFY(delegate);
        QModelIndex token;
        QModelIndex region;
        for (int row = 0; row < 2; ++row) {
            const QModelIndex value = m_session->fields.index(row, CustomFieldModel::ValueColumn);
            (value.data(CustomFieldModel::NameRole).toString() == u"api_token"_s ? token : region) =
                value;
        }
        QTRY_COMPARE(token.data().toString(), u"s3cr3t-value"_s);
        QCOMPARE(delegate->shownText(token), QString(8, QChar(0x2022)));
        QCOMPARE(delegate->shownText(region), u"eu"_s);
        auto *reveal = child<QToolButton>("revealSecretsButton");
        QVERIFY(reveal->isVisible());
        screenshot(m_panel.get(), u"detail-secret-masked.png"_s);
        QTest::mouseClick(reveal, Qt::LeftButton);
        QCOMPARE(delegate->shownText(token), u"s3cr3t-value"_s);
        QCOMPARE(reveal->text(), u"Hide secrets"_s);
        // Another space and back: hidden again.
        m_panel->setSpaceId(m_webId);
        QVERIFY(!reveal->isChecked());
        m_panel->setSpaceId(id);
        QTRY_VERIFY_WITH_TIMEOUT(rowOfField(&m_session->fields, u"api_token"_s) >= 0, SlowMs);
        QVERIFY(!delegate->isRevealed());
        const QModelIndex again = m_session->fields.index(
            rowOfField(&m_session->fields, u"api_token"_s), CustomFieldModel::ValueColumn);
        QTRY_COMPARE(delegate->shownText(again), QString(8, QChar(0x2022)));
    }

    void cleanupTestCase() { m_server.reset(); }
};

QTEST_MAIN(DetailPanelTest)
#include "tst_detailpanel.moc"
