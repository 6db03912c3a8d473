#include "CliManual.h"

#include "CliCommandTable.h"

namespace spaces {

namespace {

QString optionEntries(const QList<CliOptionSpec> &options)
{
    QString text;
    for (const CliOptionSpec &option : options) {
        text += QStringLiteral(".TP\n");
        if (!option.shortName.isNull())
            text += QStringLiteral("\\fB\\-%1\\fR, ").arg(option.shortName);
        text += QStringLiteral("\\fB\\-\\-%1\\fR").arg(CliManual::escaped(option.name));
        if (!option.valueName.isEmpty())
            text += QStringLiteral(" \\fI%1\\fR").arg(CliManual::escaped(option.valueName));
        text += u'\n' + CliManual::escaped(option.description) + u'\n';
    }
    return text;
}

} // namespace

QString CliManual::escaped(const QString &text)
{
    QString result = text;
    result.replace(u'\\', QStringLiteral("\\e")).replace(u'-', QStringLiteral("\\-"));
    // A line that starts with . or ' would be read as a request.
    if (result.startsWith(u'.') || result.startsWith(u'\''))
        result.prepend(QStringLiteral("\\&"));
    result.replace(QStringLiteral("\n."), QStringLiteral("\n\\&."))
        .replace(QStringLiteral("\n'"), QStringLiteral("\n\\&'"));
    return result;
}

QString CliManual::page(const QString &version, const QString &date)
{
    QString text = QStringLiteral(".\\\" spacectl(1), written from spacectl's command table at "
                                  "build time; edit src/cli/CliCommandTable.cpp.\n");
    text += QStringLiteral(".TH SPACECTL 1 \"%1\" \"spacectl %2\" \"User Commands\"\n")
                .arg(date, escaped(version));
    text += QStringLiteral(
        ".SH NAME\n"
        "spacectl \\- manage development spaces from the command line\n"
        ".SH SYNOPSIS\n"
        ".B spacectl\n"
        "[\\fB\\-\\-server\\fR \\fIURL\\fR \\fB\\-\\-token\\fR \\fITOKEN\\fR] "
        "[\\fB\\-\\-json\\fR] \\fICOMMAND\\fR [\\fIARGUMENTS\\fR]\n"
        ".br\n"
        ".B spacectl help\n"
        "[\\fICOMMAND\\fR]\n"
        ".SH DESCRIPTION\n"
        ".B spacectl\n"
        "manages development spaces: one command for each function of the spaces library, "
        "against the local\n"
        ".BR spacesd (1)\n"
        "or a Knot server.\n"
        "Results go to standard output, as text or with \\fB\\-\\-json\\fR as JSON; "
        "errors go to standard error as one sentence, or with \\fB\\-\\-json\\fR as "
        "{\"error\": \\fISENTENCE\\fR, \"status\": \\fIN\\fR}, \\fIN\\fR being the server's "
        "HTTP status (400 for a command line spacectl refuses itself, 0 when no server "
        "answered).\n"
        ".SH COMMANDS\n");
    for (const CliCommandSpec &spec : CliCommandTable::commands()) {
        text += QStringLiteral(".TP\n\\fB%1\\fR").arg(escaped(spec.name));
        if (!spec.arguments.isEmpty())
            text += QStringLiteral(" \\fI%1\\fR").arg(escaped(spec.arguments));
        text +=
            u'\n' + escaped(spec.summary) + QStringLiteral(".\n") + escaped(spec.details) + u'\n';
        if (!spec.options.isEmpty())
            text += QStringLiteral(".RS\n") + optionEntries(spec.options) + QStringLiteral(".RE\n");
        for (const QString &example : spec.examples)
            text += QStringLiteral(".IP\n.EX\n") + escaped(example) + QStringLiteral("\n.EE\n");
    }
    text += QStringLiteral(".SH OPTIONS\n") + optionEntries(CliCommandTable::globalOptions());
    text += QStringLiteral(
        ".SH ENVIRONMENT\n"
        ".TP\n.B SPACES_URL\n"
        "The spaces server to use when \\fB\\-\\-server\\fR is not given.\n"
        ".TP\n.B SPACES_TOKEN\n"
        "Its API token when \\fB\\-\\-token\\fR is not given.\n"
        ".TP\n.B SPACES_DATA_DIR\n"
        "Where the local spacesd keeps its state and \\fIserver.json\\fR "
        "(default \\fI~/.local/share/spaces\\-desktop\\fR). Without a server named, spacectl "
        "uses the spacesd that file names and starts one in the background when none answers.\n"
        ".TP\n.B SPACES_PYTHON\n"
        "The interpreter \\fBspacectl script\\fR runs (default \\fBpython3\\fR).\n"
        ".SH EXIT STATUS\n"
        ".TP\n.B 0\nDone.\n"
        ".TP\n.B 1\nThe operation failed; the reason is on standard error.\n"
        ".TP\n.B 2\nThe command line is wrong.\n"
        ".TP\n.B 3\n\\fBis\\-running\\fR found the space stopped.\n"
        ".PP\n"
        "\\fBrun\\fR exits with the command's own status, 124 when it timed out and 125 when it "
        "could not be run; \\fBshell\\fR and \\fBscript\\fR with their program's.\n"
        ".SH EXAMPLES\n"
        ".EX\n"
        "spacectl templates\n"
        "spacectl create site web \\-\\-field port=8000\n"
        "spacectl start site\n"
        "spacectl run site ls \\-la /\n"
        "spacectl list \\-\\-json\n"
        "spacectl stop site && spacectl delete site\n"
        ".EE\n"
        ".SH SEE ALSO\n"
        ".BR spacesd (1)\n");
    return text;
}

} // namespace spaces
