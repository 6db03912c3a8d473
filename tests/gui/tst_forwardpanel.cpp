// PortForwardPanel and AddForwardDialog against a real spacesd: a forward to a `web` space
// added through the dialog serves its page through the forwarded port; the ports are
// validated as typed; a taken port is refused with the server's sentence; "Open in browser"
// opens the forward's URL; Stop removes it; a stopped space gets a sentence, not buttons.
#include "AccessibleNames.h"
#include "AddForwardDialog.h"
#include "PanelScreenshot.h"
#include "PortForwardModel.h"
#include "PortForwardPanel.h"
#include "SpaceListModel.h"
#include "SpaceTestKit.h"
#include "SpacesClient.h"
#include "Validation.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
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

// The body of GET url, empty when there is no answer (yet).
QByteArray fetch(QNetworkAccessManager &network, const QUrl &url)
{
    QNetworkRequest request(url);
    request.setTransferTimeout(3000);
    QNetworkReply *reply = network.get(request);
    QSignalSpy done(reply, &QNetworkReply::finished);
    done.wait(5000);
    const QByteArray body =
        reply->error() == QNetworkReply::NoError ? reply->readAll() : QByteArray();
    reply->deleteLater();
    return body;
}

} // namespace

class ForwardPanelTest final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<SpacesClient> m_client;
    std::unique_ptr<SpaceListModel> m_spaces;
    std::unique_ptr<PortForwardModel> m_forwards;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    std::unique_ptr<PortForwardPanel> m_panel;
    KillGuard m_guard;
    QString m_webId;
    QString m_idleId;
    quint16 m_webPort = 0;

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
    // Opens the dialog from the panel, fills it in and accepts it.
    AddForwardDialog *openDialog()
    {
        QTest::mouseClick(child<QPushButton>("addForwardButton"), Qt::LeftButton);
        return m_panel->findChild<AddForwardDialog *>();
    }
    void addForward(int localPort, const QString &target, int remotePort)
    {
        AddForwardDialog *dialog = openDialog();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        auto *combo = dialog->findChild<QComboBox *>(u"forwardTargetCombo"_s);
        combo->setCurrentIndex(combo->findData(target));
        dialog->findChild<QSpinBox *>(u"forwardLocalPortSpin"_s)->setValue(localPort);
        dialog->findChild<QSpinBox *>(u"forwardRemotePortSpin"_s)->setValue(remotePort);
        QPushButton *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        QVERIFY(ok->isEnabled());
        QTest::mouseClick(ok, Qt::LeftButton);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_server = std::make_unique<TestServer>();
        QString problem;
        QVERIFY2(m_server->start(&problem), qPrintable(problem));
        m_webPort = freeTcpPort();
        m_webId =
            m_server->createSpace(u"fw-web"_s, u"web"_s, {{u"port"_s, QString::number(m_webPort)}});
        QVERIFY(!m_webId.isEmpty());
        QCOMPARE(m_server->startSpace(m_webId), 200);
        m_guard.addGroup(m_server->processGroupOf(m_webId));
        m_idleId = m_server->createSpace(u"fw-idle"_s, u"blank"_s);
        QVERIFY(!m_idleId.isEmpty());

        m_client = std::make_unique<SpacesClient>(
            ConnectionSettings{m_server->process.url(), m_server->process.token()});
        m_spaces = std::make_unique<SpaceListModel>(*m_client);
        m_forwards = std::make_unique<PortForwardModel>(*m_client);
        m_tester = std::make_unique<QAbstractItemModelTester>(m_forwards.get());
        m_spaces->refresh();
        QTRY_VERIFY_WITH_TIMEOUT(m_spaces->rowOf(m_webId) >= 0, SlowMs);
        m_panel = std::make_unique<PortForwardPanel>(*m_forwards, *m_spaces);
        m_panel->resize(640, 300);
        m_panel->show();
    }

    void stoppedSpaceGetsASentence()
    {
        m_panel->setSpaceId(m_idleId);
        QTRY_VERIFY(child<QLabel>("forwardStateLabel")->isVisible());
        QVERIFY(child<QLabel>("forwardStateLabel")->text().contains(u"not running"_s));
        QVERIFY(!child<QPushButton>("addForwardButton")->isEnabled());
        QVERIFY(!child<QPushButton>("stopForwardButton")->isEnabled());
        screenshot(m_panel.get(), u"forwards-stopped-space.png"_s);
    }

    void dialogValidatesAsTyped()
    {
        m_panel->setSpaceId(m_webId);
        QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>("addForwardButton")->isEnabled(), SlowMs);
        QVERIFY(!child<QLabel>("forwardStateLabel")->isVisible());
        AddForwardDialog *dialog = openDialog();
        QVERIFY(dialog);
        auto *combo = dialog->findChild<QComboBox *>(u"forwardTargetCombo"_s);
        QCOMPARE(combo->count(), 2);
        // Running spaces come first, and a web space suggests its port.
        QCOMPARE(combo->itemData(0).toString(), u"fw-web"_s);
        QCOMPARE(combo->currentData().toString(), u"fw-web"_s);
        QCOMPARE(dialog->findChild<QSpinBox *>(u"forwardRemotePortSpin"_s)->value(),
                 int(m_webPort));

        auto *local = dialog->findChild<QSpinBox *>(u"forwardLocalPortSpin"_s);
        auto *validation = dialog->findChild<QLabel *>(u"validationLabel"_s);
        QPushButton *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        QLineEdit *typed = local->findChild<QLineEdit *>();
        typed->selectAll();
        QTest::keyClick(typed, Qt::Key_Backspace);
        QCOMPARE(validation->text(), Validation::checkLocalPort(0));
        QVERIFY(!ok->isEnabled());
        QTest::keyClicks(typed, u"8081"_s);
        QVERIFY(validation->text().isEmpty());
        QVERIFY(ok->isEnabled());
        typed->selectAll();
        QTest::keyClicks(typed, u"0"_s);
        screenshot(dialog, u"add-forward-dialog.png"_s);
        dialog->reject();
        QTRY_VERIFY(!m_panel->findChild<AddForwardDialog *>());
    }

    void everyControlHasAName()
    {
        AddForwardDialog *dialog = openDialog();
        QVERIFY(dialog);
        QCOMPARE(unnamedControls(dialog), QStringList());
        dialog->reject();
        QTRY_VERIFY(!m_panel->findChild<AddForwardDialog *>());
        QCOMPARE(unnamedControls(m_panel.get()), QStringList());
    }

    void forwardServesTheWebPage()
    {
        m_panel->setSpaceId(m_webId);
        QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>("addForwardButton")->isEnabled(), SlowMs);
        const quint16 local = freeTcpPort();
        QSignalSpy added(m_forwards.get(), &PortForwardModel::forwardAdded);
        addForward(local, u"fw-web"_s, m_webPort);
        QTRY_COMPARE_WITH_TIMEOUT(added.size(), 1, SlowMs);
        QTRY_VERIFY(rowOfLocalPort(local) >= 0);
        auto *table = child<QTableView>("forwardTable");
        QVERIFY(table->isVisible());

        QNetworkAccessManager network;
        const QUrl page(u"http://127.0.0.1:%1/"_s.arg(local));
        // The web server may still be starting.
        QTRY_VERIFY_WITH_TIMEOUT(fetch(network, page).contains("<h1>Hello from fw-web</h1>"),
                                 SlowMs);

        // "Open in browser" hands the forward's URL to the desktop.
        UrlCatcher catcher;
        QDesktopServices::setUrlHandler(u"http"_s, &catcher, "openUrl");
        table->selectRow(rowOfLocalPort(local));
        QTest::mouseClick(child<QPushButton>("openInBrowserButton"), Qt::LeftButton);
        QDesktopServices::unsetUrlHandler(u"http"_s);
        QCOMPARE(catcher.opened.size(), 1);
        QCOMPARE(catcher.opened.first().port(), int(local));

        if (qEnvironmentVariableIsSet("SPACES_SCREENSHOT_DIR")) {
            const quint16 second = freeTcpPort();
            addForward(second, u"fw-web"_s, m_webPort);
            QTRY_VERIFY_WITH_TIMEOUT(rowOfLocalPort(second) >= 0, SlowMs);
            table->selectRow(rowOfLocalPort(local));
            screenshot(m_panel.get(), u"port-forwards.png"_s);
            table->selectRow(rowOfLocalPort(second));
            QTest::mouseClick(child<QPushButton>("stopForwardButton"), Qt::LeftButton);
            QTRY_VERIFY_WITH_TIMEOUT(rowOfLocalPort(second) < 0, SlowMs);
        }

        // A taken port: the dialog stays open and busy until the server answers, then shows
        // its sentence inline with the form kept; nothing goes to the window's banner.
        QSignalSpy failed(m_panel.get(), &PortForwardPanel::errorOccurred);
        addForward(local, u"fw-web"_s, m_webPort);
        AddForwardDialog *dialog = m_panel->findChild<AddForwardDialog *>();
        QVERIFY(dialog);
        QPushButton *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        QVERIFY(dialog->isBusy());
        QVERIFY(!ok->isEnabled());
        auto *validation = dialog->findChild<QLabel *>(u"validationLabel"_s);
        const QString sentence =
            u"local port %1 is already in use by a forward of space 'fw-web'"_s.arg(local);
        QTRY_VERIFY_WITH_TIMEOUT(validation->text().contains(sentence), SlowMs);
        QVERIFY(dialog->isVisible());
        QVERIFY(!dialog->isBusy());
        QVERIFY(ok->isEnabled());
        auto *localSpin = dialog->findChild<QSpinBox *>(u"forwardLocalPortSpin"_s);
        QCOMPARE(localSpin->value(), int(local));
        QCOMPARE(failed.size(), 0);
        QCOMPARE(m_forwards->rowCount(), 1);
        screenshot(dialog, u"add-forward-port-taken.png"_s);
        // Changing the port drops the sentence; a free one closes the dialog on success.
        const quint16 other = freeTcpPort();
        localSpin->setValue(other);
        QVERIFY(!validation->text().contains(sentence));
        QTest::mouseClick(ok, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!m_panel->findChild<AddForwardDialog *>(), SlowMs);
        QTRY_VERIFY_WITH_TIMEOUT(rowOfLocalPort(other) >= 0, SlowMs);
        QCOMPARE(failed.size(), 0);
        table->selectRow(rowOfLocalPort(other));
        QTRY_VERIFY(child<QPushButton>("stopForwardButton")->isEnabled());
        QTest::mouseClick(child<QPushButton>("stopForwardButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(rowOfLocalPort(other) < 0, SlowMs);

        // No browser to open the address with: the panel says so to the window.
        QSignalSpy noBrowser(m_panel.get(), &PortForwardPanel::browserUnavailable);
        m_panel->setUrlOpener([](const QUrl &) { return false; });
        table->selectRow(rowOfLocalPort(local));
        QTest::mouseClick(child<QPushButton>("openInBrowserButton"), Qt::LeftButton);
        QCOMPARE(noBrowser.size(), 1);
        QCOMPARE(noBrowser.first().at(0).toUrl().port(), int(local));
        m_panel->setUrlOpener([](const QUrl &url) { return QDesktopServices::openUrl(url); });

        // Stop, from the selection.
        table->selectRow(rowOfLocalPort(local));
        QTRY_VERIFY(child<QPushButton>("stopForwardButton")->isEnabled());
        QTest::mouseClick(child<QPushButton>("stopForwardButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(m_forwards->rowCount(), 0, SlowMs);
        QVERIFY(!table->isVisible()); // the empty state instead
        screenshot(m_panel.get(), u"forwards-empty.png"_s);
        QTRY_VERIFY_WITH_TIMEOUT(canListenOn(local), SlowMs);
    }

    void cleanupTestCase()
    {
        m_panel.reset();
        m_tester.reset();
        m_forwards.reset();
        m_spaces.reset();
        m_client.reset();
        m_server.reset();
    }
};

QTEST_MAIN(ForwardPanelTest)
#include "tst_forwardpanel.moc"
