// CommandConsole against a real spacesd: a line runs in the space's shell, queued lines run
// strictly in order, failures, timeouts and abandoning are told apart, and the history of
// each space persists in QSettings (in QStandardPaths' test location).
#include "CommandConsole.h"
#include "ConsoleModel.h"
#include "SpaceTestKit.h"
#include "SpacesClient.h"

#include <QAbstractItemModelTester>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <memory>

using namespace spaces;
using namespace spaces::test;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using State = ConsoleEntry::State;

class CommandConsoleTest final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<SpacesClient> m_client;
    std::unique_ptr<ConsoleModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    std::unique_ptr<CommandConsole> m_console;
    QString m_spaceId;
    QString m_idleId; // a space that is never started
    QString m_settingsFile;

    State stateOf(quint64 id) const
    {
        const ConsoleEntry *entry = m_model->entry(id);
        return entry ? entry->state : State::Queued;
    }

    bool finished(quint64 id) const
    {
        const State state = stateOf(id);
        return state != State::Queued && state != State::Running;
    }

    quint64 submit(const QString &line, int timeout = 10)
    {
        QString error;
        const quint64 id = m_console->submit(line, timeout, {}, &error);
        if (id == 0)
            qWarning("submit failed: %s", qPrintable(error));
        return id;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(u"spaces-tests"_s);
        QCoreApplication::setApplicationName(u"tst_commandconsole"_s);
        m_settingsFile = QSettings().fileName();
        QVERIFY2(m_settingsFile.contains(u"/.qttest/"_s), qPrintable(m_settingsFile));
        QFile::remove(m_settingsFile);

        m_server = std::make_unique<TestServer>();
        QString error;
        QVERIFY2(m_server->start(&error), qPrintable(error));
        m_spaceId = m_server->createSpace(u"shell"_s, u"blank"_s);
        QVERIFY(!m_spaceId.isEmpty());
        m_idleId = m_server->createSpace(u"idle"_s, u"blank"_s);
        QVERIFY(!m_idleId.isEmpty());
        QCOMPARE(m_server->startSpace(m_spaceId), 200);
        QTRY_VERIFY_WITH_TIMEOUT(m_server->isDeployed(m_spaceId), 20000);

        m_client = std::make_unique<SpacesClient>(
            ConnectionSettings{m_server->process.url(), m_server->process.token(), 30s});
        m_model = std::make_unique<ConsoleModel>();
        m_tester = std::make_unique<QAbstractItemModelTester>(
            m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        m_console = std::make_unique<CommandConsole>(*m_client, *m_model);
        m_console->setSpace(m_spaceId, u"shell"_s);
    }

    void cleanupTestCase()
    {
        m_console.reset();
        m_tester.reset();
        m_model.reset();
        m_client.reset();
        if (m_server) {
            m_server->stopSpace(m_spaceId);
            QCOMPARE(m_server->process.terminate(), 0);
        }
        m_server.reset();
        QFile::remove(m_settingsFile);
        QDir().rmdir(QFileInfo(m_settingsFile).absolutePath()); // only when empty
    }

    void refusesEmptyLinesAndNoSpace()
    {
        QString error;
        QCOMPARE(m_console->submit(u"   "_s, 10, {}, &error), quint64(0));
        QCOMPARE(error, u"Type a command to run."_s);
        CommandConsole nowhere(*m_client, *m_model);
        QCOMPARE(nowhere.submit(u"ls"_s, 10, {}, &error), quint64(0));
        QCOMPARE(error, u"Choose a space to run the command in."_s);
        QCOMPARE(m_model->rowCount(), 0);
    }

    void echoHello()
    {
        QSignalSpy running(m_console.get(), &CommandConsole::runningChanged);
        const quint64 id = submit(u"echo hello"_s);
        QVERIFY(id != 0);
        QVERIFY(m_console->isRunning());
        QCOMPARE(stateOf(id), State::Running);
        QTRY_VERIFY_WITH_TIMEOUT(finished(id), 15000);
        const ConsoleEntry entry = *m_model->entry(id);
        QCOMPARE(entry.state, State::Succeeded);
        QCOMPARE(entry.output, u"hello\n"_s);
        QCOMPARE(entry.exitCode, std::optional<int>(0));
        QCOMPARE(entry.spaceId, m_spaceId);
        QCOMPARE(entry.spaceName, u"shell"_s);
        QVERIFY(entry.startedAt.isValid());
        QVERIFY(entry.durationMs >= 0);
        QVERIFY(!m_console->isRunning());
        QCOMPARE(running.size(), 2);
        QCOMPARE(running.at(0).at(0).toBool(), true);
        QCOMPARE(running.at(1).at(0).toBool(), false);
    }

    void shellSyntaxAndWorkdir()
    {
        QVERIFY(QDir().mkpath(m_server->home(m_spaceId) + u"/sub"_s));
        QString error;
        const quint64 id =
            m_console->submit(u"echo \"$SPACE_NAME\" | tr a-z A-Z; pwd"_s, 10, u"sub"_s, &error);
        QVERIFY2(id != 0, qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(finished(id), 15000);
        const ConsoleEntry entry = *m_model->entry(id);
        QCOMPARE(entry.state, State::Succeeded);
        QVERIFY2(entry.output.startsWith(u"SHELL\n"_s), qPrintable(entry.output));
        QVERIFY2(entry.output.trimmed().endsWith(u"/sub"_s), qPrintable(entry.output));
    }

    void queueRunsInOrder()
    {
        // Every transition, in the order the model saw them.
        QList<QPair<quint64, State>> transitions;
        const QMetaObject::Connection watch =
            connect(m_model.get(), &QAbstractItemModel::dataChanged, this,
                    [this, &transitions](const QModelIndex &from) {
                        const quint64 id = from.data(ConsoleModel::EntryIdRole).value<quint64>();
                        const QPair<quint64, State> seen{
                            id, State(from.data(ConsoleModel::StateRole).toInt())};
                        // Output arriving changes the entry too: only changes of state count.
                        if (transitions.isEmpty() || transitions.constLast() != seen)
                            transitions.append(seen);
                    });
        // The first sleeps so that the others surely wait behind it.
        const quint64 first = submit(u"sleep 0.3; echo one"_s);
        const quint64 second = submit(u"echo two"_s);
        const quint64 third = submit(u"echo three"_s);
        QVERIFY(first && second && third);
        QCOMPARE(m_console->queued(), 2);
        QCOMPARE(stateOf(second), State::Queued);
        QTRY_VERIFY_WITH_TIMEOUT(finished(third), 20000);
        disconnect(watch);
        QCOMPARE(m_console->queued(), 0);
        const QList<QPair<quint64, State>> expected{
            {first, State::Running},    {first, State::Succeeded}, {second, State::Running},
            {second, State::Succeeded}, {third, State::Running},   {third, State::Succeeded}};
        QCOMPARE(transitions, expected);
        QCOMPARE(m_model->entry(first)->output, u"one\n"_s);
        QCOMPARE(m_model->entry(second)->output, u"two\n"_s);
        QCOMPARE(m_model->entry(third)->output, u"three\n"_s);
    }

    void failingCommandGetsExitCode()
    {
        const quint64 id = submit(u"echo oops; exit 3"_s);
        QTRY_VERIFY_WITH_TIMEOUT(finished(id), 15000);
        const ConsoleEntry entry = *m_model->entry(id);
        QCOMPARE(entry.state, State::Failed);
        QCOMPARE(entry.exitCode, std::optional<int>(3));
        QCOMPARE(entry.output, u"oops\n"_s);
        QVERIFY(ConsoleModel::entryText(entry).contains(u"[exit 3, "_s));
    }

    void timeoutIsTimedOut()
    {
        const quint64 id = submit(u"sleep 5"_s, 1);
        QCOMPARE(m_model->entry(id)->timeoutSeconds, 1);
        QTRY_VERIFY_WITH_TIMEOUT(finished(id), 15000);
        const ConsoleEntry entry = *m_model->entry(id);
        QCOMPARE(entry.state, State::TimedOut);
        QCOMPARE(entry.error, u"Command timed out"_s);
        QVERIFY(entry.durationMs >= 900);
    }

    void abandonStartsTheNext()
    {
        QSignalSpy running(m_console.get(), &CommandConsole::runningChanged);
        const quint64 slow = submit(u"sleep 1; echo late"_s);
        const quint64 next = submit(u"sleep 2; echo next"_s);
        QCOMPARE(stateOf(slow), State::Running);
        m_console->abandonRunning();
        QCOMPARE(stateOf(slow), State::Abandoned);
        QCOMPARE(stateOf(next), State::Running);
        QVERIFY(m_console->isRunning());
        // The abandoned one would have answered after a second: by the time the next one is
        // done (two seconds), its answer would have arrived. It must change nothing.
        QTRY_VERIFY_WITH_TIMEOUT(finished(next), 20000);
        QCOMPARE(m_model->entry(next)->state, State::Succeeded);
        QCOMPARE(m_model->entry(next)->output, u"next\n"_s);
        QCOMPARE(m_model->entry(slow)->state, State::Abandoned);
        QCOMPARE(m_model->entry(slow)->output, QString());
        QCOMPARE(running.size(), 2); // true once, false at the end: no flicker in between
        m_console->abandonRunning(); // nothing runs: nothing happens
        QCOMPARE(m_model->entry(next)->state, State::Succeeded);
    }

    void otherSpacesQueueKeepsRunning()
    {
        const quint64 id = submit(u"sleep 0.5; echo still"_s);
        m_console->setSpace(m_idleId, u"idle"_s);
        QVERIFY(!m_console->isRunning());
        QCOMPARE(m_console->spaceId(), m_idleId);
        QTRY_VERIFY_WITH_TIMEOUT(finished(id), 15000);
        QCOMPARE(m_model->entry(id)->state, State::Succeeded);
        QCOMPARE(m_model->entry(id)->output, u"still\n"_s);
        // A stopped space: the server's sentence.
        const quint64 refused = submit(u"true"_s);
        QTRY_VERIFY_WITH_TIMEOUT(finished(refused), 15000);
        QCOMPARE(m_model->entry(refused)->state, State::Failed);
        QCOMPARE(m_model->entry(refused)->error, u"Space is not running"_s);
        m_console->setSpace(m_spaceId, u"shell"_s);
    }

    void historyPersists()
    {
        const QString key = u"console/history/"_s + m_spaceId;
        QStringList expected = m_console->history();
        QVERIFY(expected.contains(u"echo hello"_s));
        QCOMPARE(QSettings().value(key).toStringList(), expected);

        const quint64 a = submit(u"echo again"_s);
        const quint64 b = submit(u"echo again"_s); // consecutive duplicate: remembered once
        QTRY_VERIFY_WITH_TIMEOUT(finished(a) && finished(b), 15000);
        expected.append(u"echo again"_s);
        QCOMPARE(m_console->history(), expected);

        CommandConsole reopened(*m_client, *m_model);
        reopened.setSpace(m_spaceId, u"shell"_s);
        QCOMPARE(reopened.history(), expected);
        reopened.setSpace(m_idleId, u"idle"_s);
        QCOMPARE(reopened.history(), QStringList{u"true"_s});
    }

    void historyIsCapped()
    {
        m_console->setSpace(m_idleId, u"idle"_s);
        m_model->setCapacity(10); // the scrollback is bounded too
        const int total = CommandConsole::HistoryLimit + 5;
        quint64 last = 0;
        for (int i = 0; i < total; ++i)
            last = submit(u"echo %1"_s.arg(i));
        QCOMPARE(m_model->rowCount(), 10);
        const QStringList history = m_console->history();
        QCOMPARE(history.size(), CommandConsole::HistoryLimit);
        QCOMPARE(history.last(), u"echo %1"_s.arg(total - 1));
        QCOMPARE(history.first(), u"echo %1"_s.arg(total - CommandConsole::HistoryLimit));
        QCOMPARE(QSettings().value(u"console/history/"_s + m_idleId).toStringList(), history);
        // Commands whose rows left the scrollback still run, in order, to the end.
        QTRY_VERIFY_WITH_TIMEOUT(finished(last), 60000);
        QTRY_VERIFY_WITH_TIMEOUT(!m_console->isRunning(), 10000);
        QCOMPARE(m_console->queued(), 0);
        m_model->setCapacity(ConsoleModel::DefaultCapacity);
        m_console->setSpace(m_spaceId, u"shell"_s);
    }
};

QTEST_GUILESS_MAIN(CommandConsoleTest)
#include "tst_commandconsole.moc"
