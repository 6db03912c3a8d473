#include "TerminalClient.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>
#include <QTest>

namespace spaces::test {

namespace {

// Output a test keeps to look for text in; a flood beyond it is only counted.
constexpr qsizetype KeptOutput = 4 * 1024 * 1024;

} // namespace

TerminalClient::TerminalClient(const QUrl &server, const QString &token, QObject *parent)
    : QObject(parent)
    , m_server(server)
    , m_token(token)
{
    // Not connected(): Qt 6.4 skips it when the close frame came with the handshake's answer.
    connect(&m_socket, &QWebSocket::stateChanged, this, [this](QAbstractSocket::SocketState state) {
        if (state == QAbstractSocket::ConnectedState)
            m_wasConnected = true;
    });
    connect(&m_socket, &QWebSocket::binaryMessageReceived, this, [this](const QByteArray &bytes) {
        m_received += bytes.size();
        if (m_output.size() < KeptOutput)
            m_output += bytes;
    });
}

bool TerminalClient::open(const QString &space, const QString &shell, const QString &query,
                          int timeoutMs)
{
    QUrl url = m_server;
    url.setScheme(m_server.scheme() == QLatin1String("https") ? QStringLiteral("wss")
                                                              : QStringLiteral("ws"));
    url.setPath(QStringLiteral("/proxy/spaces/%1/terminal/%2").arg(space, shell));
    if (!query.isEmpty())
        url.setQuery(query);
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    m_wasConnected = false;
    m_socket.open(request);
    // A short program may have ended, and closed the socket, before this looks again.
    return QTest::qWaitFor(
               [this] {
                   return m_wasConnected || m_socket.state() == QAbstractSocket::UnconnectedState;
               },
               timeoutMs) &&
           m_wasConnected;
}

void TerminalClient::type(const QByteArray &keys)
{
    m_socket.sendBinaryMessage(keys);
}

void TerminalClient::resize(int columns, int rows)
{
    const QByteArray size = QJsonDocument(QJsonObject{{QStringLiteral("cols"), columns},
                                                      {QStringLiteral("rows"), rows}})
                                .toJson(QJsonDocument::Compact);
    m_socket.sendBinaryMessage('\x01' + size);
}

bool TerminalClient::waitForOutput(const QByteArray &text, int timeoutMs)
{
    return QTest::qWaitFor([&] { return m_output.contains(text); }, timeoutMs);
}

bool TerminalClient::waitForDisconnected(int timeoutMs)
{
    return QTest::qWaitFor([this] { return m_socket.state() == QAbstractSocket::UnconnectedState; },
                           timeoutMs);
}

} // namespace spaces::test
