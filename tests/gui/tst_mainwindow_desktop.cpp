// The real MainWindow as a desktop app against a real spacesd: it opens within the screen and
// remembers its geometry, splitter, selection, tab, column widths and sort order (in a
// temporary settings location); a deleted row's neighbour is selected, a filter keeps the
// selection, Esc clears the search; Del on a running space says why; several spaces are
// shown, and deleted, together; Tab leaves the tables; "Open in browser" without a browser
// offers the address.
#include "AppSession.h"
#include "ConfirmDialog.h"
#include "ConnectionIndicator.h"
#include "ConnectionProfiles.h"
#include "MainWindow.h"
#include "MessageBanner.h"
#include "PanelScreenshot.h"
#include "PortForwardPanel.h"
#include "SpaceDetailPanel.h"
#include "SpaceListModel.h"
#include "SpaceTestKit.h"
#include "WindowMemory.h"

#include <QAbstractButton>
#include <QAction>
#include <QClipboard>
#include <QComboBox>
#include <QDialog>
#include <QGuiApplication>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

using namespace Qt::StringLiterals;

namespace spaces {

namespace {
constexpr int SlowMs = 15000;
} // namespace

class MainWindowDesktopTest final : public QObject
{
    Q_OBJECT

private:
    template<typename T> T *child(const QString &name) const
    {
        return m_window->findChild<T *>(name);
    }
    QAction *action(const QString &name) const { return child<QAction>(name); }
    QTableView *table() const { return child<QTableView>(u"spaceTable"_s); }
    MessageBanner *banner() const { return child<MessageBanner>(u"messageBanner"_s); }

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
    QString idOf(const QString &name) const
    {
        return rowOf(name).data(SpaceListModel::IdRole).toString();
    }
    SpaceStatus statusOf(const QString &name) const
    {
        return rowOf(name).data(SpaceListModel::StatusRole).value<SpaceStatus>();
    }
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
    SpaceDetailPanel *detailPanel() const { return child<SpaceDetailPanel>(QString()); }
    QString detailPage() const
    {
        return child<QStackedWidget>(u"detailStack"_s)->currentWidget()->objectName();
    }

    void openWindow()
    {
        m_session = std::make_unique<AppSession>();
        m_window = std::make_unique<MainWindow>(*m_session, *m_profiles);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        m_window->connectToCurrentProfile();
        QTRY_VERIFY_WITH_TIMEOUT(m_session->spaces() && m_session->spaces()->hasLoaded(), SlowMs);
        QTRY_COMPARE_WITH_TIMEOUT(child<ConnectionIndicator>(u"connectionIndicator"_s)->state(),
                                  ConnectionIndicator::State::Live, SlowMs);
        QTRY_VERIFY_WITH_TIMEOUT(table()->selectionModel()->hasSelection(), SlowMs);
    }
    void closeWindow()
    {
        if (m_window)
            m_window->close();
        m_window.reset();
        m_session.reset();
    }

    QTemporaryDir m_config; // settings and connections: never the user's
    std::unique_ptr<test::TestServer> m_server;
    std::unique_ptr<ConnectionProfiles> m_profiles;
    std::unique_ptr<AppSession> m_session;
    std::unique_ptr<MainWindow> m_window;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_config.isValid());
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_config.path()));
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_config.path());
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_config.path());
        QCoreApplication::setOrganizationName(u"SpacesDesktopTests"_s);
        QCoreApplication::setApplicationName(u"tst_mainwindow_desktop"_s);

        m_server = std::make_unique<test::TestServer>();
        QString error;
        QVERIFY2(m_server->start(&error), qPrintable(error));
        for (const QString &name :
             {u"desk-alpha"_s, u"desk-beta"_s, u"desk-gamma"_s, u"desk-delta"_s, u"desk-epsilon"_s,
              u"desk-zeta"_s, u"desk-runner"_s})
            QVERIFY2(!m_server->createSpace(name, u"blank"_s).isEmpty(), qPrintable(name));

        m_profiles = std::make_unique<ConnectionProfiles>(m_config.filePath(u"connections.ini"_s));
        const QString id = m_profiles->add(u"Test server"_s, m_server->process.url().toString(),
                                           m_server->process.token(), &error);
        QVERIFY2(!id.isEmpty(), qPrintable(error));
        QVERIFY2(m_profiles->setCurrent(id, &error), qPrintable(error));
        openWindow();
    }

    void cleanupTestCase()
    {
        closeWindow();
        m_server.reset(); // stops the server and kills whatever space it still records
    }

    // Where a window goes on a screen: at most 90% of it and centred, or where it was, inside.
    void fitsOnTheScreen()
    {
        const QRect screen(0, 0, 1400, 900);
        const QRect first = WindowMemory::fitted(QRect(-1, -1, 2560, 1600), screen, 0.9);
        QCOMPARE(first.size(), QSize(1260, 810));
        QCOMPARE(first.center(), screen.center());
        const QRect small = WindowMemory::fitted(QRect(-1, -1, 800, 600), screen, 0.9);
        QCOMPARE(small.size(), QSize(800, 600));
        // Restored half off the right and bottom edges: pulled back in, its size kept.
        const QRect moved = WindowMemory::fitted(QRect(1000, 700, 600, 400), screen, 1.0);
        QCOMPARE(moved, QRect(800, 500, 600, 400));
        // Larger than a smaller screen now: as large as that screen.
        QCOMPARE(WindowMemory::fitted(QRect(0, 0, 1600, 1000), QRect(0, 0, 1024, 700), 1.0),
                 QRect(0, 0, 1024, 700));
    }

    void opensWithinTheScreen()
    {
        const QRect available = m_window->screen()->availableGeometry();
        const QRect frame = m_window->frameGeometry();
        QVERIFY2(available.contains(frame),
                 qPrintable(u"window %1,%2 %3x%4 on a screen of %5x%6"_s.arg(frame.x())
                                .arg(frame.y())
                                .arg(frame.width())
                                .arg(frame.height())
                                .arg(available.width())
                                .arg(available.height())));
        QVERIFY2(frame.width() <= available.width() * 0.9 + 4,
                 qPrintable(QString::number(frame.width())));
        QVERIFY2(frame.height() <= available.height() * 0.9 + 4,
                 qPrintable(QString::number(frame.height())));
    }

    void remembersTheWindowAcrossRuns()
    {
        m_window->resize(700, 520);
        m_window->move(30, 20);
        auto *splitter = child<QSplitter>(u"mainSplitter"_s);
        splitter->setSizes({260, 420});
        const QList<int> splitterSizes = splitter->sizes();
        clickRow(u"desk-beta"_s);
        QHeaderView *header = table()->horizontalHeader();
        header->resizeSection(SpaceListModel::NameColumn, 177);
        table()->sortByColumn(SpaceListModel::TemplateColumn, Qt::DescendingOrder);
        auto *tabs = child<QTabWidget>(u"detailTabs"_s);
        tabs->setCurrentWidget(child<QWidget>(u"consoleTab"_s));
        QTRY_COMPARE(m_window->size(), QSize(700, 520));

        closeWindow();
        openWindow();

        QCOMPARE(m_window->size(), QSize(700, 520));
        // Where it was, give or take the frame the platform draws around it.
        QVERIFY2((m_window->pos() - QPoint(30, 20)).manhattanLength() <= 8,
                 qPrintable(u"%1,%2"_s.arg(m_window->pos().x()).arg(m_window->pos().y())));
        QTRY_COMPARE(child<QSplitter>(u"mainSplitter"_s)->sizes(), splitterSizes);
        QTRY_COMPARE(selectedNames(), QStringList{u"desk-beta"_s});
        QCOMPARE(m_window->currentSpaceId(), idOf(u"desk-beta"_s));
        header = table()->horizontalHeader();
        QCOMPARE(header->sectionSize(SpaceListModel::NameColumn), 177);
        QCOMPARE(header->sortIndicatorSection(), int(SpaceListModel::TemplateColumn));
        QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
        QCOMPARE(child<QTabWidget>(u"detailTabs"_s)->currentWidget()->objectName(),
                 u"consoleTab"_s);

        // Back to the name order and the details for what follows.
        table()->sortByColumn(SpaceListModel::NameColumn, Qt::AscendingOrder);
        child<QTabWidget>(u"detailTabs"_s)->setCurrentWidget(child<QWidget>(u"detailsTab"_s));
    }

    void filteringKeepsTheSelectionAndEscClears()
    {
        clickRow(u"desk-beta"_s);
        auto *search = child<QLineEdit>(u"searchEdit"_s);
        search->setFocus();
        QTest::keyClicks(search, u"desk-b"_s);
        QCOMPARE(selectedNames(), QStringList{u"desk-beta"_s});
        QCOMPARE(detailPanel()->spaceId(), idOf(u"desk-beta"_s));
        // Filtered away: nothing is selected, and the panel shows nothing either.
        QTest::keyClicks(search, u"zzz"_s);
        QCOMPARE(selectedNames(), QStringList());
        QCOMPARE(detailPanel()->spaceId(), QString());
        QCOMPARE(detailPage(), u"emptyPage"_s);
        // Esc clears the search, and the space comes back selected.
        QTest::keyClick(search, Qt::Key_Escape);
        QCOMPARE(search->text(), QString());
        QTRY_COMPARE(selectedNames(), QStringList{u"desk-beta"_s});
        QCOMPARE(detailPanel()->spaceId(), idOf(u"desk-beta"_s));
        QCOMPARE(detailPage(), u"detailPage"_s);
    }

    void deletingSelectsTheNeighbour()
    {
        clickRow(u"desk-gamma"_s);
        QTRY_VERIFY(action(u"deleteAction"_s)->isEnabled());
        ConfirmDialog::setNextAnswer(QMessageBox::Yes);
        action(u"deleteAction"_s)->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!rowOf(u"desk-gamma"_s).isValid(), SlowMs);
        // A neighbour in the name order (desk-epsilon, desk-runner) is selected and shown.
        QTRY_COMPARE(selectedNames().size(), 1);
        QVERIFY2(selectedNames() == QStringList{u"desk-epsilon"_s} ||
                     selectedNames() == QStringList{u"desk-runner"_s},
                 qPrintable(selectedNames().join(u',')));
        QCOMPARE(detailPanel()->spaceId(), idOf(selectedNames().first()));
    }

    void delOnARunningSpaceSaysWhy()
    {
        const QString id = idOf(u"desk-runner"_s);
        QCOMPARE(m_server->startSpace(id), 200);
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(u"desk-runner"_s), SpaceStatus::Running, SlowMs);
        clickRow(u"desk-runner"_s);
        QTRY_VERIFY(!action(u"deleteAction"_s)->isEnabled());
        table()->setFocus();
        QTest::keyClick(table(), Qt::Key_Delete);
        QTRY_VERIFY(banner()->isVisible());
        QCOMPARE(banner()->text(), u"“desk-runner” is running: stop it first, then delete it."_s);
        auto *stop = child<QAbstractButton>(u"messageBannerAction"_s);
        QVERIFY(stop->isVisible());
        QCOMPARE(stop->text(), u"Stop"_s);
        QVERIFY(rowOf(u"desk-runner"_s).isValid()); // nothing deleted
        child<QAbstractButton>(u"messageBannerClose"_s)->click();
    }

    void severalSpacesAreShownAndDeletedTogether()
    {
        clickRow(u"desk-alpha"_s);
        clickRow(u"desk-epsilon"_s, Qt::ControlModifier);
        clickRow(u"desk-zeta"_s, Qt::ControlModifier);
        QCOMPARE(selectedNames(),
                 (QStringList{u"desk-alpha"_s, u"desk-epsilon"_s, u"desk-zeta"_s}));
        QCOMPARE(detailPage(), u"multiPage"_s);
        QCOMPARE(child<QLabel>(u"multiTitleLabel"_s)->text(), u"3 spaces selected"_s);
        QVERIFY(child<QLabel>(u"multiNamesLabel"_s)->text().contains(u"desk-epsilon"_s));
        QTRY_VERIFY(child<QToolButton>(u"multiDeleteButton"_s)->isVisible());
        QVERIFY(child<QToolButton>(u"multiStartButton"_s)->isVisible());
        QVERIFY(!child<QToolButton>(u"multiStopButton"_s)->isVisible());
        // The other panels show no single space.
        QCOMPARE(m_window->currentSpaceId(), QString());

        // With a running one: no delete, and the page says why.
        clickRow(u"desk-runner"_s, Qt::ControlModifier);
        QCOMPARE(child<QLabel>(u"multiTitleLabel"_s)->text(), u"4 spaces selected"_s);
        QTRY_VERIFY(!child<QToolButton>(u"multiDeleteButton"_s)->isVisible());
        QVERIFY(child<QToolButton>(u"multiStopButton"_s)->isVisible());
        QVERIFY2(child<QLabel>(u"multiHintLabel"_s)
                     ->text()
                     .contains(u"Stop the selected spaces before deleting them."_s),
                 qPrintable(child<QLabel>(u"multiHintLabel"_s)->text()));
        QVERIFY(child<QLabel>(u"multiHintLabel"_s)->text().startsWith(u"Delete: "_s));
        if (qEnvironmentVariableIsSet("SPACES_SCREENSHOT_DIR")) {
            m_window->resize(1100, 640); // room for the columns, as a user would have it
            test::screenshot(m_window.get(), u"multi-select-detail.png"_s);
        }
        clickRow(u"desk-runner"_s, Qt::ControlModifier);
        QCOMPARE(selectedNames().size(), 3);
        QTRY_VERIFY(child<QToolButton>(u"multiDeleteButton"_s)->isVisible());

        // One confirmation for all three, and one sentence for all the results.
        QSignalSpy failed(m_session->spaces(), &SpaceListModel::operationFailed);
        ConfirmDialog::setNextAnswer(QMessageBox::Yes);
        QTest::mouseClick(child<QToolButton>(u"multiDeleteButton"_s), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!rowOf(u"desk-alpha"_s).isValid() &&
                                     !rowOf(u"desk-epsilon"_s).isValid() &&
                                     !rowOf(u"desk-zeta"_s).isValid(),
                                 SlowMs);
        QTRY_COMPARE(m_window->statusBar()->currentMessage(), u"Deleted 3 spaces"_s);
        QCOMPARE(failed.size(), 0);
    }

    void tabLeavesTheTables()
    {
        clickRow(u"desk-beta"_s);
        table()->setFocus();
        QTRY_VERIFY(table()->hasFocus());
        const QStringList before = selectedNames();
        QTest::keyClick(table(), Qt::Key_Tab);
        QTRY_VERIFY(!table()->hasFocus());
        QCOMPARE(selectedNames(), before); // Tab walked no cells
        QVERIFY(QApplication::focusWidget());
        QVERIFY(!table()->isAncestorOf(QApplication::focusWidget()));

        auto *fields = child<QTableView>(u"customFieldTable"_s);
        QVERIFY(fields);
        QVERIFY(!fields->tabKeyNavigation());

        // The create dialog in the order it reads.
        action(u"newAction"_s)->trigger();
        QDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = child<QDialog>(u"createSpaceDialog"_s)) && dialog->isVisible());
        QVERIFY(QTest::qWaitForWindowActive(dialog));
        auto *name = dialog->findChild<QLineEdit *>(u"createNameEdit"_s);
        name->setFocus();
        QTRY_VERIFY(name->hasFocus());
        for (const QString &next :
             {u"createTemplateCombo"_s, u"createShellCombo"_s, u"createDescriptionEdit"_s}) {
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
            QTRY_COMPARE(QApplication::focusWidget()->objectName(), next);
        }
        dialog->reject();
        QTRY_VERIFY(!child<QDialog>(u"createSpaceDialog"_s));
    }

    void noBrowserOffersTheAddress()
    {
        auto *forwards = m_window->findChild<PortForwardPanel *>();
        QVERIFY(forwards);
        const QUrl address(u"http://127.0.0.1:18080/"_s);
        Q_EMIT forwards->browserUnavailable(address);
        QTRY_VERIFY(banner()->isVisible());
        QVERIFY2(banner()->text().contains(u"No web browser opened http://127.0.0.1:18080/"_s),
                 qPrintable(banner()->text()));
        auto *copy = child<QAbstractButton>(u"messageBannerAction"_s);
        QCOMPARE(copy->text(), u"Copy address"_s);
        QGuiApplication::clipboard()->clear();
        copy->click();
        QCOMPARE(QGuiApplication::clipboard()->text(), address.toString());
        QVERIFY(banner()->isHidden());
    }
};

} // namespace spaces

QTEST_MAIN(spaces::MainWindowDesktopTest)
#include "tst_mainwindow_desktop.moc"
