// SpaceListJson, the body of GET /api/spaces written straight from SQLite's rows: on a real
// Store (SQLite on a temporary file), its bytes are exactly those QJsonDocument writes for
// the list the Store reads (Space::toJson of SpaceRows), for awkward text in every field,
// custom fields set, unset and stray, runtime state and failures, times the Store did not
// write, other users' spaces, and templates changed between two lists.
#include "SpaceReader.h"
#include "Store.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <chrono>
#include <future>

using namespace spaces;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

// What the route answered before it was written from the rows: Space::toJson per space.
QByteArray expectedBody(const SpaceList &spaces)
{
    QJsonArray array;
    for (const Space &space : spaces)
        array.append(space.toJson());
    return QJsonDocument(QJsonObject{{u"count"_s, array.size()}, {u"spaces"_s, array}})
        .toJson(QJsonDocument::Compact);
}

Expected<QByteArray> listBody(SpaceReader &reader, const QString &userId)
{
    auto answer = std::make_shared<std::promise<Expected<QByteArray>>>();
    std::future<Expected<QByteArray>> body = answer->get_future();
    reader.listBodyOf(userId,
                      [answer](const Expected<QByteArray> &result) { answer->set_value(result); });
    if (body.wait_for(30s) != std::future_status::ready)
        return ApiError{500, u"no answer from the reader within 30 s"_s};
    return body.get();
}

SpaceTemplate makeTemplate(const QString &name, const QString &platform, const QStringList &fields)
{
    SpaceTemplate spaceTemplate;
    spaceTemplate.name = name;
    spaceTemplate.platform = platform;
    for (const QString &field : fields)
        spaceTemplate.customFields.append(CustomFieldDefinition{field, u"a field"_s});
    return spaceTemplate;
}

} // namespace

class SpaceListJsonTest final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        // A database per test function, none shared.
        m_store = std::make_unique<Store>(
            m_dir.filePath(QString::fromLatin1(QTest::currentTestFunction()) + u".db"_s));
        const Expected<void> opened = m_store->open();
        QVERIFY2(opened, qPrintable(opened.error().message));
        m_reader = std::make_unique<SpaceReader>(m_store->path());
        const Expected<User> user = m_store->createUser(u"ana \"ü\" \\ 🚀"_s, Permission::UseSpaces);
        QVERIFY(user);
        m_user = *user;
    }

    void cleanup()
    {
        m_reader.reset();
        m_store.reset();
    }

    void noSpaces()
    {
        const Expected<QByteArray> body = listBody(*m_reader, m_user.id);
        QVERIFY2(body, qPrintable(body.error().message));
        QCOMPARE(*body, QByteArray(R"({"count":0,"spaces":[]})"));
        QCOMPARE(*body, expectedBody(m_store->spacesOf(m_user.id)));
    }

    void awkwardSpacesAreWrittenAsBefore()
    {
        SpaceTemplate fields = makeTemplate(u"fields \"ü\"\t"_s, u"manual"_s,
                                            {u"color"_s, u"größe \"x\"\n"_s, u"unset"_s});
        SpaceTemplate podman = makeTemplate(u"podman"_s, u"podman"_s, {});
        SpaceTemplate unknown = makeTemplate(u"unknown platform"_s, u"os/2"_s, {u"color"_s});
        for (SpaceTemplate *spaceTemplate : {&fields, &podman, &unknown})
            QVERIFY(m_store->saveTemplate(*spaceTemplate, false));

        QString controls;
        for (char16_t c = 0; c < 0x20; ++c)
            controls.append(QChar(c));
        const QStringList names{u"zed"_s,        u"Zed"_s,       u"alpha"_s,
                                u"émile 空间"_s, u"a\"b\\c"_s,   u"tab\there"_s,
                                u"🚀 launch"_s,   u"</script>"_s, u"x"_s.repeated(300)};
        QList<Space> made;
        for (qsizetype i = 0; i < names.size(); ++i) {
            Space space;
            space.userId = m_user.id;
            space.name = names[i];
            space.description =
                i % 3 == 0 ? controls + u" \u2028\u2029 \u007f end"_s : u"Grüße \"quoted\""_s;
            space.templateId = (i % 3 == 0 ? fields : i % 3 == 1 ? podman : unknown).id;
            space.shell = i % 2 ? u"zsh"_s : u"bash"_s;
            if (space.templateId == fields.id)
                space.customFields = {{u"color"_s, u"blue \"ish\" ü\n"_s},
                                      {u"größe \"x\"\n"_s, u"42"_s}};
            QVERIFY(m_store->insertSpace(space));
            made.append(space);
        }
        // A value for a field no template defines is kept by the Store, never listed.
        QVERIFY(m_store->setFieldValue(made[0].id, u"stray"_s, u"never shown"_s));
        QVERIFY(m_store->setFieldValue(made[2].id, u"color"_s, u"red"_s));

        Store::RuntimeState running;
        running.deployed = true;
        running.startedAt = QDateTime::currentDateTimeUtc();
        running.hasState = false;
        running.handle = u"group:1"_s;
        QVERIFY(m_store->setRuntimeState(made[1].id, running));
        running.hasState = true;
        QVERIFY(m_store->setRuntimeState(made[3].id, running));
        Store::RuntimeState failed;
        failed.pending = true;
        SpaceExit exit;
        exit.code = 3;
        exit.at = QDateTime::currentDateTimeUtc();
        exit.reason = u"exited with status 3"_s;
        exit.log = {u"line \"1\""_s, u"\u001b[31mred\u001b[0m"_s, u"ünï 🚀"_s};
        failed.lastExit = exit;
        QVERIFY(m_store->setRuntimeState(made[4].id, failed));
        SpaceExit killed;
        killed.signal = u"SIGKILL"_s;
        killed.at = QDateTime::currentDateTimeUtc();
        killed.reason = u"killed by SIGKILL"_s;
        failed.pending = false;
        failed.lastExit = killed;
        QVERIFY(m_store->setRuntimeState(made[5].id, failed));

        // Times in the database the Store would not have written: with an offset, without
        // milliseconds, an impossible date, no time at all.
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"hand-edit"_s);
            db.setDatabaseName(m_store->path());
            QVERIFY(db.open());
            QSqlQuery edit(db);
            const QList<std::pair<QString, QString>> times{
                {made[6].id, u"2026-12-02T08:01:01.250+01:00"_s},
                {made[7].id, u"2026-12-02T07:01:01Z"_s},
                {made[8].id, u"2026-02-31T07:01:01.000Z"_s},
                {made[0].id, u"yesterday"_s}};
            for (const auto &[id, time] : times) {
                QVERIFY(edit.prepare(u"UPDATE spaces SET created_at = ?, started_at = ? "
                                     "WHERE id = ?"_s));
                edit.addBindValue(time);
                edit.addBindValue(time);
                edit.addBindValue(id);
                QVERIFY(edit.exec());
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(u"hand-edit"_s);

        // Someone else's space is not in the list.
        const Expected<User> other = m_store->createUser(u"bob"_s, Permission::UseSpaces);
        QVERIFY(other);
        Space theirs;
        theirs.userId = other->id;
        theirs.name = u"alpha"_s;
        theirs.templateId = fields.id;
        theirs.shell = u"sh"_s;
        QVERIFY(m_store->insertSpace(theirs));

        const SpaceList spaces = m_store->spacesOf(m_user.id);
        QCOMPARE(spaces.size(), names.size());
        const Expected<QByteArray> body = listBody(*m_reader, m_user.id);
        QVERIFY2(body, qPrintable(body.error().message));
        QCOMPARE(*body, expectedBody(spaces));
        QJsonParseError error;
        const QJsonDocument parsed = QJsonDocument::fromJson(*body, &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(Space::fromJson(parsed[u"spaces"_s][0].toObject()).name, spaces.first().name);

        const Expected<QByteArray> theirBody = listBody(*m_reader, other->id);
        QVERIFY(theirBody);
        QCOMPARE(*theirBody, expectedBody(m_store->spacesOf(other->id)));
    }

    // The parsed facts of a template are kept between lists: a change of its document (its
    // fields, its platform) shows in the next list, as does a new template.
    void changedTemplatesShowInTheNextList()
    {
        SpaceTemplate spaceTemplate = makeTemplate(u"changing"_s, u"manual"_s, {u"one"_s});
        QVERIFY(m_store->saveTemplate(spaceTemplate, false));
        for (int i = 0; i < 300; ++i) {
            Space space;
            space.userId = m_user.id;
            space.name = u"space-%1"_s.arg(i, 3, 10, QChar(u'0'));
            space.templateId = spaceTemplate.id;
            space.shell = u"bash"_s;
            space.customFields = {{u"one"_s, QString::number(i)}, {u"two"_s, u"2"_s}};
            QVERIFY(m_store->insertSpace(space));
        }
        Expected<QByteArray> body = listBody(*m_reader, m_user.id);
        QVERIFY(body);
        QCOMPARE(*body, expectedBody(m_store->spacesOf(m_user.id)));
        QVERIFY(!body->contains("\"two\""));

        SpaceTemplate changed = makeTemplate(u"changing"_s, u"podman"_s, {u"two"_s, u"one"_s});
        QVERIFY(m_store->saveTemplate(changed, true));
        QCOMPARE(changed.id, spaceTemplate.id);
        SpaceTemplate added = makeTemplate(u"added"_s, u"container"_s, {u"three"_s});
        QVERIFY(m_store->saveTemplate(added, false));
        Space space;
        space.userId = m_user.id;
        space.name = u"space-new"_s;
        space.templateId = added.id;
        space.shell = u"sh"_s;
        QVERIFY(m_store->insertSpace(space));

        // Both reader threads have their own facts: ask often enough to reach either.
        for (int i = 0; i < 4; ++i) {
            body = listBody(*m_reader, m_user.id);
            QVERIFY(body);
            QCOMPARE(*body, expectedBody(m_store->spacesOf(m_user.id)));
        }
        QVERIFY(body->contains(R"({"name":"two","value":"2"})"));
        QVERIFY(body->contains(R"("platform":"podman")"));
        QVERIFY(body->contains(R"({"name":"three","value":""})"));
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<SpaceReader> m_reader;
    User m_user;
};

QTEST_GUILESS_MAIN(SpaceListJsonTest)
#include "tst_space_list_json.moc"
