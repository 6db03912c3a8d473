// spacectl-docs: writes spacectl's manual page and shell completions from its command table
// at build time (packaging/CMakeLists.txt installs them). Not installed itself.
//   spacectl-docs OUTPUT_DIR VERSION DATE
#include "CliCompletion.h"
#include "CliManual.h"

#include <QCoreApplication>
#include <QDir>
#include <QSaveFile>
#include <QTextStream>
#include <cstdio>

namespace {

bool write(const QDir &directory, const QString &name, const QString &text, QTextStream &err)
{
    QSaveFile file(directory.filePath(name));
    if (!file.open(QIODevice::WriteOnly) || file.write(text.toUtf8()) < 0 || !file.commit()) {
        err << "spacectl-docs: cannot write " << file.fileName() << ": " << file.errorString()
            << Qt::endl;
        return false;
    }
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTextStream err(stderr);
    const QStringList arguments = QCoreApplication::arguments();
    if (arguments.size() != 4) {
        err << "usage: spacectl-docs OUTPUT_DIR VERSION DATE" << Qt::endl;
        return 2;
    }
    const QDir directory(arguments.at(1));
    if (!directory.mkpath(QStringLiteral("."))) {
        err << "spacectl-docs: cannot create " << directory.path() << Qt::endl;
        return 1;
    }
    using spaces::CliCompletion;
    const bool written =
        write(directory, QStringLiteral("spacectl.1"),
              spaces::CliManual::page(arguments.at(2), arguments.at(3)), err) &&
        write(directory, QStringLiteral("spacectl.bash"), CliCompletion::bash(), err) &&
        write(directory, QStringLiteral("_spacectl"), CliCompletion::zsh(), err) &&
        write(directory, QStringLiteral("spacectl.fish"), CliCompletion::fish(), err);
    return written ? 0 : 1;
}
