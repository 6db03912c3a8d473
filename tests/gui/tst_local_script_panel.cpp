// The console's "Run a Python file from this computer…" offscreen, with a real python3 and a
// real spacesd: the chosen file's output appears as it runs, the Stop button ends it, and
// the status says how it ended.
#include "LocalScriptPanel.h"
#include "LocalScriptRunner.h"
#include "SpaceTestKit.h"
#include "TestFiles.h"

#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

using namespace spaces;
using namespace spaces::test;
using namespace Qt::StringLiterals;

class LocalScriptPanelTest final : public QObject
{
    Q_OBJECT

private:
    QString writeScript(const QString &name, const QString &content)
    {
        return writeTestFile(m_files, name, content.toUtf8());
    }

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<LocalScriptRunner> m_runner;
    std::unique_ptr<LocalScriptPanel> m_panel;
    QTemporaryDir m_files;
    QString m_chosen;

    QPushButton *runButton() const
    {
        return m_panel->findChild<QPushButton *>(u"localScriptButton"_s);
    }
    QPushButton *stopButton() const
    {
        return m_panel->findChild<QPushButton *>(u"localScriptStopButton"_s);
    }
    QString status() const
    {
        return m_panel->findChild<QLabel *>(u"localScriptStatusLabel"_s)->text();
    }
    QString output() const
    {
        return m_panel->findChild<QPlainTextEdit *>(u"localScriptOutput"_s)->toPlainText();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_files.isValid());
        qputenv("PYTHONPATH", qgetenv("SPACES_SOURCE_DIR") + "/python");
        qputenv("PYTHONDONTWRITEBYTECODE", "1");
        m_server = std::make_unique<TestServer>();
        QString problem;
        QVERIFY2(m_server->start(&problem), qPrintable(problem));
        QVERIFY(!m_server->createSpace(u"panel-one"_s, u"blank"_s).isEmpty());
        ConnectionSettings settings;
        settings.baseUrl = m_server->process.url();
        settings.token = m_server->process.token();
        m_runner = std::make_unique<LocalScriptRunner>(settings);
        m_runner->setStopGrace(std::chrono::milliseconds(500));
        m_panel = std::make_unique<LocalScriptPanel>(*m_runner);
        m_panel->setFileChooser([this](QWidget *) { return m_chosen; });
        m_panel->show();
        QVERIFY(runButton() && stopButton());
    }

    void cleanupTestCase()
    {
        m_panel.reset();
        m_runner.reset();
        m_server.reset();
    }

    void runsTheChosenFile()
    {
        m_chosen = writeScript(u"list.py"_s, u"import spaces\n"
                                             "for s in spaces.list():\n"
                                             "    print(f\"space: {s['name']}\")\n"_s);
        QVERIFY(!stopButton()->isEnabled());
        QTest::mouseClick(runButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(status(), u"✓ exit 0"_s, 30000);
        QCOMPARE(output(), u"space: panel-one\n"_s);
        QVERIFY(runButton()->isEnabled());
        QVERIFY(!stopButton()->isEnabled());
    }

    void cancelledChooserRunsNothing()
    {
        m_chosen.clear();
        QTest::mouseClick(runButton(), Qt::LeftButton);
        QVERIFY(!m_runner->isRunning());
        QCOMPARE(status(), u"✓ exit 0"_s);
    }

    void stopButtonEndsIt()
    {
        m_chosen =
            writeScript(u"wait.py"_s, u"import time\nprint('waiting')\ntime.sleep(1000)\n"_s);
        QTest::mouseClick(runButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(output().contains(u"waiting"_s), 30000);
        QVERIFY(status().startsWith(u"running wait.py"_s));
        QVERIFY(stopButton()->isEnabled());
        QVERIFY(!runButton()->isEnabled());
        QTest::mouseClick(stopButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(status(), u"■ stopped"_s, 10000);
        QVERIFY(!m_runner->isRunning());
        QVERIFY(runButton()->isEnabled());
    }

    void failureShowsTheExitCode()
    {
        m_chosen = writeScript(u"fail.py"_s, u"import spaces\nspaces.start('no-such-space')\n"_s);
        QTest::mouseClick(runButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(status(), u"✗ exit 1"_s, 30000);
        QVERIFY2(output().contains(u"space not found"_s), qPrintable(output()));
    }
};

QTEST_MAIN(LocalScriptPanelTest)
#include "tst_local_script_panel.moc"
