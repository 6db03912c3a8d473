// The real MainWindow against a real spacesd on a random loopback port, driven the way a user
// would: through the toolbar actions and the dialogs, widgets found by objectName.
#include "AccessibleNames.h"
#include "ApiCall.h"
#include "AppSession.h"
#include "ConfirmDialog.h"
#include "ConnectionIndicator.h"
#include "ConnectionProfiles.h"
#include "EventStream.h"
#include "LiveUpdates.h"
#include "MainWindow.h"
#include "MessageBanner.h"
#include "PanelScreenshot.h"
#include "SpaceListModel.h"
#include "SpacesdProcess.h"
#include "TemplateModel.h"
#include "Validation.h"

#include <QAbstractButton>
#include <QAction>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QStackedWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

using namespace std::chrono_literals;
using namespace Qt::StringLiterals;

namespace spaces {

class MainWindowTest final : public QObject
{
    Q_OBJECT

private:
    template<typename T> T *child(const QString &name) const
    {
        return m_window->findChild<T *>(name);
    }
    QAction *action(const QString &name) const { return child<QAction>(name); }
    QTableView *table() const { return child<QTableView>(u"spaceTable"_s); }

    // The table row (proxy index, column 0) of the space with this name; invalid when absent.
    QModelIndex rowOf(const QString &name) const
    {
        const QAbstractItemModel *model = table()->model();
        for (int row = 0; row < model->rowCount(); ++row) {
            const QModelIndex index = model->index(row, 0);
            if (index.data(SpaceListModel::NameRole).toString() == name)
                return index;
        }
        return {};
    }
    SpaceStatus statusOf(const QString &name) const
    {
        return rowOf(name).data(SpaceListModel::StatusRole).value<SpaceStatus>();
    }
    void select(const QString &name)
    {
        const QModelIndex index = rowOf(name);
        QVERIFY(index.isValid());
        table()->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                              QItemSelectionModel::Rows);
    }
    // Opens the create dialog with the toolbar, fills it and presses Create; waits for it to
    // close unless the server is expected to refuse.
    void createThroughDialog(const QString &name, const QString &templateName,
                             bool expectCreated = true)
    {
        QVERIFY(action(u"newAction"_s)->isEnabled());
        action(u"newAction"_s)->trigger();
        QDialog *dialog = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT(
            (dialog = child<QDialog>(u"createSpaceDialog"_s)) && dialog->isVisible(), 5000);
        auto *nameEdit = dialog->findChild<QLineEdit *>(u"createNameEdit"_s);
        auto *templates = dialog->findChild<QComboBox *>(u"createTemplateCombo"_s);
        auto *description = dialog->findChild<QPlainTextEdit *>(u"createDescriptionEdit"_s);
        auto *ok = dialog->findChild<QDialogButtonBox *>(u"createButtonBox"_s)
                       ->button(QDialogButtonBox::Ok);
        QVERIFY(nameEdit && templates && description && ok);
        QTRY_VERIFY_WITH_TIMEOUT(templates->findText(templateName) >= 0, 10000);
        templates->setCurrentIndex(templates->findText(templateName));

        // Validated as typed, saying which rule, and no way to submit until valid.
        QTest::keyClicks(nameEdit, u"1bad"_s);
        QCOMPARE(dialog->findChild<QLabel *>(u"createNameError"_s)->text(),
                 u"A name starts with a letter."_s);
        QVERIFY(!ok->isEnabled());
        nameEdit->clear();
        QTest::keyClicks(nameEdit, name);
        QVERIFY(ok->isEnabled());
        description->setPlainText(u"made by the GUI test"_s);
        // One editor per custom field of the chosen template.
        if (auto *environment = dialog->findChild<QLineEdit *>(u"createField_environment"_s))
            environment->setText(u"testing"_s);
        else
            QVERIFY(templateName != u"service"_s);
        QVERIFY(dialog->findChild<QLabel *>(u"createDescriptionCounter"_s)
                    ->text()
                    .startsWith(u"20 / 1024"_s));
        QTest::mouseClick(ok, Qt::LeftButton);
        // Busy until the server answers: no second request, the form held.
        QVERIFY(!ok->isEnabled());
        QVERIFY(!nameEdit->isEnabled());
        // Closed (and deleted) once the server has created the space.
        const QPointer<QDialog> open = dialog;
        if (expectCreated)
            QTRY_VERIFY_WITH_TIMEOUT(!open, 10000);
    }

    std::unique_ptr<test::SpacesdProcess> m_server;
    QTemporaryDir m_config;
    std::unique_ptr<ConnectionProfiles> m_profiles;
    std::unique_ptr<AppSession> m_session;
    std::unique_ptr<MainWindow> m_window;

private Q_SLOTS:
    void initTestCase()
    {
        m_server = std::make_unique<test::SpacesdProcess>();
        QString error;
        // A server without podman, for the dialog's podman template.
        qputenv("SPACES_PODMAN", "/nonexistent/podman");
        const bool started = m_server->start(&error);
        qunsetenv("SPACES_PODMAN");
        QVERIFY2(started, qPrintable(error));
        m_profiles = std::make_unique<ConnectionProfiles>(m_config.filePath(u"connections.ini"_s));
        const QString id = m_profiles->add(u"Test server"_s, m_server->url().toString(),
                                           m_server->token(), &error);
        QVERIFY2(!id.isEmpty(), qPrintable(error));
        QVERIFY2(m_profiles->setCurrent(id, &error), qPrintable(error));

        m_session = std::make_unique<AppSession>();
        // Impatient reconnects, so the restart test takes seconds, not half a minute.
        connect(m_session.get(), &AppSession::connected, this, [this] {
            m_session->eventStream()->setBackoffLimits(50ms, 300ms);
            m_session->liveUpdates()->setPollInterval(300ms);
        });
        m_window = std::make_unique<MainWindow>(*m_session, *m_profiles);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        m_window->connectToCurrentProfile();
        QTRY_VERIFY_WITH_TIMEOUT(m_session->spaces() && m_session->spaces()->hasLoaded(), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(child<ConnectionIndicator>(u"connectionIndicator"_s)->state(),
                                  ConnectionIndicator::State::Live, 10000);
    }

    void cleanupTestCase()
    {
        m_window.reset();
        m_session.reset();
        m_server.reset();
    }

    void emptyStateOffersTheFirstSpace()
    {
        auto *stack = child<QStackedWidget>(u"listStack"_s);
        QCOMPARE(stack->currentWidget()->objectName(), u"emptyPage"_s);
        auto *button = child<QPushButton>(u"createFirstSpaceButton"_s);
        QVERIFY(button && button->isVisible());
        QVERIFY(!action(u"startAction"_s)->isEnabled());
        QVERIFY(action(u"startAction"_s)->toolTip().contains(u"Select"_s));
    }

    void everyControlHasANameAndTheActionsTheirShortcuts()
    {
        QCOMPARE(test::unnamedControls(m_window.get()), QStringList());
        for (const QString &name : {u"newAction"_s, u"startAction"_s, u"stopAction"_s,
                                    u"restartAction"_s, u"deleteAction"_s, u"refreshAction"_s}) {
            QAction *named = action(name);
            QVERIFY2(!named->shortcut().isEmpty(), qPrintable(name));
            QVERIFY2(
                named->toolTip().contains(named->shortcut().toString(QKeySequence::NativeText)),
                qPrintable(named->toolTip()));
            QVERIFY(!named->icon().isNull());
            QVERIFY(child<QWidget>(name + u"Button"_s));
        }
        action(u"newAction"_s)->trigger();
        QDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = child<QDialog>(u"createSpaceDialog"_s)) && dialog->isVisible());
        QCOMPARE(test::unnamedControls(dialog), QStringList());
        dialog->reject();
        QTRY_VERIFY(!child<QDialog>(u"createSpaceDialog"_s));
    }

    void createsASpaceThroughTheDialog()
    {
        createThroughDialog(u"alpha"_s, u"service"_s);
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(u"alpha"_s).isValid(), 10000);
        QCOMPARE(child<QStackedWidget>(u"listStack"_s)->currentWidget(), table());
        // The new space is selected and shown.
        QTRY_COMPARE(m_window->currentSpaceId(),
                     rowOf(u"alpha"_s).data(SpaceListModel::IdRole).toString());
        QTRY_COMPARE(statusOf(u"alpha"_s), SpaceStatus::Stopped);
        QCOMPARE(
            rowOf(u"alpha"_s).siblingAtColumn(SpaceListModel::DescriptionColumn).data().toString(),
            u"made by the GUI test"_s);
        QTRY_COMPARE(rowOf(u"alpha"_s)
                         .data(SpaceListModel::SpaceRole)
                         .value<Space>()
                         .fieldValue(u"environment"_s),
                     u"testing"_s);
    }

    void saysBesideATemplateWhyItCannotRun()
    {
        const test::ApiCall api(m_server->url(), m_server->token());
        QCOMPARE(api.post(u"/api/templates"_s, {{u"name"_s, u"boxes"_s},
                                                {u"platform"_s, u"podman"_s},
                                                {u"image"_s, u"debian:bookworm"_s},
                                                {u"description"_s, u"A container"_s}})
                     .status,
                 201);
        // What the refresh action does; live updates would bring it later.
        m_session->templates()->refresh();
        action(u"newAction"_s)->trigger();
        QDialog *dialog = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT(
            (dialog = child<QDialog>(u"createSpaceDialog"_s)) && dialog->isVisible(), 5000);
        auto *templates = dialog->findChild<QComboBox *>(u"createTemplateCombo"_s);
        auto *sentence = dialog->findChild<QLabel *>(u"createTemplateDescription"_s);
        auto *ok = dialog->findChild<QDialogButtonBox *>(u"createButtonBox"_s)
                       ->button(QDialogButtonBox::Ok);
        QTest::keyClicks(dialog->findChild<QLineEdit *>(u"createNameEdit"_s), u"boxed"_s);
        QTRY_VERIFY_WITH_TIMEOUT(templates->findText(u"boxes"_s) >= 0, 10000);
        templates->setCurrentIndex(templates->findText(u"boxes"_s));
        QCOMPARE(sentence->text(), u"Podman is not installed\nA container"_s);
        QVERIFY(sentence->isVisibleTo(dialog));
        QVERIFY(!ok->isEnabled());
        QCOMPARE(ok->toolTip(), u"Podman is not installed"_s);
        // Another template is fine again.
        templates->setCurrentIndex(templates->findText(u"service"_s));
        QVERIFY(ok->isEnabled());
        QVERIFY(!sentence->text().contains(u"Podman"_s));
        dialog->reject();
        QTRY_VERIFY(!child<QDialog>(u"createSpaceDialog"_s));
    }

    void startsWithTheToolbarAndTheBadgeTurnsRunning()
    {
        select(u"alpha"_s);
        QTRY_VERIFY(action(u"startAction"_s)->isEnabled());
        QVERIFY(action(u"deleteAction"_s)->isEnabled());
        QVERIFY(!action(u"stopAction"_s)->isEnabled());
        action(u"startAction"_s)->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(u"alpha"_s), SpaceStatus::Running, 15000);
        QTRY_VERIFY(action(u"stopAction"_s)->isEnabled());
        // Delete only when stopped, and the tooltip says so.
        QVERIFY(!action(u"deleteAction"_s)->isEnabled());
        QVERIFY(
            action(u"deleteAction"_s)->toolTip().contains(u"Stop the space before deleting it"_s));
        QVERIFY(!action(u"startAction"_s)->isEnabled());
    }

    void stopsAndDeletesAfterConfirmation()
    {
        select(u"alpha"_s);
        action(u"stopAction"_s)->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(u"alpha"_s), SpaceStatus::Stopped, 15000);
        QTRY_VERIFY(action(u"deleteAction"_s)->isEnabled());

        // Cancelled: nothing happens.
        ConfirmDialog::setNextAnswer(QMessageBox::Cancel);
        action(u"deleteAction"_s)->trigger();
        QVERIFY(rowOf(u"alpha"_s).isValid());

        ConfirmDialog::setNextAnswer(QMessageBox::Yes);
        action(u"deleteAction"_s)->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!rowOf(u"alpha"_s).isValid(), 15000);
        QTRY_COMPARE(child<QStackedWidget>(u"listStack"_s)->currentWidget()->objectName(),
                     u"emptyPage"_s);
        QTRY_VERIFY(child<QPushButton>(u"createFirstSpaceButton"_s)->isVisible());
    }

    // A name in use: the dialog stays open with the server's sentence and the input kept.
    void showsTheServersSentenceInTheDialog()
    {
        auto *banner = child<MessageBanner>(u"messageBanner"_s);
        QVERIFY(banner->isHidden());
        createThroughDialog(u"beta"_s, u"blank"_s);
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(u"beta"_s).isValid(), 10000);
        createThroughDialog(u"beta"_s, u"blank"_s, false);
        auto *dialog = child<QDialog>(u"createSpaceDialog"_s);
        QVERIFY(dialog);
        auto *sentence = dialog->findChild<QLabel *>(u"createServerError"_s);
        QTRY_VERIFY_WITH_TIMEOUT(sentence->isVisible(), 10000);
        QVERIFY2(sentence->text().contains(u"space name already used"_s),
                 qPrintable(sentence->text()));
        QVERIFY(dialog->isVisible());
        auto *nameEdit = dialog->findChild<QLineEdit *>(u"createNameEdit"_s);
        QCOMPARE(nameEdit->text(), u"beta"_s);
        QVERIFY(nameEdit->isEnabled());
        QCOMPARE(dialog->findChild<QPlainTextEdit *>(u"createDescriptionEdit"_s)->toPlainText(),
                 u"made by the GUI test"_s);
        QVERIFY(banner->isHidden());
        test::screenshot(dialog, u"create-dialog-name-in-use.png"_s);

        // Cancelled: nothing else is said, nothing is created.
        dialog->reject();
        QTRY_VERIFY(!child<QDialog>(u"createSpaceDialog"_s));
        QVERIFY(banner->isHidden());
    }

    void recoversWhenTheServerRestarts()
    {
        auto *indicator = child<ConnectionIndicator>(u"connectionIndicator"_s);
        QTRY_COMPARE_WITH_TIMEOUT(indicator->state(), ConnectionIndicator::State::Live, 10000);
        const QUrl url = m_server->url();
        m_server->kill();
        QTRY_VERIFY_WITH_TIMEOUT(indicator->state() == ConnectionIndicator::State::Polling ||
                                     indicator->state() == ConnectionIndicator::State::Disconnected,
                                 10000);
        QVERIFY(indicator->text() != u"Live"_s);
        QVERIFY(rowOf(u"beta"_s).isValid()); // the list stays while the server is away

        QString error;
        QVERIFY2(m_server->start(&error, {u"--listen"_s, u"127.0.0.1:%1"_s.arg(url.port())}),
                 qPrintable(error));
        QCOMPARE(m_server->url(), url);
        QTRY_COMPARE_WITH_TIMEOUT(indicator->state(), ConnectionIndicator::State::Live, 15000);
        // A change made while the window was not looking shows up: the list recovered.
        test::ApiCall api(m_server->url(), m_server->token());
        const QString betaId = rowOf(u"beta"_s).data(SpaceListModel::IdRole).toString();
        QCOMPARE(api.post(u"/api/spaces/%1/start"_s.arg(betaId)).status / 100, 2);
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(u"beta"_s), SpaceStatus::Running, 15000);
        QCOMPARE(api.post(u"/api/spaces/%1/stop"_s.arg(betaId)).status / 100, 2);
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(u"beta"_s), SpaceStatus::Stopped, 15000);
    }

    // "This computer": the local server is found through server.json off the UI thread.
    void findsTheLocalServerWithoutBlocking()
    {
        const QByteArray savedDataDir = qgetenv("SPACES_DATA_DIR");
        qputenv("SPACES_DATA_DIR", m_server->dataDirectory().toLocal8Bit());
        AppSession local;
        QSignalSpy connected(&local, &AppSession::connected);
        local.connectLocal();
        QCOMPARE(local.state(), AppSession::State::Locating); // returned at once
        QTRY_COMPARE_WITH_TIMEOUT(local.state(), AppSession::State::Connected, 15000);
        QCOMPARE(connected.size(), 1);
        QCOMPARE(local.settings().baseUrl, m_server->url());
        qputenv("SPACES_DATA_DIR", savedDataDir);
    }

    void reportsWhenNoLocalServerCanBeFound()
    {
        const QByteArray savedDataDir = qgetenv("SPACES_DATA_DIR");
        const QByteArray savedPath = qgetenv("PATH");
        QTemporaryDir empty;
        qputenv("SPACES_DATA_DIR", empty.path().toLocal8Bit());
        qputenv("PATH", empty.path().toLocal8Bit()); // no spacesd to start anywhere
        AppSession local;
        QSignalSpy failed(&local, &AppSession::connectionFailed);
        local.connectLocal();
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 15000);
        QCOMPARE(local.state(), AppSession::State::Failed);
        QVERIFY(!local.failure().isEmpty());
        QCOMPARE(failed.first().first().toString(), local.failure());
        qputenv("SPACES_DATA_DIR", savedDataDir);
        qputenv("PATH", savedPath);
    }
};

} // namespace spaces

QTEST_MAIN(spaces::MainWindowTest)
#include "tst_mainwindow.moc"
