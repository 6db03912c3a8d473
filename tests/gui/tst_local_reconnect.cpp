// The window on "This computer" when the local spacesd goes away and comes back, against real
// servers on one data directory: killed and started again on another port, the app follows
// it by itself (server.json is read again on every reconnect attempt) and on F5; with none
// answering, the banner offers "Start the local server", which starts one detached, as at the
// first launch.
#include "ApiCall.h"
#include "AppSession.h"
#include "ConnectionIndicator.h"
#include "ConnectionProfiles.h"
#include "EventStream.h"
#include "LiveUpdates.h"
#include "MainWindow.h"
#include "MessageBanner.h"
#include "ServerInfo.h"
#include "ServerTestHelpers.h"
#include "SpaceListModel.h"
#include "SpaceTestKit.h"
#include "SpacesdProcess.h"

#include <QAbstractButton>
#include <QAction>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>

using namespace std::chrono_literals;
using namespace Qt::StringLiterals;

namespace spaces {

namespace {

// The spacesd serving `directory` now, if it is not `known` (one the app started detached).
qint64 otherServer(const QString &directory, qint64 known)
{
    ServerInfo info;
    QString ignored;
    if (!ServerInfo::read(ServerInfo::fileIn(directory), &info, &ignored))
        return 0;
    return info.pid != known && test::isProcessAlive(info.pid) ? info.pid : 0;
}

} // namespace

class LocalReconnectTest final : public QObject
{
    Q_OBJECT

private:
    template<typename T> T *child(const QString &name) const
    {
        return m_window->findChild<T *>(name);
    }
    bool listed(const QString &name) const
    {
        const SpaceListModel *spaces = m_session->spaces();
        if (!spaces)
            return false;
        for (int row = 0; row < spaces->rowCount(); ++row) {
            if (spaces->index(row, 0).data(SpaceListModel::NameRole).toString() == name)
                return true;
        }
        return false;
    }
    bool createSpace(const QString &name) const
    {
        const test::ApiReply created =
            test::ApiCall(m_server->url(), m_server->token())
                .post(u"/api/spaces"_s, test::spaceRequest(name, u"blank"_s));
        return created.status == 201;
    }
    ConnectionIndicator::State indicator() const
    {
        return child<ConnectionIndicator>(u"connectionIndicator"_s)->state();
    }
    // The spacesd the banner's action started, ended (and waited for) by the test.
    void endDetachedServer()
    {
        const qint64 pid = otherServer(m_server->dataDirectory(), m_server->processId());
        if (pid <= 0)
            return;
        ::kill(pid_t(pid), SIGTERM);
        QTRY_VERIFY_WITH_TIMEOUT(!test::isProcessAlive(pid), 15000);
    }

    std::unique_ptr<test::SpacesdProcess> m_server;
    QByteArray m_savedDataDir;
    QByteArray m_savedPath;
    QTemporaryDir m_config;
    std::unique_ptr<ConnectionProfiles> m_profiles;
    std::unique_ptr<AppSession> m_session;
    std::unique_ptr<MainWindow> m_window;

private Q_SLOTS:
    void initTestCase()
    {
        m_server = std::make_unique<test::SpacesdProcess>();
        QString error;
        QVERIFY2(m_server->start(&error), qPrintable(error));
        QVERIFY(createSpace(u"alpha"_s));
        m_savedDataDir = qgetenv("SPACES_DATA_DIR");
        m_savedPath = qgetenv("PATH");
        qputenv("SPACES_DATA_DIR", QFile::encodeName(m_server->dataDirectory()));

        m_profiles = std::make_unique<ConnectionProfiles>(m_config.filePath(u"connections.ini"_s));
        QVERIFY(m_profiles->current().isLocal());
        m_session = std::make_unique<AppSession>();
        // Impatient reconnects, so that each step takes seconds, not half a minute.
        connect(m_session.get(), &AppSession::connected, this, [this] {
            m_session->eventStream()->setBackoffLimits(50ms, 300ms);
            m_session->liveUpdates()->setPollInterval(300ms);
            m_session->liveUpdates()->setReconnectGrace(300ms);
        });
        m_session->setRecheckInterval(300ms);
        m_window = std::make_unique<MainWindow>(*m_session, *m_profiles);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        m_window->connectToCurrentProfile();
        QTRY_VERIFY_WITH_TIMEOUT(listed(u"alpha"_s), 15000);
        QTRY_COMPARE_WITH_TIMEOUT(indicator(), ConnectionIndicator::State::Live, 10000);
        QCOMPARE(m_session->settings().baseUrl, m_server->url());
    }

    void cleanupTestCase()
    {
        m_window.reset();
        m_session.reset();
        endDetachedServer();
        m_server.reset();
        qputenv("SPACES_DATA_DIR", m_savedDataDir);
        qputenv("PATH", m_savedPath);
    }

    // Killed, and a new spacesd on another port: the window finds it by itself.
    void followsTheServerToANewPort()
    {
        const QUrl before = m_server->url();
        m_server->kill();
        QTRY_VERIFY_WITH_TIMEOUT(indicator() != ConnectionIndicator::State::Live, 10000);
        const quint16 port = test::freeTcpPort();
        QVERIFY(port != 0 && port != before.port());
        QString error;
        QVERIFY2(m_server->start(&error, {u"--listen"_s, u"127.0.0.1:%1"_s.arg(port)}),
                 qPrintable(error));
        QVERIFY(createSpace(u"beta"_s)); // only the new server can show it

        QTRY_COMPARE_WITH_TIMEOUT(m_session->settings().baseUrl, m_server->url(), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(listed(u"beta"_s), 15000);
        QVERIFY(listed(u"alpha"_s));
        QTRY_COMPARE_WITH_TIMEOUT(indicator(), ConnectionIndicator::State::Live, 10000);
        QVERIFY(child<MessageBanner>(u"messageBanner"_s)->isHidden());
    }

    // With nobody answering the banner says so and offers the remedy; F5 reads server.json
    // again, so a server that came back meanwhile is found at once, and the banner goes.
    void refreshFindsAServerThatCameBack()
    {
        auto *banner = child<MessageBanner>(u"messageBanner"_s);
        m_session->setRecheckInterval(1h); // only the loss itself and F5 look again
        m_server->kill();
        QTRY_COMPARE_WITH_TIMEOUT(indicator(), ConnectionIndicator::State::Disconnected, 15000);
        QTRY_VERIFY_WITH_TIMEOUT(m_session->isLocalServerMissing(), 15000);
        QTRY_VERIFY(!m_session->isRechecking());
        QVERIFY(banner->isVisible());
        QVERIFY2(banner->text().contains(u"not running"_s), qPrintable(banner->text()));
        QCOMPARE(child<QAbstractButton>(u"messageBannerAction"_s)->text(),
                 u"Start the local server"_s);
        // Failed polls meanwhile do not replace it.
        const QString missing = banner->text();
        QSignalSpy polled(m_session->spaces(), &SpaceListModel::refreshFailed);
        QTRY_VERIFY_WITH_TIMEOUT(polled.size() >= 2, 10000);
        QCOMPARE(banner->text(), missing);

        const quint16 port = test::freeTcpPort();
        QString error;
        QVERIFY2(m_server->start(&error, {u"--listen"_s, u"127.0.0.1:%1"_s.arg(port)}),
                 qPrintable(error));
        QVERIFY(createSpace(u"gamma"_s));
        QVERIFY(m_session->settings().baseUrl != m_server->url());
        child<QAction>(u"refreshAction"_s)->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(m_session->settings().baseUrl, m_server->url(), 15000);
        QTRY_VERIFY_WITH_TIMEOUT(listed(u"gamma"_s), 15000);
        QTRY_VERIFY2_WITH_TIMEOUT(banner->isHidden(), qPrintable(banner->text()), 5000);
        m_session->setRecheckInterval(300ms);
    }

    // "Start the local server": a spacesd started detached (as at the first launch) serves the
    // same data directory, on the port it had before, and the window lists its spaces.
    void bannerStartsTheLocalServer()
    {
        auto *banner = child<MessageBanner>(u"messageBanner"_s);
        const QUrl before = m_server->url();
        m_server->kill();
        QTRY_VERIFY_WITH_TIMEOUT(m_session->isLocalServerMissing(), 15000);
        QVERIFY(banner->isVisible());
        auto *start = child<QAbstractButton>(u"messageBannerAction"_s);
        QCOMPARE(start->text(), u"Start the local server"_s);
        // Where the app finds spacesd when it is not installed beside it.
        const QString bin = QFileInfo(m_server->spacesdPath()).absolutePath();
        qputenv("PATH", QFile::encodeName(bin) + ':' + m_savedPath);

        QTest::mouseClick(start, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(otherServer(m_server->dataDirectory(), m_server->processId()) > 0,
                                 15000);
        QTRY_VERIFY_WITH_TIMEOUT(listed(u"gamma"_s), 20000);
        QVERIFY(listed(u"alpha"_s) && listed(u"beta"_s));
        QCOMPARE(m_session->settings().baseUrl, before); // its previous port was free
        QTRY_COMPARE_WITH_TIMEOUT(indicator(), ConnectionIndicator::State::Live, 10000);
        QVERIFY(banner->isHidden());
    }
};

} // namespace spaces

QTEST_MAIN(spaces::LocalReconnectTest)
#include "tst_local_reconnect.moc"
