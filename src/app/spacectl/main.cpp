// spacectl: the spaces library's functions on the command line. Thin: all logic is in
// spaces_cli (CliApplication), which the tests also run in-process.
#include "CliApplication.h"

#include <QCoreApplication>
#include <QTextStream>
#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("spacectl"));
    QCoreApplication::setApplicationVersion(spaces::CliApplication::version());
    QTextStream out(stdout);
    QTextStream err(stderr);
    spaces::CliApplication cli(out, err, QProcessEnvironment::systemEnvironment(),
                               QCoreApplication::applicationDirPath());
    return cli.run(QCoreApplication::arguments().mid(1));
}
