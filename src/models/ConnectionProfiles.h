#pragma once

#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>
#include <optional>

namespace spaces {

// One server the app can talk to: "This computer" (the local spacesd, found through the file
// it writes at start) or a Knot server given by its URL and an API token.
struct ConnectionProfile
{
    QString id;   // LocalId for this computer, else a UUID
    QString name; // as the user named it
    QUrl url;     // Knot servers only
    QString token;

    bool isLocal() const;

    friend bool operator==(const ConnectionProfile &, const ConnectionProfile &) = default;
};

// The app's connection profiles, kept in an INI file only its user may read (mode 0600: the
// tokens are secrets). "This computer" is always there, first, and cannot be removed or
// changed; Knot profiles are added, updated and removed. One profile is the current one.
// Every change is written at once; a failure to write is reported as a sentence.
class ConnectionProfiles final : public QObject
{
    Q_OBJECT

public:
    static constexpr QLatin1StringView LocalId{"local"};

    // The file in the user's configuration directory.
    explicit ConnectionProfiles(QObject *parent = nullptr);
    // A file of the caller's choice (tests, a --config option).
    explicit ConnectionProfiles(const QString &settingsFile, QObject *parent = nullptr);

    // <AppConfigLocation>/connections.ini
    static QString settingsPath();
    QString fileName() const;

    // "This computer" first, then the Knot servers in the order they were added.
    QList<ConnectionProfile> profiles() const;
    std::optional<ConnectionProfile> profile(const QString &id) const;
    static ConnectionProfile localProfile();

    // The new profile's id, or an empty string with the sentence in *error.
    QString add(const QString &name, const QString &url, const QString &token, QString *error);
    // Replaces name, url and token of the Knot profile with profile.id.
    bool update(const ConnectionProfile &profile, QString *error);
    bool remove(const QString &id, QString *error);

    QString currentId() const;
    ConnectionProfile current() const;
    bool setCurrent(const QString &id, QString *error);

    // Validation sentences, empty when the value is fine.
    static QString checkName(const QString &name);
    static QString checkUrl(const QString &url);
    static QString checkToken(const QString &token);

Q_SIGNALS:
    void profilesChanged();
    void currentChanged(const QString &id);

private:
    // Checks a Knot profile against the rules and the other profiles (`id` is its own).
    QString check(const QString &id, const QString &name, const QString &url,
                  const QString &token) const;
    static QUrl normalizedUrl(const QString &url);
    void load();
    bool save(QString *error) const;
    int indexOf(const QString &id) const;

    QString m_fileName;
    QList<ConnectionProfile> m_servers; // the Knot profiles
    QString m_currentId;
};

} // namespace spaces
