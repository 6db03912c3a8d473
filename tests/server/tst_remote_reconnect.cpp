// spacesd across restarts, against real servers and real sandboxes: it takes its previous port
// again when that port is free and another one when it is not; it publishes its current
// address in the data directory's connection folder, which every space has mounted
// read-only, so that a space adopted after a restart on another port still reaches the
// server with `import spaces`; and under --tls-cert the spaces speak https and trust the
// server's certificate.
#include "SelfSignedCertificate.h"
#include "ServerTestHelpers.h"
#include "SpaceTestKit.h"

#include <QJsonArray>
#include <QTcpServer>
#include <QTest>

using namespace spaces::test;
using namespace Qt::StringLiterals;

namespace {

// Services that answer a request file "go" with what `import spaces` lists, in "out". They
// run from the start of the space, so they keep the environment of the server that started
// them, across restarts of spacesd.
const QJsonObject ListerTemplate{
    {u"name"_s, u"reconnect-lister"_s},
    {u"startup_command"_s,
     u"while :; do if [ -e go ]; then rm -f go; python3 -c 'import spaces; "
     "print(\"spaces: \" + \",\".join(sorted(s[\"name\"] for s in spaces.list())))' "
     "> out.tmp 2>&1; mv out.tmp out; fi; sleep 0.1; done"_s}};

// What a stored script inside a space sees and lists.
const QString ListOverTls = u"#!/usr/bin/env python3\n"
                            "import os, spaces\n"
                            "print('url=' + os.environ.get('SPACES_URL', ''))\n"
                            "print('ca=' + os.environ.get('SPACES_CA_FILE', ''))\n"
                            "print('spaces: ' + ','.join(sorted(s['name'] for s in "
                            "spaces.list())))\n"_s;

QString readText(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

QString publishedUrl(const SpacesdProcess &server)
{
    return readText(server.dataDirectory() + u"/connection/url"_s).trimmed();
}

QString valueAfter(const QString &output, const QString &prefix)
{
    for (const QString &line : output.split(u'\n')) {
        if (line.startsWith(prefix))
            return line.mid(prefix.size());
    }
    return {};
}

} // namespace

class RemoteReconnectTest final : public QObject
{
    Q_OBJECT

private:
    // Asks the lister space for its list; the answer appears as home/out.
    static bool askLister(const TestServer &server, const QString &spaceId)
    {
        const QString home = server.home(spaceId);
        QFile::remove(home + u"/out"_s);
        QFile go(home + u"/go"_s);
        return go.open(QIODevice::WriteOnly);
    }

private Q_SLOTS:
    // The same data directory, the same port: clients and adopted spaces find it where it was.
    void restartTakesThePreviousPort()
    {
        SpacesdProcess server;
        QString problem;
        QVERIFY2(server.start(&problem), qPrintable(problem));
        const int port = server.url().port();
        QVERIFY(port > 0);
        QCOMPARE(publishedUrl(server), server.url().toString());
        QCOMPARE(server.terminate(), 0);

        // server.json is gone (the helper removes it): the connection folder remembers.
        QVERIFY2(server.start(&problem), qPrintable(problem));
        QCOMPARE(server.url().port(), port);
        QCOMPARE(server.terminate(), 0);

        // And a kill, as a crash would: server.json stays behind and names the port.
        QVERIFY2(server.start(&problem), qPrintable(problem));
        server.kill();
        QVERIFY2(server.start(&problem), qPrintable(problem));
        QCOMPARE(server.url().port(), port);
        QCOMPARE(ApiCall(server.url(), server.token()).get(u"/api/ping"_s).status, 200);
    }

    // Another program took the port meanwhile: a new one, no failure, and it is published.
    void takenPortGivesAnother()
    {
        SpacesdProcess server;
        QString problem;
        QVERIFY2(server.start(&problem), qPrintable(problem));
        const quint16 port = quint16(server.url().port());
        QCOMPARE(server.terminate(), 0);

        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost, port));
        QVERIFY2(server.start(&problem), qPrintable(problem));
        QVERIFY(server.url().port() > 0);
        QVERIFY(server.url().port() != port);
        QCOMPARE(ApiCall(server.url(), server.token()).get(u"/api/ping"_s).status, 200);
        QCOMPARE(publishedUrl(server), server.url().toString());
    }

    // An explicit --listen port is not second-guessed.
    void explicitPortWins()
    {
        SpacesdProcess server;
        QString problem;
        QVERIFY2(server.start(&problem), qPrintable(problem));
        const int previous = server.url().port();
        QCOMPARE(server.terminate(), 0);
        const quint16 wanted = freeTcpPort();
        QVERIFY(wanted != 0 && wanted != previous);
        QVERIFY2(server.start(&problem, {u"--listen"_s, u"127.0.0.1:%1"_s.arg(wanted)}),
                 qPrintable(problem));
        QCOMPARE(server.url().port(), int(wanted));
    }

    // The proof: a space started, spacesd restarted on another port (its old one is
    // taken), and the space's own processes, which still hold the old SPACES_URL, reach the
    // new server through the published address.
    void adoptedSpaceFollowsTheServer()
    {
        TestServer server;
        QString problem;
        QVERIFY2(server.start(&problem), qPrintable(problem));
        QVERIFY(!server.createTemplate(ListerTemplate).isEmpty());
        const QString lister = server.createSpace(u"reconnect-lister"_s, u"reconnect-lister"_s);
        QVERIFY(!lister.isEmpty());
        QCOMPARE(server.startSpace(lister), 200);
        KillGuard guard;
        guard.addGroup(server.processGroupOf(lister));
        const QString out = server.home(lister) + u"/out"_s;
        QVERIFY(askLister(server, lister));
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(out), 30000);
        QString answer = readText(out);
        QVERIFY2(answer.contains(u"spaces: reconnect-lister\n"_s), qPrintable(answer));

        const quint16 oldPort = quint16(server.process.url().port());
        QCOMPARE(server.process.terminate(), 0);
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost, oldPort));
        QVERIFY2(server.start(&problem), qPrintable(problem));
        QVERIFY(server.process.url().port() != oldPort);
        QVERIFY(server.isDeployed(lister));
        // Made after the restart: only the new server can list it.
        QVERIFY(!server.createSpace(u"reconnect-later"_s, u"blank"_s).isEmpty());

        QVERIFY(askLister(server, lister));
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(out), 30000);
        answer = readText(out);
        QVERIFY2(answer.contains(u"spaces: reconnect-later,reconnect-lister\n"_s),
                 qPrintable(answer));
        QCOMPARE(server.stopSpace(lister), 200);
    }

    // Under --tls-cert: https inside the spaces, and the module trusts the published
    // certificate (without it, the same call is refused).
    void spacesSpeakHttpsUnderTls()
    {
        SelfSignedCertificate tls;
        QString problem;
        QVERIFY2(tls.create(&problem), qPrintable(problem));
        TestServer server;
        QVERIFY2(server.start(&problem, {u"--tls-cert"_s, tls.certificateFile(), u"--tls-key"_s,
                                         tls.keyFile()}),
                 qPrintable(problem));
        QCOMPARE(server.process.url().scheme(), u"https"_s);
        QCOMPARE(readText(server.process.dataDirectory() + u"/connection/ca.pem"_s),
                 readText(tls.certificateFile()));

        const ApiReply stored = server.api().post(u"/api/scripts"_s, {{u"name"_s, u"list-tls"_s},
                                                                      {u"user_id"_s, u"current"_s},
                                                                      {u"content"_s, ListOverTls}});
        QVERIFY2(stored.status == 201, describeReply(stored));
        const QString id = server.createSpace(u"reconnect-tls"_s, u"blank"_s);
        QVERIFY(!id.isEmpty());
        QCOMPARE(server.startSpace(id), 200);

        const ApiReply ran =
            server.api().post(u"/api/spaces/%1/execute-script"_s.arg(id),
                              {{u"script_name"_s, u"list-tls"_s}, {u"arguments"_s, QJsonArray()}});
        QVERIFY2(ran.status == 200, describeReply(ran));
        const QString output = ran.json.value(u"output"_s).toString();
        QVERIFY2(ran.json.value(u"exit_code"_s).toInt() == 0, qPrintable(output));
        QCOMPARE(valueAfter(output, u"url="_s), server.process.url().toString());
        QCOMPARE(valueAfter(output, u"ca="_s), u"/run/spaces/connection/ca.pem"_s);
        QVERIFY2(output.contains(u"spaces: reconnect-tls\n"_s), qPrintable(output));

        // The certificate is what makes it work: without it Python refuses the server.
        const ApiReply refused = server.api().post(
            u"/api/spaces/%1/run-command"_s.arg(id),
            {{u"command"_s, u"env -u SPACES_CA_FILE -u SPACES_URL_FILE python3 -c "
                            "'import spaces; spaces.list()' 2>&1"_s}});
        QVERIFY2(refused.status == 200, describeReply(refused));
        const QString sentence = refused.json.value(u"output"_s).toString();
        QVERIFY2(sentence.contains(u"CERTIFICATE_VERIFY_FAILED"_s), qPrintable(sentence));
        QCOMPARE(server.stopSpace(id), 200);
    }
};

QTEST_GUILESS_MAIN(RemoteReconnectTest)
#include "tst_remote_reconnect.moc"
