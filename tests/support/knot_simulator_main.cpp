// knot-simulator: the KnotSimulator as a program, for tests that run spacectl (or for trying
// the app against a Knot-like server by hand). Prints "<url> <token>" on one line once it
// listens, and ends when its standard input closes (the test that started it is gone).
//   knot-simulator [--agent-delay MS] [--start-delay MS] [--stream-lifetime MS]
#include "KnotSimulator.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTextStream>
#include <unistd.h>

int main(int argc, char *argv[])
{
    QCoreApplication application(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption agentDelay(
        QStringLiteral("agent-delay"),
        QStringLiteral("How long a started space waits for its agent"), QStringLiteral("ms"),
        QStringLiteral("300"));
    const QCommandLineOption startDelay(QStringLiteral("start-delay"),
                                        QStringLiteral("How long a start stays pending"),
                                        QStringLiteral("ms"), QStringLiteral("50"));
    const QCommandLineOption streamLifetime(
        QStringLiteral("stream-lifetime"),
        QStringLiteral("Close every event stream after this long (0: never)"), QStringLiteral("ms"),
        QStringLiteral("0"));
    parser.addOptions({agentDelay, startDelay, streamLifetime});
    parser.addHelpOption();
    parser.process(application);

    spaces::test::KnotSimulator simulator;
    simulator.setAgentDelay(parser.value(agentDelay).toInt());
    simulator.setStartDelay(parser.value(startDelay).toInt());
    simulator.setStreamLifetime(parser.value(streamLifetime).toInt());
    if (!simulator.listen()) {
        QTextStream(stderr) << "knot-simulator: cannot listen on 127.0.0.1\n";
        return 1;
    }
    QTextStream(stdout) << simulator.url().toString() << ' ' << spaces::test::KnotSimulator::Token
                        << Qt::endl;

    QSocketNotifier input(STDIN_FILENO, QSocketNotifier::Read);
    QObject::connect(&input, &QSocketNotifier::activated, &application, [&input] {
        char buffer[256];
        if (::read(STDIN_FILENO, buffer, sizeof buffer) <= 0) {
            input.setEnabled(false);
            QCoreApplication::quit();
        }
    });
    return QCoreApplication::exec();
}
