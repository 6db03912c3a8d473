// ConnectionProfiles: "This computer" always first and fixed, Knot profiles added, updated,
// removed and kept in an INI file of mode 0600, with validation sentences.
#include "ConnectionProfiles.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace spaces;
using namespace Qt::StringLiterals;

class ConnectionProfilesTest final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_directory;

    QString path() const { return m_directory.filePath(u"config/connections.ini"_s); }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_directory.isValid());
        QFile::remove(path());
    }

    void thisComputerIsAlwaysThere()
    {
        ConnectionProfiles profiles(path());
        QCOMPARE(profiles.profiles().size(), 1);
        const ConnectionProfile local = profiles.profiles().first();
        QVERIFY(local.isLocal());
        QCOMPARE(local.name, u"This computer"_s);
        QCOMPARE(profiles.currentId(), QString(ConnectionProfiles::LocalId));
        QVERIFY(profiles.current().isLocal());
        QString error;
        QVERIFY(!profiles.remove(QString(ConnectionProfiles::LocalId), &error));
        QCOMPARE(error, u"This computer cannot be removed."_s);
        QVERIFY(!profiles.update(local, &error));
        QCOMPARE(error, u"This computer cannot be changed."_s);
        QVERIFY(!QFile::exists(path())); // nothing written until something changes
    }

    void addUpdateRemoveAndPersist()
    {
        QString id;
        {
            ConnectionProfiles profiles(path());
            QSignalSpy changed(&profiles, &ConnectionProfiles::profilesChanged);
            QSignalSpy current(&profiles, &ConnectionProfiles::currentChanged);
            QString error;
            id = profiles.add(u" Team cluster "_s, u"https://knot.example.com/"_s, u"secret"_s,
                              &error);
            QVERIFY2(!id.isEmpty(), qPrintable(error));
            QCOMPARE(changed.size(), 1);
            QVERIFY(profiles.setCurrent(id, &error));
            QCOMPARE(current.size(), 1);
            QCOMPARE(profiles.current().name, u"Team cluster"_s);
            QCOMPARE(profiles.current().url, QUrl(u"https://knot.example.com"_s));
            QCOMPARE(profiles.current().token, u"secret"_s);
            QVERIFY(!profiles.setCurrent(u"nope"_s, &error));
            QCOMPARE(error, u"There is no such connection."_s);
        }
        QCOMPARE(QFile::permissions(path()), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                 QFileDevice::ReadUser | QFileDevice::WriteUser);
        {
            ConnectionProfiles profiles(path());
            QCOMPARE(profiles.profiles().size(), 2);
            QCOMPARE(profiles.currentId(), id);
            ConnectionProfile changedProfile = *profiles.profile(id);
            changedProfile.name = u"Cluster"_s;
            changedProfile.token = u"other"_s;
            QString error;
            QVERIFY2(profiles.update(changedProfile, &error), qPrintable(error));
        }
        {
            ConnectionProfiles profiles(path());
            QCOMPARE(profiles.profile(id)->name, u"Cluster"_s);
            QCOMPARE(profiles.profile(id)->token, u"other"_s);
            QSignalSpy current(&profiles, &ConnectionProfiles::currentChanged);
            QString error;
            QVERIFY(profiles.remove(id, &error));
            // The current one went: back to this computer.
            QCOMPARE(current.size(), 1);
            QVERIFY(profiles.current().isLocal());
            QVERIFY(!profiles.remove(id, &error));
            QCOMPARE(error, u"There is no such connection."_s);
        }
        ConnectionProfiles reread(path());
        QCOMPARE(reread.profiles().size(), 1);
        QVERIFY(reread.current().isLocal());
        const QFileDevice::Permissions others = QFileDevice::ReadGroup | QFileDevice::WriteGroup |
                                                QFileDevice::ExeGroup | QFileDevice::ReadOther |
                                                QFileDevice::WriteOther | QFileDevice::ExeOther;
        QCOMPARE(QFile::permissions(path()) & others, QFileDevice::Permissions());
    }

    void validation_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("token");
        QTest::addColumn<QString>("sentence");
        const QString badUrl = u"The server address must start with http:// or https:// and "
                               u"name a host, e.g. https://knot.example.com."_s;
        QTest::newRow("empty name")
            << u"  "_s << u"https://a.example"_s << u"t"_s << u"Give the connection a name."_s;
        QTest::newRow("empty token") << u"A"_s << u"https://a.example"_s << u" "_s
                                     << u"Enter the API token of the server."_s;
        QTest::newRow("no scheme") << u"A"_s << u"knot.example.com"_s << u"t"_s << badUrl;
        QTest::newRow("ftp") << u"A"_s << u"ftp://knot.example.com"_s << u"t"_s << badUrl;
        QTest::newRow("no host") << u"A"_s << u"http://"_s << u"t"_s << badUrl;
        QTest::newRow("empty url") << u"A"_s << QString() << u"t"_s << badUrl;
        QTest::newRow("reserved name") << u"this computer"_s << u"http://a.example:3000"_s << u"t"_s
                                       << u"The name \"this computer\" is taken by another "
                                          u"connection."_s;
        QTest::newRow("fine") << u"A"_s << u"http://127.0.0.1:3000"_s << u"t"_s << QString();
    }

    void validation()
    {
        QFETCH(QString, name);
        QFETCH(QString, url);
        QFETCH(QString, token);
        QFETCH(QString, sentence);
        ConnectionProfiles profiles(path());
        QString error;
        const QString id = profiles.add(name, url, token, &error);
        QCOMPARE(error, sentence);
        QCOMPARE(id.isEmpty(), !sentence.isEmpty());
        QCOMPARE(profiles.profiles().size(), sentence.isEmpty() ? 2 : 1);
    }

    void duplicateNamesAreRefused()
    {
        ConnectionProfiles profiles(path());
        QString error;
        QVERIFY(!profiles.add(u"Cluster"_s, u"https://a.example"_s, u"t"_s, &error).isEmpty());
        QVERIFY(profiles.add(u"cluster"_s, u"https://b.example"_s, u"t"_s, &error).isEmpty());
        QCOMPARE(error, u"The name \"cluster\" is taken by another connection."_s);
    }

    void defaultPathIsInTheConfigDirectory()
    {
        QVERIFY(ConnectionProfiles::settingsPath().endsWith(u"/connections.ini"_s));
    }
};

QTEST_GUILESS_MAIN(ConnectionProfilesTest)
#include "tst_connectionprofiles.moc"
