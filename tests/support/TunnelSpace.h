#pragma once

// A running sandboxed space that serves two ports, for the tests of the port tunnel: a web
// server (python3 -m http.server on its home, holding index.html) and a TCP echo server that
// appends a line to ~/closed.log each time a connection to it ends, so that a test sees the
// far end of a tunnel close. Header only; the space's processes go with the server.
#include "SpaceTestKit.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>

namespace spaces::test {

class TunnelSpace final
{
public:
    // Creates the template (once per server), the space and its files, and starts it.
    bool start(const TestServer &server, const QString &name, QString *error)
    {
        m_server = &server;
        m_webPort = freeTcpPort();
        m_echoPort = freeTcpPort();
        while (m_echoPort == m_webPort)
            m_echoPort = freeTcpPort();
        const QJsonObject body{
            {u"name"_s, u"two-ports"_s},
            {u"custom_fields"_s, QJsonArray{QJsonObject{{u"name"_s, u"web_port"_s}},
                                            QJsonObject{{u"name"_s, u"echo_port"_s}}}},
            {u"startup_command"_s, u"python3 echo.py \"$echo_port\" & exec python3 -m http.server "
                                   u"\"$web_port\" --bind 127.0.0.1"_s}};
        ApiReply reply;
        server.createTemplate(body, &reply); // 400 when it exists already: fine
        m_id = server.createSpace(name, u"two-ports"_s,
                                  {{u"web_port"_s, QString::number(m_webPort)},
                                   {u"echo_port"_s, QString::number(m_echoPort)}},
                                  {}, &reply);
        if (m_id.isEmpty()) {
            *error = u"create: "_s + QString::fromUtf8(reply.body);
            return false;
        }
        const QString home = server.home(m_id);
        QDir().mkpath(home);
        if (!write(home + u"/echo.py"_s, EchoScript) ||
            !write(home + u"/index.html"_s,
                   "<title>tunnel</title><h1>Hello through the tunnel</h1>\n")) {
            *error = u"could not write into "_s + home;
            return false;
        }
        if (const int status = server.startSpace(name); status != 200) {
            *error = u"start: status %1"_s.arg(status);
            return false;
        }
        return true;
    }

    // Both servers listen (the ports are taken).
    bool isListening() const { return !canListenOn(m_webPort) && !canListenOn(m_echoPort); }
    // Connections to the echo server that have ended so far.
    int closedEchoConnections() const
    {
        QFile log(m_server->home(m_id) + u"/closed.log"_s);
        return log.open(QIODevice::ReadOnly) ? int(log.readAll().count('\n')) : 0;
    }

    QString id() const { return m_id; }
    quint16 webPort() const { return m_webPort; }
    quint16 echoPort() const { return m_echoPort; }

private:
    static bool write(const QString &path, const QByteArray &content)
    {
        QFile file(path);
        return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
               file.write(content) == content.size();
    }

    static constexpr const char *EchoScript = R"(import socket, sys, threading
server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", int(sys.argv[1])))
server.listen(64)
lock = threading.Lock()
def serve(connection):
    try:
        while True:
            data = connection.recv(65536)
            if not data:
                break
            connection.sendall(data)
    except OSError:
        pass
    connection.close()
    with lock, open("closed.log", "a") as log:
        log.write("closed\n")
while True:
    client, _ = server.accept()
    threading.Thread(target=serve, args=(client,), daemon=True).start()
)";

    const TestServer *m_server = nullptr;
    QString m_id;
    quint16 m_webPort = 0;
    quint16 m_echoPort = 0;
};

} // namespace spaces::test
