// spacesd: the local spaces server. Thin: parse the command line, build the objects, run.
#include "AdminCommands.h"
#include "Daemon.h"
#include "HttpLimits.h"
#include "LongOperationQueue.h"
#include "ServerInfo.h"
#include "Spawner.h"
#include "UnixSignalWatcher.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTextStream>
#include <cstdio>
#include <map>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

using namespace spaces;

namespace {

struct NumberOption
{
    const char *name;
    const char *help;
    qint64 fallback;
};

bool parseListen(const QString &text, QHostAddress *address, quint16 *port)
{
    QString host = QStringLiteral("127.0.0.1");
    QString portText = text;
    if (const qsizetype colon = text.lastIndexOf(u':'); colon >= 0) {
        host = text.left(colon);
        portText = text.mid(colon + 1);
    }
    bool ok = false;
    const uint value = portText.toUInt(&ok);
    if (!ok || value > 65535 || !address->setAddress(host))
        return false;
    *port = static_cast<quint16>(value);
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    // Everything spacesd and the spaces it runs create under the data directory holds tokens,
    // custom field values or users' work: owner-only unless a mode says otherwise.
    ::umask(077);
    // Forked now, while this process is small and has one thread: commands are forked from
    // the spawner's image rather than from the server's.
    Spawner::start();
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("spacesd"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SPACES_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "The local spaces server: serves the spaces API on loopback and runs local spaces.\n\n"
        "Commands:\n"
        "  serve (default)                 serve the API in the foreground\n"
        "  user add NAME [--manage|--no-access]  add a user and print a new API token\n"
        "  template add FILE.json          add a template\n"
        "  script add NAME FILE [--description TEXT]  add a global script"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dataDir(
        QStringLiteral("data-dir"),
        QStringLiteral("Where state lives (default: %1).").arg(ServerInfo::defaultDataDirectory()),
        QStringLiteral("dir"), ServerInfo::defaultDataDirectory());
    const QCommandLineOption listen(
        QStringLiteral("listen"),
        QStringLiteral("[HOST:]PORT to listen on (default: 127.0.0.1 and a free port)."),
        QStringLiteral("address"), QStringLiteral("127.0.0.1:0"));
    const QCommandLineOption stopGrace(
        QStringLiteral("stop-grace-ms"),
        QStringLiteral("How long a stopping space may take before it is killed (default 5000)."),
        QStringLiteral("ms"), QStringLiteral("5000"));
    const QCommandLineOption manage(
        QStringLiteral("manage"),
        QStringLiteral("user add: may also manage other users' spaces (ManageSpaces)."));
    const QCommandLineOption noAccess(
        QStringLiteral("no-access"),
        QStringLiteral("user add: neither UseSpaces nor ManageSpaces."));
    const QCommandLineOption description(QStringLiteral("description"),
                                         QStringLiteral("script add: what the script does."),
                                         QStringLiteral("text"));
    const QCommandLineOption tlsCert(QStringLiteral("tls-cert"),
                                     QStringLiteral("Serve HTTPS with this PEM certificate chain."),
                                     QStringLiteral("file"));
    const QCommandLineOption tlsKey(QStringLiteral("tls-key"),
                                    QStringLiteral("The PEM private key of --tls-cert."),
                                    QStringLiteral("file"));
    const QCommandLineOption insecureListen(
        QStringLiteral("insecure-listen"),
        QStringLiteral("Allow plain HTTP on an address other than loopback."));
    const QCommandLineOption verbose(
        QStringLiteral("verbose"),
        QStringLiteral("Trace requests, spaces' starts and stops, and the store on stderr (the "
                       "spaces.* logging categories; QT_LOGGING_RULES picks finer)."));
    parser.addOptions({dataDir, listen, stopGrace, manage, noAccess, description, tlsCert, tlsKey,
                       insecureListen, verbose});
    // The transport's limits, each with its default (see the README).
    const HttpLimits defaults;
    const std::vector<NumberOption> limitOptions{
        {"max-header-bytes", "Request line and header fields together, in bytes (431 above)",
         qint64(defaults.maxHeaderBytes)},
        {"max-header-count", "Header fields per request (431 above)",
         qint64(defaults.maxHeaderCount)},
        {"max-body-bytes", "Request body, in bytes (413 above, unread)",
         qint64(defaults.maxBodyBytes)},
        {"idle-timeout-ms", "How long a keep-alive connection may wait for its next request",
         qint64(defaults.idleTimeout.count())},
        {"request-timeout-ms", "How long a client may take to send one whole request",
         qint64(defaults.requestTimeout.count())},
        {"write-timeout-ms", "How long one write to a client (queued answers, up to 64) may take",
         qint64(defaults.writeTimeout.count())},
        {"max-connections", "Open connections in total", qint64(defaults.maxConnections)},
        {"max-connections-per-address", "Open connections per client address",
         qint64(defaults.maxConnectionsPerAddress)},
        {"max-stream-buffer-bytes",
         "Bytes queued for a slow event-stream reader before it is "
         "dropped",
         qint64(defaults.maxStreamBufferBytes)},
        {"io-threads", "Threads doing network I/O (0: one per core)", 0},
        {"max-long-operations-per-user",
         "Start, stop, restart, run-command and execute-script running at once per user",
         qint64(LongOperationQueue::DefaultPerUser)},
        {"max-long-operations", "The same in total, over all users",
         qint64(LongOperationQueue::DefaultTotal)},
    };
    std::vector<QCommandLineOption> limitParserOptions;
    for (const NumberOption &option : limitOptions) {
        limitParserOptions.emplace_back(QString::fromLatin1(option.name),
                                        QStringLiteral("%1 (default %2).")
                                            .arg(QString::fromLatin1(option.help))
                                            .arg(option.fallback),
                                        QStringLiteral("n"), QString::number(option.fallback));
        parser.addOption(limitParserOptions.back());
    }
    parser.addPositionalArgument(QStringLiteral("command"),
                                 QStringLiteral("serve, user, template or script"),
                                 QStringLiteral("[command...]"));
    // A bad option is a usage error like the others below (exit 2); process() would exit 1.
    if (!parser.parse(QCoreApplication::arguments())) {
        err << "spacesd: " << parser.errorText() << "\nTry 'spacesd --help'." << Qt::endl;
        return 2;
    }
    parser.process(app); // --help, --help-all, --version
    if (parser.isSet(verbose)) {
        qSetMessagePattern(QStringLiteral("spacesd: %{category}: %{message}"));
        QLoggingCategory::setFilterRules(QStringLiteral("spaces.*=true"));
    }

    const QStringList words = parser.positionalArguments();
    const QString directory = parser.value(dataDir);
    AdminCommands admin(directory, out, err);
    const auto usage = [&](const char *text) {
        err << "spacesd: " << text << "\nTry 'spacesd --help'." << Qt::endl;
        return 2;
    };
    if (words.value(0) == QLatin1StringView("user")) {
        if (words.size() != 3 || words[1] != QLatin1StringView("add"))
            return usage("usage: spacesd user add NAME [--manage|--no-access]");
        if (parser.isSet(manage) && parser.isSet(noAccess))
            return usage("--manage and --no-access exclude each other");
        Permissions permissions;
        permissions.setFlag(Permission::UseSpaces, !parser.isSet(noAccess));
        permissions.setFlag(Permission::ManageSpaces, parser.isSet(manage));
        return admin.addUser(words[2], permissions);
    }
    if (words.value(0) == QLatin1StringView("template")) {
        if (words.size() != 3 || words[1] != QLatin1StringView("add"))
            return usage("usage: spacesd template add FILE.json");
        return admin.addTemplate(words[2]);
    }
    if (words.value(0) == QLatin1StringView("script")) {
        if (words.size() != 4 || words[1] != QLatin1StringView("add"))
            return usage("usage: spacesd script add NAME FILE [--description TEXT]");
        return admin.addScript(words[2], words[3], parser.value(description));
    }
    if (!words.isEmpty() && !(words.size() == 1 && words[0] == QLatin1StringView("serve")))
        return usage("unknown command");

    DaemonOptions options;
    options.dataDirectory = directory;
    if (!parseListen(parser.value(listen), &options.address, &options.port))
        return usage("--listen takes [HOST:]PORT, e.g. 8080 or 127.0.0.1:8080");
    bool graceOk = false;
    options.stopGrace = std::chrono::milliseconds(parser.value(stopGrace).toLongLong(&graceOk));
    if (!graceOk || options.stopGrace.count() < 0)
        return usage("--stop-grace-ms takes a number of milliseconds");
    std::map<QByteArray, qint64> numbers;
    for (std::size_t i = 0; i < limitOptions.size(); ++i) {
        bool ok = false;
        const qint64 value = parser.value(limitParserOptions[i]).toLongLong(&ok);
        const bool zeroAllowed = QByteArrayView(limitOptions[i].name) == "io-threads";
        if (!ok || value < 0 || (value == 0 && !zeroAllowed)) {
            err << "spacesd: --" << limitOptions[i].name << " takes a positive number"
                << "\nTry 'spacesd --help'." << Qt::endl;
            return 2;
        }
        numbers[limitOptions[i].name] = value;
    }
    HttpLimits &limits = options.limits;
    limits.maxHeaderBytes = std::size_t(numbers["max-header-bytes"]);
    limits.maxHeaderCount = std::size_t(numbers["max-header-count"]);
    limits.maxBodyBytes = std::size_t(numbers["max-body-bytes"]);
    limits.idleTimeout = std::chrono::milliseconds(numbers["idle-timeout-ms"]);
    limits.requestTimeout = std::chrono::milliseconds(numbers["request-timeout-ms"]);
    limits.writeTimeout = std::chrono::milliseconds(numbers["write-timeout-ms"]);
    limits.maxConnections = std::size_t(numbers["max-connections"]);
    limits.maxConnectionsPerAddress = std::size_t(numbers["max-connections-per-address"]);
    limits.maxStreamBufferBytes = std::size_t(numbers["max-stream-buffer-bytes"]);
    limits.ioThreads = int(numbers["io-threads"]);
    options.longOperationsPerUser = int(numbers["max-long-operations-per-user"]);
    options.longOperationsTotal = int(numbers["max-long-operations"]);
    options.tlsCertificate = parser.value(tlsCert);
    options.tlsKey = parser.value(tlsKey);
    options.insecureListen = parser.isSet(insecureListen);
    if (options.insecureListen && !options.address.isLoopback() && options.tlsCertificate.isEmpty())
        err << "spacesd: warning: serving plain HTTP on " << options.address.toString()
            << ": anyone who can reach it can read tokens and commands" << Qt::endl;

    UnixSignalWatcher signals;
    QObject::connect(&signals, &UnixSignalWatcher::terminationRequested, &app,
                     [] { QCoreApplication::quit(); });
    Daemon daemon;
    QString error;
    if (!daemon.start(options, &error)) {
        err << "spacesd: " << error << Qt::endl;
        return 1;
    }
    // The token only to a person at a terminal: started in the background (as the app and
    // spacectl do) stdout is a log file, and a token does not belong in logs.
    const QString token = ::isatty(STDOUT_FILENO) == 1
                              ? daemon.info().token
                              : QStringLiteral("in %1").arg(ServerInfo::fileIn(directory));
    out << "spacesd " << QCoreApplication::applicationVersion() << " serving the spaces API\n"
        << "  address: " << daemon.info().url.toString() << "\n"
        << "  token:   " << token << "\n"
        << "  data:    " << directory << "\n"
        << "Press Ctrl+C to stop the server; running spaces keep running." << Qt::endl;
    return app.exec();
}
