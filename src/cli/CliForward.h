#pragma once

#include "SpacesClient.h"

#include <QCoreApplication>
#include <QString>
#include <QTextStream>
#include <optional>

namespace spaces {

// `spacectl forward NAME [LOCAL:]REMOTE`: forwards REMOTE of a running space to
// 127.0.0.1:LOCAL on this computer through the tunnel route (like `kubectl port-forward`),
// until SIGINT or SIGTERM, which end it cleanly with status 0. A refusal by the server (the
// token, the space) or a local port in use ends it at once with a sentence and status 1.
class CliForward final
{
    Q_DECLARE_TR_FUNCTIONS(CliForward)

public:
    struct Ports
    {
        quint16 local = 0; // 0: a free one
        quint16 remote = 0;
    };
    // "8080" (the same port here), "9000:8080", ":8080" (a free local port); nullopt (and
    // *error) otherwise.
    static std::optional<Ports> parsePorts(const QString &text, QString *error);

    CliForward(ConnectionSettings settings, QTextStream &out, QTextStream &err);

    // `spaceKey`: the id (Knot wants it); `spaceName` for the messages.
    int run(const QString &spaceKey, const QString &spaceName, Ports ports);

private:
    // Asks the route once without an upgrade: the server's sentence for a refusal, empty when
    // the tunnel would be admitted (or nothing listens on the port yet: a warning only).
    QString refusal(const QUrl &tunnelUrl);

    ConnectionSettings m_settings;
    QTextStream &m_out;
    QTextStream &m_err;
};

} // namespace spaces
