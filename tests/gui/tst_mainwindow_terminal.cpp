// The real MainWindow's Terminal tab against a real spacesd on a random loopback port: the
// user selects a running space, opens the tab with Alt+4, types into the shell of the space's
// sandbox and reads the answer from the terminal's screen.
#include "AppSession.h"
#include "ConnectionIndicator.h"
#include "ConnectionProfiles.h"
#include "MainWindow.h"
#include "SpaceListModel.h"
#include "SpaceTestKit.h"
#include "TerminalPanel.h"
#include "TerminalScreen.h"
#include "TerminalSession.h"
#include "TerminalView.h"

#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;

namespace spaces {

namespace {

constexpr int SlowMs = 15000;

QString screenText(const TerminalScreen &screen)
{
    QStringList lines;
    for (int row = 0; row < screen.rows(); ++row)
        lines.append(screen.lineText(screen.scrollbackCount() + row));
    return lines.join(u'\n');
}

bool screenHasLine(const TerminalScreen &screen, const QString &text)
{
    return screenText(screen).split(u'\n').contains(text);
}

} // namespace

class MainWindowTerminalTest final : public QObject
{
    Q_OBJECT

private:
    template<typename T> T *child(const QString &name) const
    {
        return m_window->findChild<T *>(name);
    }
    QTableView *table() const { return child<QTableView>(u"spaceTable"_s); }
    QModelIndex rowOf(const QString &name) const
    {
        const QAbstractItemModel *model = table()->model();
        for (int row = 0; row < model->rowCount(); ++row) {
            const QModelIndex index = model->index(row, 0);
            if (index.data(SpaceListModel::NameRole).toString() == name)
                return index;
        }
        return {};
    }

    QTemporaryDir m_config; // the app's QSettings (the terminal font), not the user's
    std::unique_ptr<test::TestServer> m_server;
    test::KillGuard m_guard;
    QString m_spaceId;
    std::unique_ptr<ConnectionProfiles> m_profiles;
    std::unique_ptr<AppSession> m_session;
    std::unique_ptr<MainWindow> m_window;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_config.isValid());
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_config.path()));
        QCoreApplication::setOrganizationName(u"SpacesDesktopTests"_s);
        QCoreApplication::setApplicationName(u"tst_mainwindow_terminal"_s);

        m_server = std::make_unique<test::TestServer>();
        QString error;
        QVERIFY2(m_server->start(&error), qPrintable(error));
        m_spaceId = m_server->createSpace(u"term-space"_s, u"blank"_s);
        QVERIFY(!m_spaceId.isEmpty());
        QCOMPARE(m_server->startSpace(m_spaceId), 200);
        m_guard.addGroup(m_server->processGroupOf(m_spaceId));

        m_profiles = std::make_unique<ConnectionProfiles>(m_config.filePath(u"connections.ini"_s));
        const QString id = m_profiles->add(u"Test server"_s, m_server->process.url().toString(),
                                           m_server->process.token(), &error);
        QVERIFY2(!id.isEmpty(), qPrintable(error));
        QVERIFY2(m_profiles->setCurrent(id, &error), qPrintable(error));
        m_session = std::make_unique<AppSession>();
        m_window = std::make_unique<MainWindow>(*m_session, *m_profiles);
        m_window->resize(1280, 800);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        m_window->connectToCurrentProfile();
        QTRY_VERIFY_WITH_TIMEOUT(m_session->spaces() && m_session->spaces()->hasLoaded(), SlowMs);
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(u"term-space"_s).isValid(), SlowMs);
    }

    void cleanupTestCase()
    {
        m_window.reset(); // closes the terminal's socket: the server hangs up the shell
        m_session.reset();
        if (m_server && !m_spaceId.isEmpty())
            m_server->stopSpace(m_spaceId);
        m_server.reset();
    }

    void echoInTheTerminalTabOfARunningSpace()
    {
        const QModelIndex row = rowOf(u"term-space"_s);
        QTRY_COMPARE_WITH_TIMEOUT(row.data(SpaceListModel::StatusRole).value<SpaceStatus>(),
                                  SpaceStatus::Running, SlowMs);
        QTest::mouseClick(table()->viewport(), Qt::LeftButton, Qt::NoModifier,
                          table()->visualRect(row).center());
        QTest::keyClick(m_window.get(), Qt::Key_4, Qt::AltModifier);
        auto *panel = child<TerminalPanel>(u"terminalPanel"_s);
        QVERIFY(panel);
        QTRY_VERIFY(panel->isVisible());
        QCOMPARE(child<QTabWidget>(u"detailTabs"_s)->currentWidget(), panel);

        // The first look at a running space's Terminal tab opens a shell in it.
        QTRY_VERIFY(panel->currentTerminal());
        TerminalSession *session = panel->currentTerminal();
        QTRY_COMPARE_WITH_TIMEOUT(session->state(), TerminalConnection::State::Connected, SlowMs);
        QTRY_VERIFY(session->view()->hasFocus());
        QTest::keyClicks(session->view(), u"echo $((6*7))"_s);
        QTest::keyClick(session->view(), Qt::Key_Return);
        const TerminalScreen &screen = session->screen();
        QTRY_VERIFY2_WITH_TIMEOUT(screenHasLine(screen, u"42"_s), qPrintable(screenText(screen)),
                                  SlowMs);
    }
};

} // namespace spaces

QTEST_MAIN(spaces::MainWindowTerminalTest)
#include "tst_mainwindow_terminal.moc"
