#include "McpClientConfig.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace spaces {

namespace {

QString servers(const QJsonObject &server)
{
    const QJsonObject all{
        {QStringLiteral("mcpServers"), QJsonObject{{QStringLiteral("spaces"), server}}}};
    return QString::fromUtf8(QJsonDocument(all).toJson(QJsonDocument::Indented)).trimmed();
}

} // namespace

McpClientConfig::McpClientConfig(QUrl serverUrl, bool local, QString spacectlPath)
    : m_serverUrl(std::move(serverUrl))
    , m_local(local)
    , m_spacectlPath(std::move(spacectlPath))
{}

QString McpClientConfig::serverAddress() const
{
    // StripTrailingSlash keeps the root's "/": strip by hand.
    QString address =
        m_serverUrl.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment)
            .toString();
    while (address.endsWith(u'/'))
        address.chop(1);
    return address;
}

QString McpClientConfig::mcpUrl() const
{
    return serverAddress() + QStringLiteral("/mcp");
}

QString McpClientConfig::stdioCommand() const
{
    return m_spacectlPath + QStringLiteral(" mcp");
}

QString McpClientConfig::stdioSnippet(const QString &token) const
{
    QJsonObject server{{QStringLiteral("command"), m_spacectlPath},
                       {QStringLiteral("args"), QJsonArray{QStringLiteral("mcp")}}};
    if (!m_local) {
        server.insert(QStringLiteral("env"),
                      QJsonObject{{QStringLiteral("SPACES_URL"), serverAddress()},
                                  {QStringLiteral("SPACES_TOKEN"), token}});
    }
    return servers(server);
}

QString McpClientConfig::httpSnippet(const QString &token) const
{
    return servers(
        {{QStringLiteral("type"), QStringLiteral("http")},
         {QStringLiteral("url"), mcpUrl()},
         {QStringLiteral("headers"), QJsonObject{{QStringLiteral("Authorization"),
                                                  QString(QStringLiteral("Bearer ") + token)}}}});
}

QString McpClientConfig::spacectlBesides(const QString &applicationDirectory)
{
    const QString besides = QDir(applicationDirectory).filePath(QStringLiteral("spacectl"));
    return QFileInfo(besides).isExecutable() ? besides : QStringLiteral("spacectl");
}

} // namespace spaces
