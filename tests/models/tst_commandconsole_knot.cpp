// CommandConsole against the Knot simulator: through Knot's run stream (output at the end, no
// exit code frame) and, against an older Knot without it, through run-command, which the
// console says once.
#include "CommandConsole.h"
#include "ConsoleModel.h"
#include "KnotSimulator.h"
#include "SpacesClient.h"

#include <QAbstractItemModelTester>
#include <QSettings>
#include <QTest>

using namespace spaces;
using namespace spaces::test;
using namespace Qt::StringLiterals;
using State = ConsoleEntry::State;

class CommandConsoleKnotTest final : public QObject
{
    Q_OBJECT

    KnotSimulator m_knot;
    std::unique_ptr<SpacesClient> m_client;
    ConsoleModel m_model;
    QAbstractItemModelTester m_tester{&m_model};

    bool finished(quint64 id) const
    {
        const ConsoleEntry *entry = m_model.entry(id);
        return entry && entry->state != State::Queued && entry->state != State::Running;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(u"spaces-tests"_s);
        QCoreApplication::setApplicationName(u"tst_commandconsole_knot"_s);
        QSettings().clear();
        QVERIFY(m_knot.listen());
        ConnectionSettings settings;
        settings.baseUrl = m_knot.url();
        settings.token = KnotSimulator::Token;
        m_client = std::make_unique<SpacesClient>(settings);
    }

    void knotsRunStream()
    {
        const QString id = m_knot.addSpace(u"knot-console"_s, true);
        CommandConsole console(*m_client, m_model);
        console.setSpace(id, u"knot-console"_s);
        const int before = m_knot.runs().runsStarted();
        QString error;
        const quint64 ok = console.submit(u"echo hello knot"_s, 10, QString(), &error);
        QVERIFY2(ok, qPrintable(error));
        QTRY_VERIFY(finished(ok));
        QCOMPARE(m_model.entry(ok)->state, State::Succeeded);
        QCOMPARE(m_model.entry(ok)->output, u"hello knot\n"_s);
        QVERIFY(m_model.entry(ok)->streamed);
        QVERIFY(m_model.entry(ok)->notice.isEmpty());
        QCOMPARE(m_knot.runs().runsStarted(), before + 1);

        const quint64 failed = console.submit(u"false"_s, 10, QString(), &error);
        QTRY_VERIFY(finished(failed));
        QCOMPARE(m_model.entry(failed)->state, State::Failed);
        QCOMPARE(m_model.entry(failed)->error, u"exit status 1"_s);
    }

    void olderKnotFallsBackAndSaysSoOnce()
    {
        const QString id = m_knot.addSpace(u"knot-console-old"_s, true);
        m_knot.setRunStreamEnabled(false);
        CommandConsole console(*m_client, m_model);
        console.setSpace(id, u"knot-console-old"_s);
        QString error;
        const quint64 first = console.submit(u"echo one"_s, 10, QString(), &error);
        const quint64 second = console.submit(u"echo two"_s, 10, QString(), &error);
        QTRY_VERIFY(finished(second));
        m_knot.setRunStreamEnabled(true);
        QCOMPARE(m_model.entry(first)->state, State::Succeeded);
        QCOMPARE(m_model.entry(first)->output, u"one\n"_s);
        QVERIFY(!m_model.entry(first)->streamed);
        QVERIFY2(m_model.entry(first)->notice.contains(u"arrives when the command ends"_s),
                 qPrintable(m_model.entry(first)->notice));
        QCOMPARE(m_model.entry(second)->output, u"two\n"_s);
        QVERIFY(m_model.entry(second)->notice.isEmpty());
    }
};

QTEST_GUILESS_MAIN(CommandConsoleKnotTest)
#include "tst_commandconsole_knot.moc"
