// PortForwardModel against a real spacesd: forwards added, listed and stopped with narrow
// signals, the browser URL, the busy state, and the server's own sentence when a port is taken.
#include "PortForwardModel.h"
#include "SpaceTestKit.h"
#include "SpacesClient.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <memory>

using namespace spaces;
using namespace spaces::test;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

class PortForwardModelTest final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<SpacesClient> m_client;
    std::unique_ptr<PortForwardModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    QString m_sourceId;

    // Waits until the model has no call under way.
    bool settle() const
    {
        return QTest::qWaitFor([this] { return !m_model->isBusy(); }, 10000);
    }

    // Two different free ports.
    static QPair<quint16, quint16> twoPorts()
    {
        QTcpServer first;
        QTcpServer second;
        if (!first.listen(QHostAddress::LocalHost, 0) || !second.listen(QHostAddress::LocalHost, 0))
            return {0, 0};
        return {first.serverPort(), second.serverPort()};
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_server = std::make_unique<TestServer>();
        QString error;
        QVERIFY2(m_server->start(&error), qPrintable(error));
        m_sourceId = m_server->createSpace(u"source"_s, u"blank"_s);
        QVERIFY(!m_sourceId.isEmpty());
        QVERIFY(!m_server->createSpace(u"target"_s, u"blank"_s).isEmpty());
        for (const QString &name : {u"source"_s, u"target"_s}) {
            QCOMPARE(m_server->startSpace(name), 200);
            QTRY_VERIFY_WITH_TIMEOUT(m_server->isDeployed(name), 20000);
        }
        m_client = std::make_unique<SpacesClient>(
            ConnectionSettings{m_server->process.url(), m_server->process.token(), 30s});
        m_model = std::make_unique<PortForwardModel>(*m_client);
        m_tester = std::make_unique<QAbstractItemModelTester>(
            m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    }

    void cleanupTestCase()
    {
        m_tester.reset();
        m_model.reset();
        m_client.reset();
        if (m_server) {
            m_server->stopSpace(u"source"_s);
            m_server->stopSpace(u"target"_s);
            QCOMPARE(m_server->process.terminate(), 0);
        }
        m_server.reset();
    }

    void addListStop()
    {
        QSignalSpy busy(m_model.get(), &PortForwardModel::busyChanged);
        QSignalSpy failed(m_model.get(), &PortForwardModel::operationFailed);
        m_model->setSpace(m_sourceId);
        QCOMPARE(m_model->spaceId(), m_sourceId);
        QVERIFY(m_model->isBusy());
        QVERIFY(settle());
        QCOMPARE(m_model->rowCount(), 0);
        QCOMPARE(busy.size(), 2);
        QCOMPARE(busy.at(0).at(0).toBool(), true);
        QCOMPARE(busy.at(1).at(0).toBool(), false);

        const auto [localPort, remotePort] = twoPorts();
        QVERIFY(localPort != 0);
        QSignalSpy added(m_model.get(), &PortForwardModel::forwardAdded);
        QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
        PortForwardRequest request;
        request.localPort = localPort;
        request.targetSpace = u"target"_s;
        request.remotePort = remotePort;
        m_model->add(request);
        QVERIFY(added.wait(10000));
        QCOMPARE(added.first().at(0).toInt(), int(localPort));
        QVERIFY(settle());
        QCOMPARE(failed.size(), 0);
        QCOMPARE(m_model->rowCount(), 1);
        QCOMPARE(inserted.size(), 1);
        const QModelIndex row = m_model->index(0, PortForwardModel::LocalPortColumn);
        QCOMPARE(row.data().toInt(), int(localPort));
        QCOMPARE(row.data(PortForwardModel::LocalPortRole).toInt(), int(localPort));
        QCOMPARE(row.data(PortForwardModel::TargetRole).toString(), u"target"_s);
        QCOMPARE(row.data(PortForwardModel::RemotePortRole).toInt(), int(remotePort));
        QCOMPARE(row.data(PortForwardModel::PersistentRole).toBool(), false);
        QCOMPARE(row.data(PortForwardModel::UrlRole).toUrl(),
                 QUrl(u"http://127.0.0.1:%1/"_s.arg(localPort)));
        QCOMPARE(m_model->index(0, PortForwardModel::TargetColumn).data().toString(), u"target"_s);
        QCOMPARE(
            m_model->headerData(PortForwardModel::LocalPortColumn, Qt::Horizontal, Qt::DisplayRole)
                .toString(),
            u"Local port"_s);

        // A refresh of the same list changes nothing.
        QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        m_model->refresh();
        QVERIFY(settle());
        QCOMPARE(removed.size(), 0);
        QCOMPARE(changed.size(), 0);
        QCOMPARE(inserted.size(), 1);

        // The same local port again: the server's sentence.
        m_model->add(request);
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 10000);
        QCOMPARE(failed.first().at(0).toString(), u"Forward port %1"_s.arg(localPort));
        const ApiError duplicate = failed.first().at(1).value<ApiError>();
        QCOMPARE(duplicate.status, 409);
        QCOMPARE(
            duplicate.message,
            u"local port %1 is already in use by a forward of space 'source'"_s.arg(localPort));
        QVERIFY(settle());
        QCOMPARE(m_model->rowCount(), 1);

        m_model->stop(localPort);
        QVERIFY(removed.wait(10000));
        QVERIFY(settle());
        QCOMPARE(m_model->rowCount(), 0);
        QVERIFY(canListenOn(localPort));

        m_model->stop(localPort);
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 2, 10000);
        QCOMPARE(failed.at(1).at(1).value<ApiError>().message, u"Port forward not found"_s);
        QCOMPARE(failed.at(1).at(1).value<ApiError>().kind(), ApiError::Kind::NotFound);
        QVERIFY(settle());
    }

    void portTakenByAnotherProgram()
    {
        m_model->setSpace(m_sourceId);
        QVERIFY(settle());
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
        const auto [remotePort, unused] = twoPorts();
        Q_UNUSED(unused);
        QSignalSpy failed(m_model.get(), &PortForwardModel::operationFailed);
        PortForwardRequest request;
        request.localPort = squatter.serverPort();
        request.targetSpace = u"target"_s;
        request.remotePort = remotePort;
        m_model->add(request);
        QVERIFY(failed.wait(10000));
        const ApiError error = failed.first().at(1).value<ApiError>();
        QCOMPARE(error.status, 409);
        QCOMPARE(error.kind(), ApiError::Kind::Conflict);
        QCOMPARE(error.message, u"local port %1 is already in use"_s.arg(squatter.serverPort()));
        QVERIFY(settle());
        QCOMPARE(m_model->rowCount(), 0);
    }

    void badPortAndNoSpaceFailWithoutACall()
    {
        m_model->setSpace(m_sourceId);
        QVERIFY(settle());
        QSignalSpy failed(m_model.get(), &PortForwardModel::operationFailed);
        PortForwardRequest request;
        request.localPort = 0;
        request.targetSpace = u"target"_s;
        request.remotePort = 80;
        m_model->add(request);
        QCOMPARE(failed.size(), 1);
        QVERIFY(!failed.first().at(1).value<ApiError>().message.isEmpty());
        QVERIFY(!m_model->isBusy());

        m_model->setSpace(QString());
        QCOMPARE(m_model->rowCount(), 0);
        m_model->stop(1234);
        QCOMPARE(failed.size(), 2);
        QCOMPARE(failed.at(1).at(1).value<ApiError>().message, u"Choose a space first."_s);
    }

    void switchingSpacesRemovesRows()
    {
        const auto [localPort, remotePort] = twoPorts();
        m_model->setSpace(m_sourceId);
        QVERIFY(settle());
        PortForwardRequest request;
        request.localPort = localPort;
        request.targetSpace = u"target"_s;
        request.remotePort = remotePort;
        m_model->add(request);
        QTRY_COMPARE_WITH_TIMEOUT(m_model->rowCount(), 1, 10000);
        QVERIFY(settle());
        QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
        m_model->setSpace(u"target"_s);
        QCOMPARE(removed.size(), 1);
        QVERIFY(settle());
        QCOMPARE(m_model->rowCount(), 0);
        m_model->setSpace(m_sourceId);
        QVERIFY(settle());
        QCOMPARE(m_model->rowCount(), 1);
        m_model->stop(localPort);
        QTRY_COMPARE_WITH_TIMEOUT(m_model->rowCount(), 0, 10000);
        QVERIFY(settle());
    }
};

QTEST_GUILESS_MAIN(PortForwardModelTest)
#include "tst_portforwardmodel.moc"
