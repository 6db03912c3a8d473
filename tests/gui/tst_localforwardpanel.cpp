// "Forward to this computer" in PortForwardPanel against a real spacesd and a sandboxed space
// serving a web page: the dialog suggests a free local port and refuses a taken one as it is
// typed; the forward is listed beside a space-to-space forward with its kind; the page comes
// through 127.0.0.1:LOCAL; "Open in browser" opens that address; the forward stays while
// another space is selected; Stop frees the port.
#include "LocalForwardDialog.h"
#include "LocalTunnels.h"
#include "PanelScreenshot.h"
#include "PortForwardModel.h"
#include "PortForwardPanel.h"
#include "SpaceListModel.h"
#include "SpaceTestKit.h"
#include "SpacesClient.h"
#include "TunnelSpace.h"

#include <QAbstractItemModelTester>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTcpServer>
#include <QTest>
#include <memory>

using namespace spaces;
using namespace spaces::test;
using namespace Qt::StringLiterals;

namespace {

constexpr int SlowMs = 20000;

// Receives what QDesktopServices::openUrl would hand to the browser.
class UrlCatcher final : public QObject
{
    Q_OBJECT

public:
    QList<QUrl> opened;

public Q_SLOTS:
    void openUrl(const QUrl &url) { opened.append(url); }
};

QByteArray fetch(const QUrl &url)
{
    QNetworkAccessManager network;
    QNetworkRequest request(url);
    request.setTransferTimeout(5000);
    QNetworkReply *reply = network.get(request);
    QSignalSpy done(reply, &QNetworkReply::finished);
    done.wait(8000);
    const QByteArray body = reply->readAll();
    delete reply;
    return body;
}

} // namespace

class LocalForwardPanelTest final : public QObject
{
    Q_OBJECT

private:
    TestServer m_server;
    TunnelSpace m_space;
    QString m_idleId;
    std::unique_ptr<SpacesClient> m_client;
    std::unique_ptr<SpaceListModel> m_spaces;
    std::unique_ptr<LocalTunnels> m_tunnels;
    std::unique_ptr<PortForwardModel> m_forwards;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    std::unique_ptr<PortForwardPanel> m_panel;
    int m_local = 0;

    template<typename T> T *child(const char *name) const
    {
        return m_panel->findChild<T *>(QLatin1StringView(name));
    }
    int rowOfLocalPort(int port) const
    {
        for (int row = 0; row < m_forwards->rowCount(); ++row)
            if (m_forwards->index(row, 0).data(PortForwardModel::LocalPortRole).toInt() == port)
                return row;
        return -1;
    }
    QString kindOf(int row) const
    {
        return m_forwards->index(row, PortForwardModel::KindColumn).data().toString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_server.start(&error), qPrintable(error));
        QVERIFY2(m_space.start(m_server, u"web"_s, &error), qPrintable(error));
        m_idleId = m_server.createSpace(u"other"_s, u"blank"_s);
        QVERIFY(!m_idleId.isEmpty());
        QCOMPARE(m_server.startSpace(m_idleId), 200);
        QTRY_VERIFY_WITH_TIMEOUT(m_space.isListening(), SlowMs);

        const ConnectionSettings settings{m_server.process.url(), m_server.process.token()};
        m_client = std::make_unique<SpacesClient>(settings);
        m_spaces = std::make_unique<SpaceListModel>(*m_client);
        m_tunnels = std::make_unique<LocalTunnels>(settings);
        m_forwards = std::make_unique<PortForwardModel>(*m_client);
        m_forwards->setLocalTunnels(m_tunnels.get());
        m_tester = std::make_unique<QAbstractItemModelTester>(m_forwards.get());
        m_spaces->refresh();
        QTRY_VERIFY_WITH_TIMEOUT(m_spaces->rowOf(m_space.id()) >= 0, SlowMs);
        m_panel = std::make_unique<PortForwardPanel>(*m_forwards, *m_spaces);
        m_panel->resize(760, 300);
        m_panel->show();
        m_panel->setSpaceId(m_space.id());
        QTRY_VERIFY(child<QPushButton>("forwardToComputerButton")->isEnabled());
    }

    void dialogSuggestsAFreePortAndRefusesATakenOne()
    {
        QTest::mouseClick(child<QPushButton>("forwardToComputerButton"), Qt::LeftButton);
        auto *dialog = m_panel->findChild<LocalForwardDialog *>();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        auto *local = dialog->findChild<QSpinBox *>(u"tunnelLocalPortSpin"_s);
        auto *remote = dialog->findChild<QSpinBox *>(u"tunnelRemotePortSpin"_s);
        auto *label = dialog->findChild<QLabel *>(u"validationLabel"_s);
        QPushButton *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        QVERIFY(canListenOn(quint16(local->value())));
        QVERIFY(ok->isEnabled());

        QTcpServer taken;
        QVERIFY(taken.listen(QHostAddress::LocalHost, 0));
        local->setValue(taken.serverPort());
        QVERIFY(!ok->isEnabled());
        QVERIFY2(label->text().contains(u"already in use"_s), qPrintable(label->text()));
        screenshot(dialog, u"forward-to-computer-taken.png"_s);

        m_local = int(freeTcpPort());
        local->setValue(m_local);
        remote->setValue(m_space.webPort());
        QVERIFY2(ok->isEnabled(), qPrintable(label->text()));
        screenshot(dialog, u"forward-to-computer-dialog.png"_s);
        QTest::mouseClick(ok, Qt::LeftButton);
        QTRY_VERIFY(rowOfLocalPort(m_local) >= 0);
    }

    void listedWithItsKindAndServesThePage()
    {
        // A space-to-space forward beside it, for the kinds.
        const int serverLocal = int(freeTcpPort());
        m_forwards->add({serverLocal, u"other"_s, 9, false, false});
        QTRY_VERIFY_WITH_TIMEOUT(rowOfLocalPort(serverLocal) >= 0, SlowMs);
        const int row = rowOfLocalPort(m_local);
        QCOMPARE(kindOf(row), u"to this computer"_s);
        QCOMPARE(kindOf(rowOfLocalPort(serverLocal)), u"to space other"_s);
        QCOMPARE(m_forwards->index(row, PortForwardModel::RemotePortColumn).data().toInt(),
                 int(m_space.webPort()));

        const QByteArray page = fetch(QUrl(u"http://127.0.0.1:%1/index.html"_s.arg(m_local)));
        QVERIFY2(page.contains("Hello through the tunnel"), page.constData());
        child<QTableView>("forwardTable")->selectRow(row);
        screenshot(m_panel.get(), u"forward-to-computer-panel.png"_s);
    }

    void openInBrowserOpensTheLocalAddress()
    {
        UrlCatcher catcher;
        QDesktopServices::setUrlHandler(u"http"_s, &catcher, "openUrl");
        child<QTableView>("forwardTable")->selectRow(rowOfLocalPort(m_local));
        QTest::mouseClick(child<QPushButton>("openInBrowserButton"), Qt::LeftButton);
        QDesktopServices::unsetUrlHandler(u"http"_s);
        QCOMPARE(catcher.opened, QList<QUrl>{QUrl(u"http://127.0.0.1:%1/"_s.arg(m_local))});
    }

    void keptWhileAnotherSpaceIsSelected()
    {
        m_panel->setSpaceId(m_idleId);
        QTRY_COMPARE(rowOfLocalPort(m_local), -1);
        QVERIFY(fetch(QUrl(u"http://127.0.0.1:%1/index.html"_s.arg(m_local)))
                    .contains("Hello through the tunnel"));
        m_panel->setSpaceId(m_space.id());
        QTRY_VERIFY(rowOfLocalPort(m_local) >= 0);
    }

    void stopFreesThePort()
    {
        QVERIFY(!canListenOn(quint16(m_local)));
        child<QTableView>("forwardTable")->selectRow(rowOfLocalPort(m_local));
        QTRY_VERIFY(child<QPushButton>("stopForwardButton")->isEnabled());
        QTest::mouseClick(child<QPushButton>("stopForwardButton"), Qt::LeftButton);
        QTRY_COMPARE(rowOfLocalPort(m_local), -1);
        QVERIFY(canListenOn(quint16(m_local)));
    }

    void cleanupTestCase()
    {
        m_panel.reset();
        m_tester.reset();
        m_forwards.reset();
        m_tunnels.reset();
    }
};

QTEST_MAIN(LocalForwardPanelTest)
#include "tst_localforwardpanel.moc"
