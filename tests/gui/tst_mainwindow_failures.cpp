// The real MainWindow against a real spacesd when spaces fail: a start whose service refuses
// its port shows a red "Failed to start" badge, the banner names the space and the reason with
// "Show logs" (which opens the Logs tab of that space), and the detail panel shows the reason
// and the log's last lines; a service killed from outside shows "Killed (SIGKILL)"; a space
// whose template declares readiness shows Starting until its port answers, then Running.
#include "AppSession.h"
#include "ConnectionProfiles.h"
#include "MainWindow.h"
#include "MessageBanner.h"
#include "PanelScreenshot.h"
#include "SpaceListModel.h"
#include "SpaceTestKit.h"

#include <QAction>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;

namespace spaces {

namespace {

constexpr int SlowMs = 15000;

} // namespace

class MainWindowFailuresTest final : public QObject
{
    Q_OBJECT

private:
    template<typename T> T *child(const QString &name) const
    {
        return m_window->findChild<T *>(name);
    }
    QTableView *table() const { return child<QTableView>(u"spaceTable"_s); }
    QModelIndex rowOf(const QString &name, int column = 0) const
    {
        const QAbstractItemModel *model = table()->model();
        for (int row = 0; row < model->rowCount(); ++row) {
            const QModelIndex index = model->index(row, column);
            if (index.data(SpaceListModel::NameRole).toString() == name)
                return index;
        }
        return {};
    }
    SpaceStatus statusOf(const QString &name) const
    {
        return rowOf(name).data(SpaceListModel::StatusRole).value<SpaceStatus>();
    }
    QString badgeOf(const QString &name) const
    {
        return rowOf(name, SpaceListModel::StatusColumn).data().toString();
    }
    void select(const QString &name)
    {
        const QModelIndex index = rowOf(name);
        QVERIFY2(index.isValid(), qPrintable(name));
        table()->scrollTo(index);
        QTest::mouseClick(table()->viewport(), Qt::LeftButton, Qt::NoModifier,
                          table()->visualRect(index).center());
    }

    std::unique_ptr<test::TestServer> m_server;
    QTemporaryDir m_config;
    std::unique_ptr<ConnectionProfiles> m_profiles;
    std::unique_ptr<AppSession> m_session;
    std::unique_ptr<MainWindow> m_window;
    test::KillGuard m_guard;

private Q_SLOTS:
    void initTestCase()
    {
        m_server = std::make_unique<test::TestServer>();
        QString error;
        QVERIFY2(m_server->start(&error), qPrintable(error));
        QVERIFY(
            !m_server->createSpace(u"bad-port"_s, u"web"_s, {{u"port"_s, u"99999x"_s}}).isEmpty());
        QVERIFY(!m_server
                     ->createTemplate(
                         {{u"name"_s, u"sleeper"_s}, {u"startup_command"_s, u"exec sleep 1000"_s}})
                     .isEmpty());
        QVERIFY(!m_server->createSpace(u"victim"_s, u"sleeper"_s).isEmpty());
        m_readyPort = test::freeTcpPort();
        QVERIFY(!m_server
                     ->createTemplate(
                         {{u"name"_s, u"slow-web"_s},
                          {u"custom_fields"_s, QJsonArray{QJsonObject{{u"name"_s, u"port"_s}}}},
                          {u"ready"_s, QJsonObject{{u"port"_s, u"${port}"_s}}},
                          {u"startup_command"_s,
                           u"sleep 2; exec python3 -m http.server \"$port\" --bind 127.0.0.1"_s}})
                     .isEmpty());
        QVERIFY(!m_server
                     ->createSpace(u"slow-web-space"_s, u"slow-web"_s,
                                   {{u"port"_s, QString::number(m_readyPort)}})
                     .isEmpty());

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
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(u"slow-web-space"_s).isValid(), SlowMs);
    }

    void cleanupTestCase()
    {
        m_window.reset();
        m_session.reset();
        m_server.reset();
    }

    void failedStartShowsBadgeBannerAndLastLines()
    {
        select(u"bad-port"_s);
        QTRY_VERIFY(child<QAction>(u"startAction"_s)->isEnabled());
        child<QAction>(u"startAction"_s)->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(u"bad-port"_s), SpaceStatus::Failed, SlowMs);
        QCOMPARE(badgeOf(u"bad-port"_s), u"Failed to start"_s);

        auto *banner = child<MessageBanner>(u"messageBanner"_s);
        QTRY_VERIFY(banner->isVisible());
        QVERIFY2(banner->text().contains(u"bad-port"_s), qPrintable(banner->text()));
        QVERIFY2(banner->text().contains(u"failed to start"_s), qPrintable(banner->text()));
        auto *showLogs = child<QPushButton>(u"messageBannerAction"_s);
        QVERIFY(showLogs->isVisible());
        QCOMPARE(showLogs->text(), u"Show logs"_s);

        // The detail panel: the reason and the service's own words.
        auto *reason = child<QLabel>(u"failureLabel"_s);
        QTRY_VERIFY(reason->isVisible());
        QVERIFY2(reason->text().contains(u"failed to start"_s), qPrintable(reason->text()));
        auto *lines = child<QPlainTextEdit>(u"failureLogView"_s);
        QVERIFY2(lines->toPlainText().contains(u"invalid int value"_s),
                 qPrintable(lines->toPlainText()));
        test::screenshot(m_window.get(), u"failed-start.png"_s);

        // Failed is a kind of stopped: it may be started again.
        QVERIFY(child<QAction>(u"startAction"_s)->isEnabled());

        auto *tabs = child<QTabWidget>(u"detailTabs"_s);
        tabs->setCurrentIndex(0);
        select(u"victim"_s);
        QTest::mouseClick(showLogs, Qt::LeftButton);
        QCOMPARE(tabs->currentWidget(), child<QWidget>(u"logsTab"_s));
        QCOMPARE(
            table()->selectionModel()->currentIndex().data(SpaceListModel::NameRole).toString(),
            u"bad-port"_s);
        QVERIFY(!banner->isVisible());
        tabs->setCurrentIndex(0);
    }

    void serviceKilledFromOutsideShowsTheSignal()
    {
        const QString id = rowOf(u"victim"_s).data(SpaceListModel::IdRole).toString();
        QCOMPARE(m_server->startSpace(id), 200);
        m_guard.addGroup(m_server->processGroupOf(id));
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(u"victim"_s), SpaceStatus::Running, SlowMs);
        // The startup command: the first child of the sandbox's init.
        const qint64 init = m_server->handleOf(id).section(u':', 1, 1).toLongLong();
        qint64 service = 0;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                QFile children(u"/proc/%1/task/%1/children"_s.arg(init));
                service = children.open(QIODevice::ReadOnly)
                              ? children.readAll().trimmed().split(' ').value(0).toLongLong()
                              : 0;
                return service > 1;
            }(),
            SlowMs);
        QVERIFY(::kill(pid_t(service), SIGKILL) == 0);
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(u"victim"_s), SpaceStatus::Failed, SlowMs);
        QCOMPARE(badgeOf(u"victim"_s), u"Killed (SIGKILL)"_s);
        QTRY_VERIFY(
            child<MessageBanner>(u"messageBanner"_s)->text().contains(u"killed by SIGKILL"_s));
    }

    void startingUntilReadyThenRunning()
    {
        select(u"slow-web-space"_s);
        QTRY_VERIFY(child<QAction>(u"startAction"_s)->isEnabled());
        child<QAction>(u"startAction"_s)->trigger();
        const QString id = rowOf(u"slow-web-space"_s).data(SpaceListModel::IdRole).toString();
        QTRY_VERIFY_WITH_TIMEOUT(m_server->isDeployed(id), SlowMs);
        m_guard.addGroup(m_server->processGroupOf(id));
        // Deployed and listed so, but not ready: Starting, while nothing listens yet.
        QTRY_VERIFY_WITH_TIMEOUT(
            rowOf(u"slow-web-space"_s).data(SpaceListModel::SpaceRole).value<Space>().isDeployed,
            SlowMs);
        QCOMPARE(statusOf(u"slow-web-space"_s), SpaceStatus::Starting);
        QVERIFY(test::canListenOn(m_readyPort));
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(u"slow-web-space"_s), SpaceStatus::Running, SlowMs);
        QVERIFY(!test::canListenOn(m_readyPort));
        QCOMPARE(m_server->stopSpace(id), 200);
    }

private:
    quint16 m_readyPort = 0;
};

} // namespace spaces

QTEST_MAIN(spaces::MainWindowFailuresTest)
#include "tst_mainwindow_failures.moc"
