// SpaceFilterProxy over a SpaceListModel: text and status filters, sorting by name and status.
#include "SpaceFilterProxy.h"
#include "SpaceListModel.h"

#include <QAbstractItemModelTester>
#include <QTest>
#include <memory>

using namespace spaces;
using namespace Qt::StringLiterals;

namespace {

Space makeSpace(const QString &name, const QString &description, const QString &templateName,
                SpaceStatus status)
{
    Space space;
    space.id = u"id-"_s + name.toLower();
    space.name = name;
    space.description = description;
    space.templateName = templateName;
    space.isDeployed = status == SpaceStatus::Running || status == SpaceStatus::Stopping;
    space.isPending = status == SpaceStatus::Starting || status == SpaceStatus::Stopping;
    space.isDeleting = status == SpaceStatus::Deleting;
    return space;
}

const SpaceList &fixture()
{
    static const SpaceList spaces{
        makeSpace(u"web"_s, u"The shop's front end"_s, u"service"_s, SpaceStatus::Running),
        makeSpace(u"Api"_s, u"REST backend"_s, u"service"_s, SpaceStatus::Stopped),
        makeSpace(u"docs"_s, u"Manual, built nightly"_s, u"blank"_s, SpaceStatus::Starting),
        makeSpace(u"batch"_s, QString(), u"blank"_s, SpaceStatus::Stopped),
        makeSpace(u"Zeta"_s, u"old experiments"_s, u"python"_s, SpaceStatus::Stopping),
    };
    return spaces;
}

} // namespace

class SpaceFilterProxyTest final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<SpacesClient> m_client;
    std::unique_ptr<SpaceListModel> m_model;
    std::unique_ptr<SpaceFilterProxy> m_proxy;
    std::unique_ptr<QAbstractItemModelTester> m_tester;

    QStringList visibleNames() const
    {
        QStringList names;
        for (int row = 0; row < m_proxy->rowCount(); ++row)
            names.append(m_proxy->index(row, SpaceListModel::NameColumn).data().toString());
        return names;
    }

private Q_SLOTS:
    void init()
    {
        m_client = std::make_unique<SpacesClient>(
            ConnectionSettings{QUrl(u"http://127.0.0.1:9"_s), u"token"_s});
        m_model = std::make_unique<SpaceListModel>(*m_client);
        m_proxy = std::make_unique<SpaceFilterProxy>();
        m_proxy->setSourceModel(m_model.get());
        m_tester = std::make_unique<QAbstractItemModelTester>(
            m_proxy.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        m_model->applySpaces(fixture());
        m_proxy->sort(SpaceListModel::NameColumn, Qt::AscendingOrder);
    }

    void cleanup()
    {
        m_tester.reset();
        m_proxy.reset();
        m_model.reset();
        m_client.reset();
    }

    void filter_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("status"); // -1: any
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("everything")
            << QString() << -1 << QStringList{u"Api"_s, u"batch"_s, u"docs"_s, u"web"_s, u"Zeta"_s};
        QTest::newRow("name, other case") << u"API"_s << -1 << QStringList{u"Api"_s};
        QTest::newRow("description") << u"nightly"_s << -1 << QStringList{u"docs"_s};
        QTest::newRow("template") << u"SERVICE"_s << -1 << QStringList{u"Api"_s, u"web"_s};
        QTest::newRow("spaces around") << u"  zeta "_s << -1 << QStringList{u"Zeta"_s};
        QTest::newRow("no match") << u"nothing like it"_s << -1 << QStringList();
        QTest::newRow("stopped only")
            << QString() << int(SpaceStatus::Stopped) << QStringList{u"Api"_s, u"batch"_s};
        QTest::newRow("running only")
            << QString() << int(SpaceStatus::Running) << QStringList{u"web"_s};
        QTest::newRow("text and status")
            << u"blank"_s << int(SpaceStatus::Stopped) << QStringList{u"batch"_s};
    }

    void filter()
    {
        QFETCH(QString, text);
        QFETCH(int, status);
        QFETCH(QStringList, expected);
        m_proxy->setFilterText(text);
        if (status >= 0)
            m_proxy->setStatusFilter(static_cast<SpaceStatus>(status));
        QCOMPARE(visibleNames(), expected);
        m_proxy->setFilterText({});
        m_proxy->setStatusFilter(std::nullopt);
        QCOMPARE(m_proxy->rowCount(), fixture().size());
    }

    void sort_data()
    {
        QTest::addColumn<int>("column");
        QTest::addColumn<Qt::SortOrder>("order");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("name, case-insensitive")
            << int(SpaceListModel::NameColumn) << Qt::AscendingOrder
            << QStringList{u"Api"_s, u"batch"_s, u"docs"_s, u"web"_s, u"Zeta"_s};
        QTest::newRow("name, descending")
            << int(SpaceListModel::NameColumn) << Qt::DescendingOrder
            << QStringList{u"Zeta"_s, u"web"_s, u"docs"_s, u"batch"_s, u"Api"_s};
        // Running, then the transitions, then the stopped; by name within one status.
        QTest::newRow("status") << int(SpaceListModel::StatusColumn) << Qt::AscendingOrder
                                << QStringList{u"web"_s, u"docs"_s, u"Zeta"_s, u"Api"_s,
                                               u"batch"_s};
        QTest::newRow("template, then name")
            << int(SpaceListModel::TemplateColumn) << Qt::AscendingOrder
            << QStringList{u"batch"_s, u"docs"_s, u"Zeta"_s, u"Api"_s, u"web"_s};
    }

    void sort()
    {
        QFETCH(int, column);
        QFETCH(Qt::SortOrder, order);
        QFETCH(QStringList, expected);
        m_proxy->sort(column, order);
        QCOMPARE(visibleNames(), expected);
    }

    void followsChangesInTheSource()
    {
        m_proxy->setStatusFilter(SpaceStatus::Running);
        QCOMPARE(visibleNames(), QStringList{u"web"_s});
        Space api = fixture().at(1);
        api.isDeployed = true;
        m_model->applySpace(api);
        QCOMPARE(visibleNames(), (QStringList{u"Api"_s, u"web"_s}));
        m_model->applySpace(makeSpace(u"alpha"_s, {}, u"blank"_s, SpaceStatus::Running));
        QCOMPARE(visibleNames(), (QStringList{u"alpha"_s, u"Api"_s, u"web"_s}));
        m_model->removeSpace(u"id-web"_s);
        QCOMPARE(visibleNames(), (QStringList{u"alpha"_s, u"Api"_s}));
    }
};

QTEST_GUILESS_MAIN(SpaceFilterProxyTest)
#include "tst_spacefilterproxy.moc"
