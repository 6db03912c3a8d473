// TerminalFlowGate: a reader thread held while the screen is behind, released by what the
// screen parses or by a shut-down, and sending typed input while it is held.
#include "TerminalFlowGate.h"

#include <QtTest>
#include <atomic>
#include <mutex>
#include <thread>

using namespace spaces;

class TestTerminalFlowGate final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void belowTheMarkTheReaderGoesOn()
    {
        TerminalFlowGate gate(100);
        gate.handedOver(60, [](const QByteArray &) {});
        gate.handedOver(40, [](const QByteArray &) {});
        QCOMPARE(gate.unconsumed(), 100);
        gate.consumed(30);
        QCOMPARE(gate.unconsumed(), 70);
        gate.consumed(500); // the screen's own text: never below zero
        QCOMPARE(gate.unconsumed(), 0);
    }

    void unlimitedNeverHolds()
    {
        TerminalFlowGate gate;
        gate.handedOver(1 << 30, [](const QByteArray &) {});
        QCOMPARE(gate.unconsumed(), qint64(1) << 30);
    }

    void aboveTheMarkTheReaderWaitsForTheScreen()
    {
        TerminalFlowGate gate(100);
        std::atomic<bool> returned = false;
        std::thread reader([&] {
            gate.handedOver(150, [](const QByteArray &) {});
            returned = true;
        });
        // Held until the screen is back at the mark.
        QTRY_COMPARE(gate.unconsumed(), 150);
        gate.consumed(20);
        QVERIFY(!returned);
        gate.consumed(30);
        reader.join();
        QVERIFY(returned);
        QCOMPARE(gate.unconsumed(), 100);
    }

    void inputTypedWhileHeldIsSentAtOnce()
    {
        TerminalFlowGate gate(10);
        std::mutex mutex;
        QList<QByteArray> sent;
        std::thread reader([&] {
            gate.handedOver(11, [&](const QByteArray &frame) {
                const std::lock_guard lock(mutex);
                sent.append(frame);
            });
        });
        QTRY_COMPARE(gate.unconsumed(), 11);
        gate.queueInput("\x03");
        gate.queueInput("q");
        const auto sentSoFar = [&] {
            const std::lock_guard lock(mutex);
            return sent;
        };
        QTRY_COMPARE(sentSoFar(), (QList<QByteArray>{"\x03", "q"}));
        gate.consumed(11);
        reader.join();
        // Sent once: nothing is left for the next turn of the reader's loop.
        QVERIFY(gate.takeInput().isEmpty());
    }

    void shutDownReleasesForGood()
    {
        TerminalFlowGate gate(10);
        std::thread reader([&] { gate.handedOver(50, [](const QByteArray &) {}); });
        QTRY_COMPARE(gate.unconsumed(), 50);
        gate.shutDown();
        reader.join();
        gate.handedOver(50, [](const QByteArray &) {}); // would hold without the shut-down
        QCOMPARE(gate.unconsumed(), 100);
    }
};

QTEST_GUILESS_MAIN(TestTerminalFlowGate)
#include "tst_terminalflowgate.moc"
