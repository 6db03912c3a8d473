// ConsoleModel: the bounded ring buffer (oldest rows dropped first, with rowsRemoved), updates
// of one row, the roles and the plain text for copying.
#include "ConsoleModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>
#include <memory>

using namespace spaces;
using namespace Qt::StringLiterals;

namespace {

ConsoleEntry entryFor(const QString &command)
{
    ConsoleEntry entry;
    entry.commandLine = command;
    return entry;
}

} // namespace

class ConsoleModelTest final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ConsoleModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;

private Q_SLOTS:
    void init()
    {
        m_model = std::make_unique<ConsoleModel>();
        m_tester = std::make_unique<QAbstractItemModelTester>(
            m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    }

    void cleanup()
    {
        m_tester.reset();
        m_model.reset();
    }

    void appendBeyondCapacityDropsOldestFirst()
    {
        m_model->setCapacity(3);
        QCOMPARE(m_model->capacity(), 3);
        QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
        QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
        QList<quint64> ids;
        for (int i = 1; i <= 5; ++i)
            ids.append(m_model->append(entryFor(u"echo %1"_s.arg(i))));
        QCOMPARE(m_model->rowCount(), 3);
        QCOMPARE(inserted.size(), 5);
        QCOMPARE(removed.size(), 2);
        for (const QList<QVariant> &arguments : std::as_const(removed)) {
            QCOMPARE(arguments.at(1).toInt(), 0); // first
            QCOMPARE(arguments.at(2).toInt(), 0); // last: one row, the oldest
        }
        QCOMPARE(m_model->index(0).data(ConsoleModel::CommandRole).toString(), u"echo 3"_s);
        QCOMPARE(m_model->index(2).data(ConsoleModel::CommandRole).toString(), u"echo 5"_s);
        QCOMPARE(m_model->entry(ids.at(0)), nullptr);
        QCOMPARE(m_model->entry(ids.at(1)), nullptr);
        QVERIFY(m_model->entry(ids.at(4)) != nullptr);
        QCOMPARE(m_model->index(2).data(ConsoleModel::EntryIdRole).value<quint64>(), ids.at(4));
        // Ids stay unique and growing.
        QVERIFY(ids.at(0) < ids.at(1) && ids.at(3) < ids.at(4));
    }

    void shrinkingTheCapacityTrims()
    {
        for (int i = 0; i < 5; ++i)
            m_model->append(entryFor(u"true"_s));
        QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
        m_model->setCapacity(2);
        QCOMPARE(m_model->rowCount(), 2);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(removed.first().at(2).toInt(), 2);
        m_model->setCapacity(0); // at least one row
        QCOMPARE(m_model->capacity(), 1);
        QCOMPARE(m_model->rowCount(), 1);
    }

    void updateChangesOneRow()
    {
        m_model->append(entryFor(u"first"_s));
        const quint64 id = m_model->append(entryFor(u"ls -la"_s));
        m_model->append(entryFor(u"third"_s));
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        ConsoleEntry entry = *m_model->entry(id);
        entry.state = ConsoleEntry::State::Succeeded;
        entry.output = u"total 0"_s;
        entry.exitCode = 0;
        entry.durationMs = 12;
        m_model->update(entry);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().at(0).toModelIndex().row(), 1);
        QCOMPARE(changed.first().at(1).toModelIndex().row(), 1);
        const QModelIndex row = m_model->index(1);
        QCOMPARE(row.data(ConsoleModel::StateRole).toInt(), int(ConsoleEntry::State::Succeeded));
        QCOMPARE(row.data(ConsoleModel::OutputRole).toString(), u"total 0"_s);
        QCOMPARE(row.data(ConsoleModel::ExitCodeRole).toInt(), 0);
        QCOMPARE(row.data(ConsoleModel::DurationRole).toLongLong(), 12);
        QVERIFY(!m_model->index(0).data(ConsoleModel::ExitCodeRole).isValid());

        // An entry no longer in the buffer: nothing happens.
        entry.id = 999;
        m_model->update(entry);
        QCOMPARE(changed.size(), 1);
    }

    void plainTextForCopying()
    {
        ConsoleEntry done = entryFor(u"ls -la"_s);
        done.state = ConsoleEntry::State::Succeeded;
        done.output = u"a\nb\n"_s;
        done.exitCode = 0;
        done.durationMs = 12;
        m_model->append(done);
        ConsoleEntry slow = entryFor(u"sleep 5"_s);
        slow.state = ConsoleEntry::State::TimedOut;
        slow.error = u"Command timed out"_s;
        slow.durationMs = 1003;
        m_model->append(slow);
        m_model->append(entryFor(u"pwd"_s));
        QCOMPARE(m_model->toPlainText(), u"$ ls -la\na\nb\n[exit 0, 12 ms]\n"
                                         u"$ sleep 5\n[timed out after 1003 ms]\n"
                                         u"$ pwd\n[queued]\n"_s);
        QCOMPARE(m_model->index(0).data().toString(), u"$ ls -la\na\nb\n[exit 0, 12 ms]\n"_s);
    }

    void clearRemovesAll()
    {
        m_model->append(entryFor(u"a"_s));
        m_model->append(entryFor(u"b"_s));
        QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
        m_model->clear();
        QCOMPARE(m_model->rowCount(), 0);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(m_model->toPlainText(), QString());
    }
};

QTEST_GUILESS_MAIN(ConsoleModelTest)
#include "tst_consolemodel.moc"
