#include "CliHelp.h"

#include "CliCommandTable.h"
#include "ServerInfo.h"

#include <algorithm>

namespace spaces {

namespace {

QString optionLabel(const CliOptionSpec &option)
{
    QString label = QStringLiteral("--") + option.name;
    if (!option.shortName.isNull())
        label = u'-' + option.shortName + QStringLiteral(", ") + label;
    if (option.name == QLatin1StringView("help"))
        label = QStringLiteral("-h, --help");
    if (!option.valueName.isEmpty())
        label += u' ' + option.valueName;
    return label;
}

QString optionLines(const QList<CliOptionSpec> &options)
{
    qsizetype width = 0;
    for (const CliOptionSpec &option : options)
        width = std::max(width, optionLabel(option).size());
    QString text;
    for (const CliOptionSpec &option : options)
        text += QStringLiteral("  ") + optionLabel(option).leftJustified(width + 2) +
                option.description + u'\n';
    return text;
}

// The paragraph broken into lines of at most `width` characters (a longer word stays whole).
QString wrapped(const QString &paragraph, qsizetype width = 80)
{
    QString text;
    qsizetype lineLength = 0;
    const QStringList words = paragraph.split(u' ', Qt::SkipEmptyParts);
    for (const QString &word : words) {
        if (lineLength > 0 && lineLength + 1 + word.size() > width) {
            text += u'\n';
            lineLength = 0;
        } else if (lineLength > 0) {
            text += u' ';
            ++lineLength;
        }
        text += word;
        lineLength += word.size();
    }
    return text + u'\n';
}

} // namespace

QString CliHelp::usageLine(const CliCommandSpec &spec)
{
    QString line = QStringLiteral("spacectl ") + spec.name;
    for (const CliOptionSpec &option : spec.options)
        line += option.isFlag() ? QStringLiteral(" [--%1]").arg(option.name)
                                : QStringLiteral(" [--%1 %2]").arg(option.name, option.valueName);
    if (!spec.arguments.isEmpty())
        line += u' ' + spec.arguments;
    return line;
}

QString CliHelp::overview()
{
    QString text = tr("Usage: spacectl [--server URL --token TOKEN] [--json] [--verbose] COMMAND "
                      "[ARGUMENTS]\n\n");
    text += wrapped(
        tr("Manages development spaces from the command line: one command for each function of "
           "the spaces library."));
    text += u'\n' + tr("Commands:\n");
    const QList<CliCommandSpec> &commands = CliCommandTable::commands();
    qsizetype width = 0;
    for (const CliCommandSpec &spec : commands)
        width = std::max(width, spec.name.size());
    for (const CliCommandSpec &spec : commands)
        text += QStringLiteral("  ") + spec.name.leftJustified(width + 2) + spec.summary + u'\n';
    text += u'\n' + tr("Options:\n") + optionLines(CliCommandTable::globalOptions());
    text +=
        u'\n' +
        wrapped(
            tr("Server: --server and --token, else $SPACES_URL and $SPACES_TOKEN, else the local "
               "spacesd named by server.json in $SPACES_DATA_DIR (default %1), started in the "
               "background when none answers.")
                .arg(ServerInfo::defaultDataDirectory()));
    text +=
        u'\n' +
        wrapped(tr("Exit status: 0 done, 1 the operation failed (the reason is on stderr), 2 usage "
                   "error, 3 is-running found the space stopped."));
    text += u'\n' + tr("Examples:\n"
                       "  spacectl create dev service --description \"My service\"\n"
                       "  spacectl start dev\n"
                       "  spacectl run dev ls -la /\n"
                       "  spacectl help run\n");
    return text;
}

QString CliHelp::command(const CliCommandSpec &spec)
{
    QString text = tr("Usage: %1\n\n").arg(usageLine(spec));
    text += spec.summary + u'.' + u'\n' + wrapped(spec.details);
    if (!spec.options.isEmpty())
        text += u'\n' + tr("Options:\n") + optionLines(spec.options);
    text += u'\n' + tr("Global options: --server URL, --token TOKEN, --json, --verbose (see "
                       "'spacectl --help').\n");
    text += u'\n' + (spec.examples.size() == 1 ? tr("Example:\n") : tr("Examples:\n"));
    for (const QString &example : spec.examples)
        text += QStringLiteral("  ") + example + u'\n';
    return text;
}

} // namespace spaces
