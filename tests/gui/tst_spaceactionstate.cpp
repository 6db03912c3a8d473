// Which toolbar actions apply to a selection, and the sentence when they do not.
#include "SpaceActionState.h"

#include <QtTest>

using namespace Qt::StringLiterals;

namespace spaces {

using Selected = SpaceActionState::Selected;

class SpaceActionStateTest final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void verdicts_data()
    {
        QTest::addColumn<bool>("connected");
        QTest::addColumn<QList<Selected>>("selection");
        QTest::addColumn<QString>("action");
        QTest::addColumn<bool>("enabled");
        QTest::addColumn<QString>("whyNot");

        const Selected stopped{SpaceStatus::Stopped, SpaceOperation::None};
        const Selected running{SpaceStatus::Running, SpaceOperation::None};
        const Selected starting{SpaceStatus::Stopped, SpaceOperation::Starting};
        const Selected pending{SpaceStatus::Pending, SpaceOperation::None};
        const Selected failed{SpaceStatus::Failed, SpaceOperation::None};

        QTest::newRow("offline") << false << QList{stopped} << u"start"_s << false
                                 << u"Connect to a server first."_s;
        QTest::newRow("nothing selected") << true << QList<Selected>{} << u"start"_s << false
                                          << u"Select one or more spaces first."_s;
        QTest::newRow("start stopped") << true << QList{stopped} << u"start"_s << true << QString();
        QTest::newRow("start running") << true << QList{running} << u"start"_s << false
                                       << u"The selected spaces are already running."_s;
        QTest::newRow("start mixed")
            << true << QList{running, stopped} << u"start"_s << true << QString();
        QTest::newRow("start in flight") << true << QList{starting} << u"start"_s << false
                                         << u"Wait until the operation in progress has finished."_s;
        QTest::newRow("start pending") << true << QList{pending} << u"start"_s << false
                                       << u"Wait until the operation in progress has finished."_s;
        QTest::newRow("stop running")
            << true << QList{running, running} << u"stop"_s << true << QString();
        QTest::newRow("stop stopped") << true << QList{stopped} << u"stop"_s << false
                                      << u"The selected spaces are not running."_s;
        QTest::newRow("restart two") << true << QList{running, running} << u"restart"_s << false
                                     << u"Select just one space for this."_s;
        QTest::newRow("restart stopped") << true << QList{stopped} << u"restart"_s << false
                                         << u"Only a running space can be restarted."_s;
        QTest::newRow("delete running") << true << QList{running} << u"delete"_s << false
                                        << u"Stop the space before deleting it."_s;
        QTest::newRow("delete stopped")
            << true << QList{stopped} << u"delete"_s << true << QString();
        // Several at once only when all of them are stopped.
        QTest::newRow("delete two stopped")
            << true << QList{stopped, failed} << u"delete"_s << true << QString();
        QTest::newRow("delete stopped and running")
            << true << QList{stopped, running} << u"delete"_s << false
            << u"Stop the selected spaces before deleting them."_s;
        QTest::newRow("delete stopped and starting")
            << true << QList{stopped, starting} << u"delete"_s << false
            << u"Wait until the operation in progress has finished."_s;
        // A space that died is stopped: started again or deleted, not stopped.
        QTest::newRow("start failed") << true << QList{failed} << u"start"_s << true << QString();
        QTest::newRow("delete failed") << true << QList{failed} << u"delete"_s << true << QString();
        QTest::newRow("stop failed") << true << QList{failed} << u"stop"_s << false
                                     << u"The selected spaces are not running."_s;
        QTest::newRow("delete none")
            << true << QList<Selected>{} << u"delete"_s << false << u"Select a space first."_s;
        QTest::newRow("create online")
            << true << QList<Selected>{} << u"create"_s << true << QString();
        QTest::newRow("refresh offline") << false << QList<Selected>{} << u"refresh"_s << false
                                         << u"Connect to a server first."_s;
    }

    void verdicts()
    {
        QFETCH(bool, connected);
        QFETCH(QList<Selected>, selection);
        QFETCH(QString, action);
        QFETCH(bool, enabled);
        QFETCH(QString, whyNot);
        const SpaceActionState state(connected, selection);
        const SpaceActionState::Verdict verdict = action == u"start"_s     ? state.start()
                                                  : action == u"stop"_s    ? state.stop()
                                                  : action == u"restart"_s ? state.restart()
                                                  : action == u"delete"_s  ? state.remove()
                                                  : action == u"create"_s  ? state.create()
                                                                           : state.refresh();
        QCOMPARE(verdict.enabled, enabled);
        QCOMPARE(verdict.whyNot, whyNot);
    }
};

} // namespace spaces

QTEST_GUILESS_MAIN(spaces::SpaceActionStateTest)
#include "tst_spaceactionstate.moc"
