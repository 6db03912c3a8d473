// Against the Knot simulator (Knot's frames and its has_state): the list shows a started space
// as Starting while it is deployed without its agent, then Running; the Logs tab shows the
// history Knot sends (timestamp, level, line), then live lines as they come.
#include "EventStream.h"
#include "KnotSimulator.h"
#include "LiveUpdates.h"
#include "LogsPanel.h"
#include "SpaceListModel.h"
#include "SpaceStatus.h"
#include "SpacesClient.h"

#include <QtTest>
#include <chrono>
#include <memory>

using namespace spaces;
using namespace spaces::test;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using Connection = LiveUpdates::Connection;

class KnotLogsReadinessTest final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<KnotSimulator> m_knot;
    ConnectionSettings m_settings;

    SpaceStatus statusOf(const SpaceListModel &model, const QString &id) const
    {
        const int row = model.rowOf(id);
        return row < 0 ? SpaceStatus::Pending
                       : model.index(row, 0).data(SpaceListModel::StatusRole).value<SpaceStatus>();
    }

private Q_SLOTS:
    void init()
    {
        m_knot = std::make_unique<KnotSimulator>();
        QVERIFY(m_knot->listen());
        m_settings.baseUrl = m_knot->url();
        m_settings.token = KnotSimulator::Token;
        m_settings.requestTimeout = 10s;
    }
    void cleanup() { m_knot.reset(); }

    void listShowsStartingUntilHasStateThenRunning()
    {
        m_knot->setAgentDelay(1500);
        const QString id = m_knot->addSpace(u"dev"_s, false);
        SpacesClient client(m_settings);
        EventStream stream(m_settings, client.network());
        SpaceListModel spaces(client);
        LiveUpdates live(spaces, stream);
        live.start();
        QTRY_VERIFY(spaces.hasLoaded());
        QTRY_COMPARE(live.connection(), Connection::Live);
        QCOMPARE(statusOf(spaces, id), SpaceStatus::Stopped);

        spaces.start(id);
        // Deployed without its agent: is_deployed true, has_state false.
        QTRY_VERIFY_WITH_TIMEOUT(m_knot->space(id).value(u"is_deployed"_s).toBool(), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(spaces.space(id) && spaces.space(id)->isDeployed, 5000);
        QCOMPARE(m_knot->space(id).value(u"has_state"_s).toBool(), false);
        QCOMPARE(statusOf(spaces, id), SpaceStatus::Starting);
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(spaces, id), SpaceStatus::Running, 10000);
        QCOMPARE(m_knot->space(id).value(u"has_state"_s).toBool(), true);
    }

    void logsTabShowsKnotsHistoryThenLiveLines()
    {
        const QString id = m_knot->addSpace(u"web"_s, true);
        m_knot->logs().append(id, u"first line"_s);
        m_knot->logs().append(id, u"second line"_s);
        LogsPanel panel(m_settings);
        panel.resize(900, 400);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.setSpace(id, u"web"_s);
        QTRY_VERIFY_WITH_TIMEOUT(panel.text().contains(u"INFO second line"_s), 10000);
        QVERIFY(panel.text().contains(u"INFO first line"_s));
        QVERIFY(panel.text().indexOf(u"first line"_s) < panel.text().indexOf(u"second line"_s));
        // The grey timestamp is rendered, not shown as escapes.
        QVERIFY(!panel.text().contains(u"\x1b"_s));
        QVERIFY(panel.text().contains(QDateTime::currentDateTimeUtc().toString(u"yyyy-MM-dd"_s)));
        QTRY_COMPARE_WITH_TIMEOUT(m_knot->logs().readers(), 1, 10000);

        m_knot->logs().append(id, u"live line"_s);
        QTRY_VERIFY_WITH_TIMEOUT(panel.text().contains(u"INFO live line"_s), 10000);
        QCOMPARE(panel.text().count(u"second line"_s), 1);
    }
};

QTEST_MAIN(KnotLogsReadinessTest)
#include "tst_knot_logs_readiness.moc"
