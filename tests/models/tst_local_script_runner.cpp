// LocalScriptRunner against a real spacesd: a real python3 runs a file of this computer with
// the connection's SPACES_URL and SPACES_TOKEN (`import spaces` lists the server's spaces),
// its output arrives while it runs, a failure keeps its exit code and the server's sentence,
// and stop() ends the script's whole process group.
#include "LocalScriptRunner.h"
#include "SpaceTestKit.h"
#include "TestFiles.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace spaces;
using namespace spaces::test;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(spaces::LocalScriptRunner::Ending)

class LocalScriptRunnerTest final : public QObject
{
    Q_OBJECT

private:
    QString writeScript(const QString &name, const QString &content)
    {
        return writeTestFile(m_files, name, content.toUtf8());
    }
    std::unique_ptr<LocalScriptRunner> runner() const
    {
        ConnectionSettings settings;
        settings.baseUrl = m_server->process.url();
        settings.token = m_server->process.token();
        return std::make_unique<LocalScriptRunner>(settings);
    }
    // Collects what the runner reports.
    struct Watch
    {
        explicit Watch(LocalScriptRunner &runner)
            : finished(&runner, &LocalScriptRunner::finished)
        {
            QObject::connect(&runner, &LocalScriptRunner::output,
                             [this](const QString &text) { output += text; });
        }
        LocalScriptRunner::Ending ending() const
        {
            return finished.constLast().at(0).value<LocalScriptRunner::Ending>();
        }
        QSignalSpy finished;
        QString output;
    };

    std::unique_ptr<TestServer> m_server;
    QTemporaryDir m_files;

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<LocalScriptRunner::Ending>();
        QVERIFY(m_files.isValid());
        // The module from this source tree, as `cmake --install` would make it importable.
        qputenv("PYTHONPATH", qgetenv("SPACES_SOURCE_DIR") + "/python");
        qputenv("PYTHONDONTWRITEBYTECODE", "1");
        // Not the connection's: the runner must set its own.
        qputenv("SPACES_URL", "http://127.0.0.1:9");
        qputenv("SPACES_TOKEN", "not-this-one");
        m_server = std::make_unique<TestServer>();
        QString problem;
        QVERIFY2(m_server->start(&problem), qPrintable(problem));
        QVERIFY(!m_server->createSpace(u"local-one"_s, u"blank"_s).isEmpty());
    }

    void cleanupTestCase() { m_server.reset(); }

    void listsTheSpacesOfTheConnection()
    {
        const QString file = writeScript(u"list.py"_s, u"import spaces\n"
                                                       "for s in spaces.list():\n"
                                                       "    print(f\"space: {s['name']}\")\n"_s);
        auto local = runner();
        Watch watch(*local);
        QSignalSpy running(local.get(), &LocalScriptRunner::runningChanged);
        QString error;
        QVERIFY2(local->start(file, {}, &error), qPrintable(error));
        QVERIFY(local->isRunning());
        QVERIFY(watch.finished.wait(30000));
        QVERIFY2(watch.output.contains(u"space: local-one\n"_s), qPrintable(watch.output));
        QVERIFY(watch.ending().succeeded());
        QVERIFY(!local->isRunning());
        QCOMPARE(running.size(), 2);
        QCOMPARE(running.at(0).at(0).toBool(), true);
        QCOMPARE(running.at(1).at(0).toBool(), false);
    }

    void outputArrivesWhileItRuns()
    {
        const QString gate = m_files.filePath(u"go-on"_s);
        const QString file = writeScript(u"stream.py"_s, u"import os, sys, time\n"
                                                         "print('first')\n"
                                                         "while not os.path.exists(sys.argv[1]):\n"
                                                         "    time.sleep(0.05)\n"
                                                         "print('second ünïcode')\n"_s);
        auto local = runner();
        Watch watch(*local);
        QVERIFY(local->start(file, {gate}));
        QTRY_VERIFY_WITH_TIMEOUT(watch.output.contains(u"first"_s), 30000);
        QVERIFY(local->isRunning());
        QVERIFY(!watch.output.contains(u"second"_s));
        QString refused;
        QVERIFY(!local->start(file, {gate}, &refused));
        QVERIFY(refused.contains(u"already running"_s));
        QFile(gate).open(QIODevice::WriteOnly);
        QVERIFY(watch.finished.wait(30000));
        QCOMPARE(watch.output, u"first\nsecond ünïcode\n"_s);
    }

    void failureKeepsExitCodeAndSentence()
    {
        const QString file = writeScript(u"fail.py"_s, u"import sys, spaces\n"
                                                       "try:\n"
                                                       "    spaces.start('no-such-space')\n"
                                                       "except spaces.SpacesError as e:\n"
                                                       "    print(f'error: {e}', file=sys.stderr)\n"
                                                       "    sys.exit(3)\n"_s);
        auto local = runner();
        Watch watch(*local);
        QVERIFY(local->start(file));
        QVERIFY(watch.finished.wait(30000));
        QCOMPARE(watch.ending().exitCode, 3);
        QVERIFY(!watch.ending().succeeded());
        QVERIFY2(watch.output.contains(u"error: space not found"_s), qPrintable(watch.output));
    }

    void stopEndsTheWholeGroup()
    {
        const QString file =
            writeScript(u"linger.py"_s,
                        u"import signal, subprocess, time\n"
                        "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
                        "child = subprocess.Popen(['sleep', '1000'],\n"
                        "    preexec_fn=lambda: signal.signal(signal.SIGTERM, signal.SIG_IGN))\n"
                        "print(f'child {child.pid}')\n"
                        "print('ready')\n"
                        "time.sleep(1000)\n"_s);
        auto local = runner();
        local->setStopGrace(std::chrono::milliseconds(500));
        Watch watch(*local);
        QVERIFY(local->start(file));
        QTRY_VERIFY_WITH_TIMEOUT(watch.output.contains(u"ready"_s), 30000);
        const qint64 child = watch.output.section(u"child "_s, 1).section(u'\n', 0, 0).toLongLong();
        QVERIFY(child > 0);
        KillGuard guard;
        guard.addPids({child});
        QVERIFY(isProcessAlive(child));
        // Both ignore TERM: the grace period ends and KILL takes the whole group.
        local->stop();
        QVERIFY(watch.finished.wait(30000));
        QVERIFY(watch.ending().stopped);
        QVERIFY(!watch.ending().succeeded());
        QTRY_VERIFY_WITH_TIMEOUT(!isProcessAlive(child), 10000);
    }

    void missingInterpreterIsASentence()
    {
        auto local = runner();
        local->setInterpreter(u"/nonexistent/python3"_s);
        QSignalSpy failed(local.get(), &LocalScriptRunner::failedToStart);
        QSignalSpy finished(local.get(), &LocalScriptRunner::finished);
        local->start(writeScript(u"never.py"_s, u"print('no')\n"_s));
        QTRY_COMPARE(failed.size(), 1);
        QVERIFY(
            failed.at(0).at(0).toString().contains(u"/nonexistent/python3 could not be started"_s));
        QVERIFY(!local->isRunning());
        QCOMPARE(finished.size(), 0);
        QString error;
        QVERIFY(!local->start(QString(), {}, &error));
        QVERIFY(!error.isEmpty());
    }
};

QTEST_GUILESS_MAIN(LocalScriptRunnerTest)
#include "tst_local_script_runner.moc"
