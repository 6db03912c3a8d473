#pragma once

#include "Expected.h"

#include <QString>
#include <QStringList>
#include <chrono>

namespace spaces {

// The validation rules of the spaces API, in one place for the server, the client and the
// forms. Each check returns an empty string when the value is valid, else the sentence the
// server answers with (so a form can show exactly what the server would say).
class Validation final
{
public:
    static constexpr qsizetype MaxDescriptionBytes = 1024;
    static constexpr int MaxNameLength = 64;
    static constexpr std::chrono::seconds DefaultRunTimeout{30};
    static constexpr std::chrono::seconds MaxRunTimeout{3600};

    static QString checkSpaceName(const QString &name);
    // The name when valid, else a 400 whose sentence says which rule it breaks, in the user's
    // language: 2 to 64 characters, a letter first, ASCII letters, digits and "-", no "--".
    // For forms and usage checks; the server answers checkSpaceName's sentence.
    static Expected<QString> spaceName(const QString &name);
    static QString checkDescription(const QString &description);
    // An empty shell is allowed only when creating (it means the user's preferred shell).
    static QString checkShell(const QString &shell, bool allowEmpty);
    static QString checkCustomFieldName(const QString &name);
    static QString checkLocalPort(qint64 port);
    static QString checkRemotePort(qint64 port);
    static QString checkTemplateName(const QString &name);
    static QString checkScriptName(const QString &name);

    static const QStringList &shells();
    // Knot's platforms of templates and spaces: manual, docker, podman, nomad, apple, container.
    static const QStringList &platforms();
    // The platform as Knot names it: an unknown one (an old "local") reads as "manual".
    static QString knownPlatform(const QString &platform);
    // Run timeouts: whole seconds; 0 or less means the default; capped at the maximum.
    static std::chrono::seconds normalizeRunTimeout(qint64 seconds);

private:
    static bool isPort(qint64 port);
};

} // namespace spaces
