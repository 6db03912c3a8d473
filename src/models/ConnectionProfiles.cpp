#include "ConnectionProfiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>
#include <QUuid>

namespace spaces {

using namespace Qt::StringLiterals;

namespace {

constexpr QFileDevice::Permissions OwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

const QString &profilesGroup()
{
    static const QString group = u"profiles"_s;
    return group;
}

} // namespace

bool ConnectionProfile::isLocal() const
{
    return id == ConnectionProfiles::LocalId;
}

ConnectionProfiles::ConnectionProfiles(QObject *parent)
    : ConnectionProfiles(settingsPath(), parent)
{}

ConnectionProfiles::ConnectionProfiles(const QString &settingsFile, QObject *parent)
    : QObject(parent)
    , m_fileName(settingsFile)
    , m_currentId(LocalId)
{
    load();
}

QString ConnectionProfiles::settingsPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) +
           u"/connections.ini"_s;
}

QString ConnectionProfiles::fileName() const
{
    return m_fileName;
}

QList<ConnectionProfile> ConnectionProfiles::profiles() const
{
    return QList<ConnectionProfile>{localProfile()} + m_servers;
}

std::optional<ConnectionProfile> ConnectionProfiles::profile(const QString &id) const
{
    if (id == LocalId)
        return localProfile();
    const int at = indexOf(id);
    if (at < 0)
        return std::nullopt;
    return m_servers.at(at);
}

ConnectionProfile ConnectionProfiles::localProfile()
{
    return {QString(LocalId), tr("This computer"), {}, {}};
}

QString ConnectionProfiles::add(const QString &name, const QString &url, const QString &token,
                                QString *error)
{
    const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    if (const QString sentence = check(id, name, url, token); !sentence.isEmpty()) {
        if (error)
            *error = sentence;
        return {};
    }
    m_servers.append({id, name.trimmed(), normalizedUrl(url), token.trimmed()});
    if (!save(error)) {
        m_servers.removeLast();
        return {};
    }
    Q_EMIT profilesChanged();
    return id;
}

bool ConnectionProfiles::update(const ConnectionProfile &profile, QString *error)
{
    const int at = indexOf(profile.id);
    QString sentence;
    if (profile.isLocal())
        sentence = tr("This computer cannot be changed.");
    else if (at < 0)
        sentence = tr("There is no such connection.");
    else
        sentence = check(profile.id, profile.name, profile.url.toString(), profile.token);
    if (!sentence.isEmpty()) {
        if (error)
            *error = sentence;
        return false;
    }
    const ConnectionProfile before = m_servers.at(at);
    m_servers[at] = {profile.id, profile.name.trimmed(), normalizedUrl(profile.url.toString()),
                     profile.token.trimmed()};
    if (!save(error)) {
        m_servers[at] = before;
        return false;
    }
    Q_EMIT profilesChanged();
    return true;
}

bool ConnectionProfiles::remove(const QString &id, QString *error)
{
    const int at = indexOf(id);
    QString sentence;
    if (id == LocalId)
        sentence = tr("This computer cannot be removed.");
    else if (at < 0)
        sentence = tr("There is no such connection.");
    if (!sentence.isEmpty()) {
        if (error)
            *error = sentence;
        return false;
    }
    const ConnectionProfile removed = m_servers.takeAt(at);
    const QString previousCurrent = m_currentId;
    if (m_currentId == id)
        m_currentId = LocalId;
    if (!save(error)) {
        m_servers.insert(at, removed);
        m_currentId = previousCurrent;
        return false;
    }
    Q_EMIT profilesChanged();
    if (m_currentId != previousCurrent)
        Q_EMIT currentChanged(m_currentId);
    return true;
}

QString ConnectionProfiles::currentId() const
{
    return m_currentId;
}

ConnectionProfile ConnectionProfiles::current() const
{
    return profile(m_currentId).value_or(localProfile());
}

bool ConnectionProfiles::setCurrent(const QString &id, QString *error)
{
    if (!profile(id)) {
        if (error)
            *error = tr("There is no such connection.");
        return false;
    }
    if (id == m_currentId)
        return true;
    const QString previous = m_currentId;
    m_currentId = id;
    if (!save(error)) {
        m_currentId = previous;
        return false;
    }
    Q_EMIT currentChanged(id);
    return true;
}

QString ConnectionProfiles::checkName(const QString &name)
{
    if (name.trimmed().isEmpty())
        return tr("Give the connection a name.");
    return {};
}

QString ConnectionProfiles::checkUrl(const QString &url)
{
    const QUrl parsed(url.trimmed(), QUrl::StrictMode);
    const QString scheme = parsed.scheme().toLower();
    if (url.trimmed().isEmpty() || !parsed.isValid() ||
        (scheme != u"http"_s && scheme != u"https"_s) || parsed.host().isEmpty())
        return tr("The server address must start with http:// or https:// and name a host, "
                  "e.g. https://knot.example.com.");
    return {};
}

QString ConnectionProfiles::checkToken(const QString &token)
{
    if (token.trimmed().isEmpty())
        return tr("Enter the API token of the server.");
    return {};
}

QString ConnectionProfiles::check(const QString &id, const QString &name, const QString &url,
                                  const QString &token) const
{
    for (const QString &sentence : {checkName(name), checkUrl(url), checkToken(token)}) {
        if (!sentence.isEmpty())
            return sentence;
    }
    const QString wanted = name.trimmed();
    if (wanted.compare(localProfile().name, Qt::CaseInsensitive) == 0)
        return tr("The name \"%1\" is taken by another connection.").arg(wanted);
    for (const ConnectionProfile &other : m_servers) {
        if (other.id != id && other.name.compare(wanted, Qt::CaseInsensitive) == 0)
            return tr("The name \"%1\" is taken by another connection.").arg(wanted);
    }
    return {};
}

QUrl ConnectionProfiles::normalizedUrl(const QString &url)
{
    QUrl result(url.trimmed(), QUrl::StrictMode);
    result.setScheme(result.scheme().toLower());
    QString path = result.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    result.setPath(path);
    return result;
}

void ConnectionProfiles::load()
{
    if (!QFileInfo::exists(m_fileName))
        return;
    QSettings settings(m_fileName, QSettings::IniFormat);
    const int count = settings.beginReadArray(profilesGroup());
    for (int i = 0; i < count; ++i) {
        settings.setArrayIndex(i);
        const QString id = settings.value(u"id"_s).toString();
        const QString name = settings.value(u"name"_s).toString();
        const QString url = settings.value(u"url"_s).toString();
        const QString token = settings.value(u"token"_s).toString();
        // A hand-edited entry that breaks the rules is skipped, not shown half-working.
        if (id.isEmpty() || id == LocalId || indexOf(id) >= 0 ||
            !check(id, name, url, token).isEmpty())
            continue;
        m_servers.append({id, name.trimmed(), normalizedUrl(url), token.trimmed()});
    }
    settings.endArray();
    const QString current = settings.value(u"current"_s).toString();
    m_currentId = profile(current) ? current : QString(LocalId);
}

bool ConnectionProfiles::save(QString *error) const
{
    const QFileInfo info(m_fileName);
    if (!QDir().mkpath(info.absolutePath())) {
        if (error)
            *error = tr("Cannot create the folder %1.").arg(info.absolutePath());
        return false;
    }
    // Created owner-only before the first token is written, not made so afterwards only.
    if (!info.exists()) {
        QFile file(m_fileName);
        if (!file.open(QIODevice::WriteOnly, OwnerOnly)) {
            if (error)
                *error = tr("Cannot write %1: %2").arg(m_fileName, file.errorString());
            return false;
        }
    }
    {
        QSettings settings(m_fileName, QSettings::IniFormat);
        settings.clear();
        settings.setValue(u"current"_s, m_currentId);
        settings.beginWriteArray(profilesGroup(), int(m_servers.size()));
        for (int i = 0; i < int(m_servers.size()); ++i) {
            const ConnectionProfile &server = m_servers.at(i);
            settings.setArrayIndex(i);
            settings.setValue(u"id"_s, server.id);
            settings.setValue(u"name"_s, server.name);
            settings.setValue(u"url"_s, server.url.toString());
            settings.setValue(u"token"_s, server.token);
        }
        settings.endArray();
        settings.sync();
        if (settings.status() != QSettings::NoError) {
            if (error)
                *error = tr("Cannot write %1.").arg(m_fileName);
            return false;
        }
    }
    if (!QFile::setPermissions(m_fileName, OwnerOnly)) {
        if (error)
            *error = tr("Cannot make %1 readable by you only.").arg(m_fileName);
        return false;
    }
    return true;
}

int ConnectionProfiles::indexOf(const QString &id) const
{
    for (int at = 0; at < int(m_servers.size()); ++at) {
        if (m_servers.at(at).id == id)
            return at;
    }
    return -1;
}

} // namespace spaces
