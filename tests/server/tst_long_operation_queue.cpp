// LongOperationQueue on its own: caps per user and in total, and turns across users.
#include "LongOperationQueue.h"

#include <QTest>

using namespace spaces;
using namespace Qt::StringLiterals;

class LongOperationQueueTest final : public QObject
{
    Q_OBJECT

private:
    // Queues an operation that records its start and keeps its Finished for later.
    void add(LongOperationQueue &queue, const QString &user, const QString &name)
    {
        queue.run(user, [this, name](LongOperationQueue::Finished finished) {
            m_started.append(name);
            m_finish.insert(name, std::move(finished));
        });
    }

    QStringList m_started;
    QHash<QString, LongOperationQueue::Finished> m_finish;

private Q_SLOTS:
    void init()
    {
        m_started.clear();
        m_finish.clear();
    }

    void usersTakeTurns()
    {
        LongOperationQueue queue({1, 1});
        for (int i = 1; i <= 3; ++i)
            add(queue, u"anna"_s, u"a%1"_s.arg(i));
        add(queue, u"ben"_s, u"b1"_s);
        add(queue, u"carl"_s, u"c1"_s);
        QCOMPARE(m_started, QStringList{u"a1"_s});
        // Each free slot goes to the next user in line, not to anna's next command.
        m_finish.value(u"a1"_s)();
        QCOMPARE(m_started.last(), u"b1"_s);
        m_finish.value(u"b1"_s)();
        QCOMPARE(m_started.last(), u"c1"_s);
        m_finish.value(u"c1"_s)();
        QCOMPARE(m_started.last(), u"a2"_s);
        QCOMPARE(queue.waiting(), 1);
    }

    void perUserCapLeavesRoomForOthers()
    {
        LongOperationQueue queue({2, 8});
        for (int i = 1; i <= 5; ++i)
            add(queue, u"anna"_s, u"a%1"_s.arg(i));
        add(queue, u"ben"_s, u"b1"_s);
        QCOMPARE(m_started, (QStringList{u"a1"_s, u"a2"_s, u"b1"_s}));
        QCOMPARE(queue.running(), 3);
        QCOMPARE(queue.waiting(), 3);
    }

    void finishingTwiceCountsOnce()
    {
        LongOperationQueue queue({1, 1});
        add(queue, u"anna"_s, u"a1"_s);
        add(queue, u"anna"_s, u"a2"_s);
        add(queue, u"anna"_s, u"a3"_s);
        m_finish.value(u"a1"_s)();
        m_finish.value(u"a1"_s)();
        QCOMPARE(m_started, (QStringList{u"a1"_s, u"a2"_s}));
        QCOMPARE(queue.running(), 1);
    }

    void immediateFinishRunsTheNext()
    {
        LongOperationQueue queue({1, 1});
        QStringList order;
        for (int i = 1; i <= 3; ++i) {
            queue.run(u"anna"_s, [&order, i](LongOperationQueue::Finished finished) {
                order.append(QString::number(i));
                finished(); // a refusal answers at once
            });
        }
        QCOMPARE(order, (QStringList{u"1"_s, u"2"_s, u"3"_s}));
        QCOMPARE(queue.running(), 0);
    }
};

QTEST_GUILESS_MAIN(LongOperationQueueTest)
#include "tst_long_operation_queue.moc"
