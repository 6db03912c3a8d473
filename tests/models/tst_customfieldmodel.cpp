// CustomFieldModel against a real spacesd: the template's fields joined with the space's
// values, an edit saved (and visible after a re-fetch), and a failed save restored with the
// server's own sentence.
#include "CustomFieldModel.h"
#include "SpaceTestKit.h"
#include "SpacesClient.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>
#include <memory>

using namespace spaces;
using namespace spaces::test;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

class CustomFieldModelTest final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<SpacesClient> m_client;
    std::unique_ptr<QObject> m_context;
    std::unique_ptr<CustomFieldModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    SpaceTemplate m_template;
    QString m_spaceId;

    Space fetch() const
    {
        std::optional<Space> space;
        m_client->getSpace(m_spaceId, m_context.get(), [&space](const Expected<Space> &result) {
            space = result ? *result : Space();
        });
        return QTest::qWaitFor([&space] { return space.has_value(); }, 10000) ? *space : Space();
    }

    int rowOf(const QString &field) const
    {
        for (int row = 0; row < m_model->rowCount(); ++row) {
            if (m_model->index(row, 0).data(CustomFieldModel::NameRole).toString() == field)
                return row;
        }
        return -1;
    }

    QModelIndex valueIndex(const QString &field) const
    {
        return m_model->index(rowOf(field), CustomFieldModel::ValueColumn);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_server = std::make_unique<TestServer>();
        QString error;
        QVERIFY2(m_server->start(&error), qPrintable(error));
        m_spaceId =
            m_server->createSpace(u"svc"_s, u"service"_s, {{u"environment"_s, u"testing"_s}});
        QVERIFY(!m_spaceId.isEmpty());
        m_client = std::make_unique<SpacesClient>(
            ConnectionSettings{m_server->process.url(), m_server->process.token(), 30s});
        m_context = std::make_unique<QObject>();

        std::optional<SpaceTemplateList> templates;
        m_client->listTemplates(m_context.get(),
                                [&templates](const Expected<SpaceTemplateList> &r) {
                                    templates = r ? *r : SpaceTemplateList();
                                });
        QVERIFY(QTest::qWaitFor([&templates] { return templates.has_value(); }, 10000));
        for (const SpaceTemplate &candidate : std::as_const(*templates)) {
            if (candidate.name == u"service"_s)
                m_template = candidate;
        }
        QCOMPARE(m_template.customFields.size(), 3);

        m_model = std::make_unique<CustomFieldModel>(*m_client);
        m_tester = std::make_unique<QAbstractItemModelTester>(
            m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    }

    void cleanupTestCase()
    {
        m_tester.reset();
        m_model.reset();
        m_context.reset();
        m_client.reset();
        if (m_server)
            QCOMPARE(m_server->process.terminate(), 0);
        m_server.reset();
    }

    void showsTheTemplatesFieldsWithValues()
    {
        const Space space = fetch();
        QCOMPARE(space.id, m_spaceId);
        m_model->setSpace(space, m_template);
        QCOMPARE(m_model->rowCount(), 3);
        QCOMPARE(m_model->columnCount(), int(CustomFieldModel::ColumnCount));
        const QModelIndex environment = valueIndex(u"environment"_s);
        QVERIFY(environment.isValid());
        QCOMPARE(environment.data().toString(), u"testing"_s);
        QCOMPARE(environment.data(CustomFieldModel::ValueRole).toString(), u"testing"_s);
        QCOMPARE(valueIndex(u"api_key"_s).data().toString(), QString());
        QCOMPARE(
            m_model->index(rowOf(u"environment"_s), CustomFieldModel::NameColumn).data().toString(),
            u"environment"_s);
        QCOMPARE(environment.data(CustomFieldModel::DescriptionRole).toString(),
                 u"Deployment environment, e.g. development, testing, production"_s);
        QCOMPARE(environment.data(Qt::ToolTipRole).toString(),
                 u"Deployment environment, e.g. development, testing, production"_s);
        QVERIFY(environment.flags() & Qt::ItemIsEditable);
        QVERIFY(!(m_model->index(0, CustomFieldModel::NameColumn).flags() & Qt::ItemIsEditable));
        QVERIFY(!m_model->setData(m_model->index(0, CustomFieldModel::NameColumn), u"x"_s));
    }

    void editIsSavedAndVisibleAfterRefetch()
    {
        m_model->setSpace(fetch(), m_template);
        QSignalSpy saved(m_model.get(), &CustomFieldModel::fieldSaved);
        QSignalSpy failed(m_model.get(), &CustomFieldModel::operationFailed);
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        const QModelIndex interval = valueIndex(u"interval"_s);
        QVERIFY(m_model->setData(interval, u"7"_s));
        // While saving: the new value shows, marked as saving.
        QCOMPARE(interval.data().toString(), u"7"_s);
        QCOMPARE(interval.data(CustomFieldModel::SavingRole).toBool(), true);
        QCOMPARE(changed.size(), 1);
        QVERIFY(saved.wait(10000));
        QCOMPARE(saved.first().at(0).toString(), u"interval"_s);
        QCOMPARE(failed.size(), 0);
        QCOMPARE(interval.data(CustomFieldModel::SavingRole).toBool(), false);
        QCOMPARE(interval.data().toString(), u"7"_s);

        const Space refetched = fetch();
        QCOMPARE(refetched.fieldValue(u"interval"_s), u"7"_s);
        QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
        QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
        m_model->setSpace(refetched, m_template);
        QCOMPARE(removed.size(), 0); // the same space again: updated in place
        QCOMPARE(inserted.size(), 0);
        QCOMPARE(valueIndex(u"interval"_s).data().toString(), u"7"_s);
        QCOMPARE(valueIndex(u"environment"_s).data().toString(), u"testing"_s);
    }

    void failedSaveIsRestoredWithTheServersSentence()
    {
        // A template that claims a field the server's template does not define.
        SpaceTemplate claimed = m_template;
        claimed.customFields.append({u"nonsense"_s, u"Not really there"_s});
        m_model->setSpace(fetch(), claimed);
        QCOMPARE(m_model->rowCount(), 4);
        QSignalSpy saved(m_model.get(), &CustomFieldModel::fieldSaved);
        QSignalSpy failed(m_model.get(), &CustomFieldModel::operationFailed);
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        const QModelIndex nonsense = valueIndex(u"nonsense"_s);
        QVERIFY(m_model->setData(nonsense, u"1"_s));
        QCOMPARE(nonsense.data().toString(), u"1"_s);
        QVERIFY(nonsense.data(CustomFieldModel::SavingRole).toBool());
        QVERIFY(failed.wait(10000));
        QCOMPARE(saved.size(), 0);
        const ApiError error = failed.first().at(1).value<ApiError>();
        QCOMPARE(error.message, u"custom field 'nonsense' not defined in template"_s);
        QCOMPARE(error.kind(), ApiError::Kind::BadRequest);
        QCOMPARE(failed.first().at(0).toString(), u"Save the field nonsense"_s);
        QCOMPARE(nonsense.data().toString(), QString());
        QCOMPARE(nonsense.data(CustomFieldModel::SavingRole).toBool(), false);
        QCOMPARE(changed.size(), 2); // shown as saving, then restored
        QCOMPARE(changed.last().at(0).toModelIndex().row(), nonsense.row());
    }

    void clearRemovesEverything()
    {
        m_model->setSpace(fetch(), m_template);
        QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
        m_model->clear();
        QCOMPARE(m_model->rowCount(), 0);
        QCOMPARE(removed.size(), 1);
    }
};

QTEST_GUILESS_MAIN(CustomFieldModelTest)
#include "tst_customfieldmodel.moc"
