// More of the real MainWindow against a real spacesd on a random loopback port, driven the way a
// user would, widgets found by objectName: several spaces started and stopped at once, and the
// connections dialog adding, refusing and removing a Knot server profile.
#include "AppSession.h"
#include "ConfirmDialog.h"
#include "ConnectionIndicator.h"
#include "ConnectionProfiles.h"
#include "MainWindow.h"
#include "SpaceListModel.h"
#include "SpaceTestKit.h"

#include <QAction>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>
#include <sys/stat.h>

using namespace Qt::StringLiterals;

namespace spaces {

namespace {

constexpr int SlowMs = 15000;

// The sentence the connections dialog shows for an address that is not http(s) with a host.
const QString BadUrlSentence =
    u"The server address must start with http:// or https:// and name a host, "
    "e.g. https://knot.example.com."_s;

} // namespace

class MainWindowMoreTest final : public QObject
{
    Q_OBJECT

private:
    template<typename T> T *child(const QString &name) const
    {
        return m_window->findChild<T *>(name);
    }
    QAction *action(const QString &name) const { return child<QAction>(name); }
    QTableView *table() const { return child<QTableView>(u"spaceTable"_s); }

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
    // A click on the row of the space, as the user makes it (Ctrl adds to the selection).
    void clickRow(const QString &name, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
    {
        const QModelIndex index = rowOf(name);
        QVERIFY2(index.isValid(), qPrintable(name));
        table()->scrollTo(index);
        QTest::mouseClick(table()->viewport(), Qt::LeftButton, modifiers,
                          table()->visualRect(index).center());
    }
    QStringList selectedNames() const
    {
        QStringList names;
        for (const QModelIndex &index : table()->selectionModel()->selectedRows())
            names.append(index.data(SpaceListModel::NameRole).toString());
        names.sort();
        return names;
    }

    // Opens the connections dialog with its action and runs drive on it while it is open
    // (the dialog is modal: drive runs inside its event loop), then closes it with Close.
    void withSettingsDialog(const std::function<void(QDialog *)> &drive)
    {
        bool driven = false;
        QTimer::singleShot(0, this, [&] {
            auto *dialog = m_window->findChild<QDialog *>(u"settingsDialog"_s);
            if (dialog) {
                QTRY_VERIFY(dialog->isVisible());
                drive(dialog);
                driven = true;
                // Closed with its Close button, even when drive failed.
                auto *box = dialog->findChild<QDialogButtonBox *>(u"settingsButtonBox"_s);
                if (box && box->button(QDialogButtonBox::Close))
                    box->button(QDialogButtonBox::Close)->click();
                else
                    dialog->reject();
            }
        });
        action(u"settingsAction"_s)->trigger(); // returns when the dialog is closed
        QVERIFY2(driven, "the connections dialog did not open");
    }
    template<typename T> static T *in(QDialog *dialog, const QString &name)
    {
        return dialog->findChild<T *>(name);
    }
    static void type(QLineEdit *edit, const QString &text)
    {
        edit->selectAll();
        QTest::keyClick(edit, Qt::Key_Backspace);
        QTest::keyClicks(edit, text);
    }
    // The Knot profiles the settings file holds, as name → url.
    QMap<QString, QString> profilesInFile() const
    {
        QSettings settings(m_profiles->fileName(), QSettings::IniFormat);
        QMap<QString, QString> profiles;
        const int count = settings.beginReadArray(u"profiles"_s);
        for (int i = 0; i < count; ++i) {
            settings.setArrayIndex(i);
            profiles.insert(settings.value(u"name"_s).toString(),
                            settings.value(u"url"_s).toString());
        }
        settings.endArray();
        return profiles;
    }
    QStringList comboProfiles() const
    {
        auto *combo = child<QComboBox>(u"connectionCombo"_s);
        QStringList names;
        for (int i = 0; i < combo->count(); ++i)
            names.append(combo->itemText(i));
        return names;
    }

    std::unique_ptr<test::TestServer> m_server;
    QTemporaryDir m_config;
    std::unique_ptr<ConnectionProfiles> m_profiles;
    std::unique_ptr<AppSession> m_session;
    std::unique_ptr<MainWindow> m_window;

private Q_SLOTS:
    void initTestCase()
    {
        m_server = std::make_unique<test::TestServer>();
        QString error;
        QVERIFY2(m_server->start(&error), qPrintable(error));
        for (const QString &name : {u"multi-one"_s, u"multi-two"_s, u"multi-three"_s})
            QVERIFY2(!m_server->createSpace(name, u"blank"_s).isEmpty(), qPrintable(name));

        m_profiles = std::make_unique<ConnectionProfiles>(m_config.filePath(u"connections.ini"_s));
        const QString id = m_profiles->add(u"Test server"_s, m_server->process.url().toString(),
                                           m_server->process.token(), &error);
        QVERIFY2(!id.isEmpty(), qPrintable(error));
        QVERIFY2(m_profiles->setCurrent(id, &error), qPrintable(error));

        m_session = std::make_unique<AppSession>();
        m_window = std::make_unique<MainWindow>(*m_session, *m_profiles);
        m_window->resize(1280, 800);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        m_window->connectToCurrentProfile();
        QTRY_VERIFY_WITH_TIMEOUT(m_session->spaces() && m_session->spaces()->hasLoaded(), SlowMs);
        QTRY_COMPARE_WITH_TIMEOUT(child<ConnectionIndicator>(u"connectionIndicator"_s)->state(),
                                  ConnectionIndicator::State::Live, SlowMs);
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(u"multi-three"_s).isValid(), SlowMs);
    }

    void cleanupTestCase()
    {
        m_window.reset();
        m_session.reset();
        m_server.reset(); // stops the server and kills whatever space it still records
    }

    void startsAndStopsSeveralSpacesAtOnce()
    {
        clickRow(u"multi-one"_s);
        clickRow(u"multi-two"_s, Qt::ControlModifier);
        QCOMPARE(selectedNames(), (QStringList{u"multi-one"_s, u"multi-two"_s}));
        QTRY_VERIFY(action(u"startAction"_s)->isEnabled());
        QVERIFY(!action(u"stopAction"_s)->isEnabled());

        action(u"startAction"_s)->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(u"multi-one"_s), SpaceStatus::Running, SlowMs);
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(u"multi-two"_s), SpaceStatus::Running, SlowMs);
        QCOMPARE(statusOf(u"multi-three"_s), SpaceStatus::Stopped); // not selected, not started
        // The server agrees, not just the list.
        QTRY_VERIFY_WITH_TIMEOUT(
            m_server->isDeployed(rowOf(u"multi-one"_s).data(SpaceListModel::IdRole).toString()),
            SlowMs);
        QVERIFY(
            m_server->isDeployed(rowOf(u"multi-two"_s).data(SpaceListModel::IdRole).toString()));
        QVERIFY(
            !m_server->isDeployed(rowOf(u"multi-three"_s).data(SpaceListModel::IdRole).toString()));

        QCOMPARE(selectedNames(), (QStringList{u"multi-one"_s, u"multi-two"_s}));
        QTRY_VERIFY(action(u"stopAction"_s)->isEnabled());
        QVERIFY(!action(u"startAction"_s)->isEnabled());
        action(u"stopAction"_s)->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(u"multi-one"_s), SpaceStatus::Stopped, SlowMs);
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(u"multi-two"_s), SpaceStatus::Stopped, SlowMs);
        QVERIFY(
            !m_server->isDeployed(rowOf(u"multi-one"_s).data(SpaceListModel::IdRole).toString()));
        QVERIFY(
            !m_server->isDeployed(rowOf(u"multi-two"_s).data(SpaceListModel::IdRole).toString()));
        QTRY_VERIFY(action(u"startAction"_s)->isEnabled());
    }

    void refusesABadAddressAndSavesAGoodKnotProfile()
    {
        withSettingsDialog([this](QDialog *dialog) {
            auto *list = in<QListWidget>(dialog, u"settingsProfileList"_s);
            auto *add = in<QPushButton>(dialog, u"settingsAddButton"_s);
            auto *nameEdit = in<QLineEdit>(dialog, u"settingsNameEdit"_s);
            auto *urlEdit = in<QLineEdit>(dialog, u"settingsUrlEdit"_s);
            auto *tokenEdit = in<QLineEdit>(dialog, u"settingsTokenEdit"_s);
            auto *problem = in<QLabel>(dialog, u"settingsProblem"_s);
            auto *save = in<QPushButton>(dialog, u"settingsSaveButton"_s);
            QVERIFY(list && add && nameEdit && urlEdit && tokenEdit && problem && save);
            const int before = list->count();

            QTest::mouseClick(add, Qt::LeftButton);
            QVERIFY(nameEdit->isEnabled());
            type(nameEdit, u"Team cluster"_s);
            type(urlEdit, u"ftp://knot.example.com"_s);
            type(tokenEdit, u"s3cret-token"_s);
            QCOMPARE(problem->text(), BadUrlSentence);
            QCOMPARE(ConnectionProfiles::checkUrl(urlEdit->text()), BadUrlSentence);
            QVERIFY(!save->isEnabled());
            type(urlEdit, u"not a url"_s);
            QCOMPARE(problem->text(), BadUrlSentence);
            QVERIFY(!save->isEnabled());
            QVERIFY(!profilesInFile().contains(u"Team cluster"_s)); // nothing saved yet

            type(urlEdit, u"https://knot.example.com/"_s);
            QCOMPARE(problem->text(), QString());
            QVERIFY(save->isEnabled());
            QTest::mouseClick(save, Qt::LeftButton);
            QCOMPARE(problem->text(), QString());
            QCOMPARE(list->count(), before + 1);
            QCOMPARE(list->currentItem()->text(), u"Team cluster"_s);
        });
        if (QTest::currentTestFailed())
            return;

        const auto saved = m_profiles->profiles();
        const auto found = std::find_if(saved.begin(), saved.end(), [](const auto &profile) {
            return profile.name == u"Team cluster"_s;
        });
        QVERIFY(found != saved.end());
        QCOMPARE(found->url, QUrl(u"https://knot.example.com"_s));
        QCOMPARE(found->token, u"s3cret-token"_s);
        // Written to the file at once, readable by the user only: the token is a secret.
        QCOMPARE(profilesInFile().value(u"Team cluster"_s), u"https://knot.example.com"_s);
        struct stat info = {};
        QCOMPARE(::stat(QFile::encodeName(m_profiles->fileName()).constData(), &info), 0);
        QCOMPARE(info.st_mode & 0777, mode_t(0600));
        // Offered by the server chooser, which still shows the server in use.
        QVERIFY2(comboProfiles().contains(u"Team cluster"_s),
                 qPrintable(comboProfiles().join(u", "_s)));
        QCOMPARE(child<QComboBox>(u"connectionCombo"_s)->currentText(), u"Test server"_s);
        // Still connected to the test server.
        QCOMPARE(child<ConnectionIndicator>(u"connectionIndicator"_s)->state(),
                 ConnectionIndicator::State::Live);
    }

    void removesTheKnotProfile()
    {
        withSettingsDialog([](QDialog *dialog) {
            auto *list = in<QListWidget>(dialog, u"settingsProfileList"_s);
            auto *remove = in<QPushButton>(dialog, u"settingsRemoveButton"_s);
            QVERIFY(list && remove);
            const QList<QListWidgetItem *> items =
                list->findItems(u"Team cluster"_s, Qt::MatchExactly);
            QCOMPARE(items.size(), 1);
            const int before = list->count();

            // "This computer" cannot be removed.
            list->setCurrentRow(0);
            QVERIFY(!remove->isEnabled());

            list->setCurrentItem(items.first());
            QVERIFY(remove->isEnabled());
            // Cancelled: it stays.
            ConfirmDialog::setNextAnswer(QMessageBox::Cancel);
            QTest::mouseClick(remove, Qt::LeftButton);
            QCOMPARE(list->count(), before);

            ConfirmDialog::setNextAnswer(QMessageBox::Yes);
            QTest::mouseClick(remove, Qt::LeftButton);
            QCOMPARE(list->count(), before - 1);
            QVERIFY(list->findItems(u"Team cluster"_s, Qt::MatchExactly).isEmpty());
        });
        if (QTest::currentTestFailed())
            return;

        QVERIFY(!profilesInFile().contains(u"Team cluster"_s));
        QVERIFY(profilesInFile().contains(u"Test server"_s));
        struct stat info = {};
        QCOMPARE(::stat(QFile::encodeName(m_profiles->fileName()).constData(), &info), 0);
        QCOMPARE(info.st_mode & 0777, mode_t(0600));
        QVERIFY(!comboProfiles().contains(u"Team cluster"_s));
        QCOMPARE(child<QComboBox>(u"connectionCombo"_s)->currentText(), u"Test server"_s);
    }
};

} // namespace spaces

QTEST_MAIN(spaces::MainWindowMoreTest)
#include "tst_mainwindow_more.moc"
