// The seed's functions against a Knot server (the KnotSimulator): the Complete Example of
// seed/spaces-library.md end to end through SpacesLibrary in process and through spacectl
// against the knot-simulator program, with the custom fields still there after
// set_description; run waits for a space whose agent has not connected; inactive templates
// are neither listed nor usable; global scripts run by name; port_stop keeps Knot's sentence.
#include "KnotSimulator.h"
#include "SpacectlRunner.h"
#include "SpacesLibrary.h"

#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>
#include <memory>

using namespace spaces;
using namespace spaces::test;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

// The knot-simulator program ($SPACES_KNOT_SIMULATOR, set by CTest), ended with the test.
class SimulatorProcess final
{
public:
    bool start(const QStringList &arguments, QString *error)
    {
        m_process.setProgram(qEnvironmentVariable("SPACES_KNOT_SIMULATOR"));
        m_process.setArguments(arguments);
        m_process.start();
        if (!m_process.waitForStarted(10000)) {
            *error = m_process.errorString();
            return false;
        }
        if (!QTest::qWaitFor([this] { return m_process.canReadLine(); }, 10000)) {
            *error = u"knot-simulator printed no address"_s;
            return false;
        }
        const QStringList line = QString::fromUtf8(m_process.readLine()).trimmed().split(u' ');
        m_url = QUrl(line.value(0));
        m_token = line.value(1);
        return m_url.isValid() && !m_token.isEmpty();
    }
    ~SimulatorProcess()
    {
        m_process.closeWriteChannel(); // it ends when its input closes
        if (!m_process.waitForFinished(5000)) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }
    QUrl url() const { return m_url; }
    QString token() const { return m_token; }

private:
    QProcess m_process;
    QUrl m_url;
    QString m_token;
};

} // namespace

class KnotSeedTest final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<KnotSimulator> m_knot;
    std::unique_ptr<SpacesLibrary> m_spaces;

private Q_SLOTS:
    void init()
    {
        m_knot = std::make_unique<KnotSimulator>();
        m_knot->setAgentDelay(500);
        QVERIFY(m_knot->listen());
        ConnectionSettings settings;
        settings.baseUrl = m_knot->url();
        settings.token = KnotSimulator::Token;
        settings.requestTimeout = 10s;
        m_spaces = std::make_unique<SpacesLibrary>(settings);
    }

    void cleanup()
    {
        m_spaces.reset();
        m_knot.reset();
    }

    void completeExample()
    {
        // space_id = spaces.create("test-space", "my-template", description=..., shell="bash")
        const Expected<QString> id = m_spaces->create(u"test-space"_s, KnotSimulator::TemplateName,
                                                      u"Test environment"_s, u"bash"_s);
        QVERIFY2(id, qPrintable(id.error().message));
        QVERIFY(m_spaces->set_field(u"test-space"_s, u"environment"_s, u"testing"_s));
        QVERIFY(m_spaces->set_field(u"test-space"_s, u"api_key"_s, u"sk-test-key"_s));
        QVERIFY(m_spaces->start(u"test-space"_s));
        // while not spaces.is_running("test-space"): time.sleep(...)
        QTRY_VERIFY(m_spaces->is_running(u"test-space"_s).value());
        QCOMPARE(m_spaces->get_field(u"test-space"_s, u"environment"_s).value(), u"testing"_s);
        QCOMPARE(m_spaces->get_field(u"test-space"_s, u"api_key"_s).value(), u"sk-test-key"_s);
        // Running is not ready: run waits for the agent instead of failing.
        const Expected<QString> echoed = m_spaces->run(u"test-space"_s, u"echo"_s, {u"up"_s});
        QVERIFY2(echoed, qPrintable(echoed.error().message));
        QCOMPARE(echoed.value(), u"up\n"_s);

        QVERIFY(m_spaces->set_description(u"test-space"_s, u"Updated test environment"_s));
        QCOMPARE(m_spaces->get_description(u"test-space"_s).value(), u"Updated test environment"_s);
        // Knot's PUT replaced the space with what was sent: the fields are still there.
        QCOMPARE(m_spaces->get_field(u"test-space"_s, u"environment"_s).value(), u"testing"_s);
        QCOMPARE(m_spaces->get_field(u"test-space"_s, u"api_key"_s).value(), u"sk-test-key"_s);
        QCOMPARE(m_knot->space(*id).value(u"shell"_s).toString(), u"bash"_s);

        QVERIFY(m_spaces->stop(u"test-space"_s));
        QVERIFY(!m_spaces->is_running(u"test-space"_s).value());
        QVERIFY(m_spaces->delete_(u"test-space"_s));
        QCOMPARE(m_spaces->is_running(u"test-space"_s).error().message, u"space not found"_s);
    }

    void inactiveTemplatesAreNotOffered()
    {
        const Expected<SpaceTemplateList> templates = m_spaces->templates();
        QVERIFY(templates);
        QCOMPARE(templates->size(), 1);
        QCOMPARE(templates->first().name, KnotSimulator::TemplateName);
        const Expected<QString> created =
            m_spaces->create(u"old-one"_s, KnotSimulator::InactiveTemplateName);
        QVERIFY(!created);
        QCOMPARE(created.error().status, 400);
        QCOMPARE(created.error().message, u"invalid template given for new space"_s);
        for (const RecordedRequest &request : m_knot->server().requests())
            QVERIFY(request.method != "POST");
    }

    void globalScriptsRunByName()
    {
        m_knot->addSpace(u"runner"_s, true);
        const Expected<QString> output =
            m_spaces->run_script(u"runner"_s, KnotSimulator::GlobalScriptName, u"x"_s);
        QVERIFY2(output, qPrintable(output.error().message));
        QCOMPARE(output.value(), KnotSimulator::GlobalScriptName + u" ran: x\n"_s);
    }

    void portStopKeepsKnotsSentence()
    {
        m_knot->addSpace(u"fwd"_s, true);
        const Expected<bool> stopped = m_spaces->port_stop(u"fwd"_s, 9999);
        QVERIFY(!stopped);
        QCOMPARE(stopped.error().kind(), ApiError::Kind::NotFound);
        QCOMPARE(stopped.error().message, u"Port forward not found"_s);
        m_knot->setAgentUnreachable(true);
        QCOMPARE(m_spaces->port_stop(u"fwd"_s, 9999).error().message,
                 u"Failed to send command to agent"_s);
    }

    void completeExampleThroughSpacectl()
    {
        QVERIFY2(!SpacectlRunner::path().isEmpty(),
                 "SPACES_SPACECTL is not set: run through ctest");
        SimulatorProcess knot;
        QString error;
        QVERIFY2(knot.start({u"--agent-delay"_s, u"800"_s}, &error), qPrintable(error));
        const SpacectlRunner spacectl(SpacectlRunner::serverEnvironment(knot.url(), knot.token()));
        const auto run = [&spacectl](const QStringList &arguments) {
            return spacectl.run(arguments, 30000);
        };

        const SpacectlResult created =
            run({u"create"_s, u"test-space"_s, KnotSimulator::TemplateName, u"--description"_s,
                 u"Test environment"_s, u"--shell"_s, u"bash"_s});
        SPACECTL_COMPARE_EXIT(created, 0);
        QVERIFY2(QRegularExpression(u"^Created space 'test-space' with id [0-9a-f-]{36}\\.\\n$"_s)
                     .match(created.out)
                     .hasMatch(),
                 qPrintable(created.out));
        SPACECTL_COMPARE_EXIT(
            run({u"set-field"_s, u"test-space"_s, u"environment"_s, u"testing"_s}), 0);
        SPACECTL_COMPARE_EXIT(
            run({u"set-field"_s, u"test-space"_s, u"api_key"_s, u"sk-test-key"_s}), 0);
        SPACECTL_COMPARE_EXIT(run({u"start"_s, u"test-space"_s}), 0);
        QTRY_VERIFY(run({u"is-running"_s, u"test-space"_s}).exitCode == 0);
        // Deployed before its agent: run waits for it.
        const SpacectlResult echoed = run({u"run"_s, u"test-space"_s, u"echo"_s, u"hi"_s});
        SPACECTL_COMPARE_EXIT(echoed, 0);
        QCOMPARE(echoed.out, u"hi\n"_s);
        SPACECTL_COMPARE_EXIT(
            run({u"set-description"_s, u"test-space"_s, u"Updated test environment"_s}), 0);
        QCOMPARE(run({u"get-description"_s, u"test-space"_s}).out, u"Updated test environment\n"_s);
        QCOMPARE(run({u"get-field"_s, u"test-space"_s, u"environment"_s}).out, u"testing\n"_s);
        QCOMPARE(run({u"get-field"_s, u"test-space"_s, u"api_key"_s}).out, u"sk-test-key\n"_s);

        const SpacectlResult templates = run({u"templates"_s});
        SPACECTL_COMPARE_EXIT(templates, 0);
        QVERIFY(templates.out.contains(KnotSimulator::TemplateName));
        QVERIFY(!templates.out.contains(KnotSimulator::InactiveTemplateName));
        const SpacectlResult retired =
            run({u"create"_s, u"old-one"_s, KnotSimulator::InactiveTemplateName});
        SPACECTL_COMPARE_EXIT(retired, 1);
        QCOMPARE(retired.err, u"spacectl: invalid template given for new space\n"_s);
        const SpacectlResult unknownPort = run({u"port-stop"_s, u"test-space"_s, u"9999"_s});
        SPACECTL_COMPARE_EXIT(unknownPort, 1);
        QCOMPARE(unknownPort.err, u"spacectl: Port forward not found: 'spacectl port-list "
                                  u"test-space' lists its forwards\n"_s);

        SPACECTL_COMPARE_EXIT(run({u"stop"_s, u"test-space"_s}), 0);
        SPACECTL_COMPARE_EXIT(run({u"delete"_s, u"test-space"_s}), 0);
        const SpacectlResult gone = run({u"is-running"_s, u"test-space"_s});
        SPACECTL_COMPARE_EXIT(gone, 1);
        QCOMPARE(gone.err, u"spacectl: space not found: 'spacectl list' lists your spaces\n"_s);
    }
};

QTEST_GUILESS_MAIN(KnotSeedTest)
#include "tst_knot_seed.moc"
