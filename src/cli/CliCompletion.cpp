#include "CliCompletion.h"

#include "CliCommandTable.h"
#include "Validation.h"

#include <QStringList>

namespace spaces {

namespace {

QString shellNames()
{
    return Validation::shells().join(u' ');
}

// Commands whose first argument is a file of this computer (spacectl script FILE.py).
bool takesFile(const CliCommandSpec &spec)
{
    return spec.arguments.startsWith(QLatin1StringView("FILE"));
}

// The value of --shell is one of the shells; other values are free text.
bool isShellOption(const CliOptionSpec &option)
{
    return option.name == QLatin1StringView("shell");
}

QStringList commandNames()
{
    QStringList names;
    for (const CliCommandSpec &spec : CliCommandTable::commands())
        names.append(spec.name);
    return names;
}

QStringList longOptions(const QList<CliOptionSpec> &options)
{
    QStringList words;
    for (const CliOptionSpec &option : options) {
        words.append(QStringLiteral("--") + option.name);
        if (!option.shortName.isNull())
            words.append(QStringLiteral("-") + option.shortName);
    }
    return words;
}

// Every option, of any command or global, that takes the next word as its value.
QStringList valueOptions()
{
    QStringList words;
    const auto add = [&words](const QList<CliOptionSpec> &options) {
        for (const CliOptionSpec &option : options) {
            const QString word = QStringLiteral("--") + option.name;
            if (!option.isFlag() && !words.contains(word))
                words.append(word);
        }
    };
    add(CliCommandTable::globalOptions());
    for (const CliCommandSpec &spec : CliCommandTable::commands())
        add(spec.options);
    return words;
}

// A single-quoted word for sh, zsh and fish alike.
QString quoted(const QString &text)
{
    QString escaped = text;
    escaped.replace(u'\'', QStringLiteral("'\\''"));
    return u'\'' + escaped + u'\'';
}

// zsh's _arguments reads [description] up to the first unescaped ]; : separates fields.
QString zshDescription(const QString &text)
{
    QString escaped = text;
    escaped.replace(u'\\', QStringLiteral("\\\\"))
        .replace(u'[', QStringLiteral("\\["))
        .replace(u']', QStringLiteral("\\]"))
        .replace(u':', QStringLiteral("\\:"));
    return escaped;
}

QString zshOptionSpecs(const QList<CliOptionSpec> &options)
{
    QString text;
    for (const CliOptionSpec &option : options) {
        const QString description = zshDescription(option.description);
        QString spec;
        if (option.name == QLatin1StringView("help") || option.name == QLatin1StringView("version"))
            spec = quoted(QStringLiteral("(- *)--%1[%2]").arg(option.name, description));
        else if (option.isFlag() && option.shortName.isNull())
            spec = quoted(QStringLiteral("--%1[%2]").arg(option.name, description));
        else if (option.isFlag()) // both forms, by brace expansion outside the quotes
            spec = QStringLiteral("'(-%2 --%1)'{-%2,--%1}").arg(option.name, option.shortName) +
                   quoted(u'[' + description + u']');
        else
            spec = quoted(QStringLiteral("--%1=[%2]:%3:%4")
                              .arg(option.name, description, option.valueName.toLower(),
                                   isShellOption(option) ? QStringLiteral("(%1)").arg(shellNames())
                                                         : QString()));
        text += QStringLiteral("        ") + spec + u'\n';
    }
    return text;
}

} // namespace

QString CliCompletion::bash()
{
    const QList<CliCommandSpec> &commands = CliCommandTable::commands();
    QString text = QStringLiteral(
        "# bash completion for spacectl, written from its command table at build time.\n"
        "_spacectl() {\n"
        "    local cur=\"${COMP_WORDS[COMP_CWORD]}\" prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n");
    text += QStringLiteral("    local commands=%1\n").arg(quoted(commandNames().join(u' ')));
    text += QStringLiteral("    local global=%1\n")
                .arg(quoted(longOptions(CliCommandTable::globalOptions()).join(u' ')));
    text += QStringLiteral(
        "    # The command is the first word that is neither an option nor an option's value.\n"
        "    local command='' i\n"
        "    for ((i = 1; i < COMP_CWORD; i++)); do\n"
        "        case \"${COMP_WORDS[i]}\" in\n");
    text += QStringLiteral("            %1) ((i++)) ;;\n").arg(valueOptions().join(u'|'));
    text += QStringLiteral("            -*) ;;\n"
                           "            *) command=\"${COMP_WORDS[i]}\"; break ;;\n"
                           "        esac\n"
                           "    done\n"
                           "    case \"$prev\" in\n");
    text += QStringLiteral("        --shell) mapfile -t COMPREPLY < <(compgen -W %1 -- \"$cur\"); "
                           "return ;;\n")
                .arg(quoted(shellNames()));
    QStringList freeValues = valueOptions();
    freeValues.removeAll(QStringLiteral("--shell"));
    text += QStringLiteral("        %1) COMPREPLY=(); return ;;\n").arg(freeValues.join(u'|'));
    text += QStringLiteral(
        "    esac\n"
        "    if [[ -z \"$command\" ]]; then\n"
        "        if [[ \"$cur\" == -* ]]; then\n"
        "            mapfile -t COMPREPLY < <(compgen -W \"$global\" -- \"$cur\")\n"
        "        else\n"
        "            mapfile -t COMPREPLY < <(compgen -W \"$commands help\" -- \"$cur\")\n"
        "        fi\n"
        "        return\n"
        "    fi\n"
        "    local options=''\n"
        "    case \"$command\" in\n");
    for (const CliCommandSpec &spec : commands) {
        if (!spec.options.isEmpty())
            text += QStringLiteral("        %1) options=%2 ;;\n")
                        .arg(spec.name, quoted(longOptions(spec.options).join(u' ')));
    }
    text += QStringLiteral(
        "    esac\n"
        "    if [[ \"$cur\" == -* ]]; then\n"
        "        mapfile -t COMPREPLY < <(compgen -W \"$options $global\" -- \"$cur\")\n"
        "    elif [[ \"$command\" == help ]]; then\n"
        "        mapfile -t COMPREPLY < <(compgen -W \"$commands\" -- \"$cur\")\n");
    for (const CliCommandSpec &spec : commands) {
        if (takesFile(spec))
            text += QStringLiteral("    elif [[ \"$command\" == %1 ]]; then\n"
                                   "        mapfile -t COMPREPLY < <(compgen -f -- \"$cur\")\n")
                        .arg(spec.name);
    }
    text += QStringLiteral("    else\n"
                           "        COMPREPLY=()\n"
                           "    fi\n"
                           "}\n"
                           "complete -F _spacectl spacectl\n");
    return text;
}

QString CliCompletion::zsh()
{
    QString text = QStringLiteral(
        "#compdef spacectl\n"
        "# zsh completion for spacectl, written from its command table at build time.\n"
        "_spacectl() {\n"
        "    local curcontext=\"$curcontext\" state line\n"
        "    local -a commands global\n"
        "    commands=(\n");
    for (const CliCommandSpec &spec : CliCommandTable::commands()) {
        QString item = spec.name + u':' + spec.summary;
        text += QStringLiteral("        ") + quoted(item) + u'\n';
    }
    text += QStringLiteral("        'help:Show help for a command'\n"
                           "    )\n"
                           "    global=(\n");
    text += zshOptionSpecs(CliCommandTable::globalOptions());
    text += QStringLiteral(
        "    )\n"
        "    _arguments -C -s \"${global[@]}\" '1:command:->command' '*::argument:->argument'\n"
        "    case $state in\n"
        "    command)\n"
        "        _describe -t commands 'spacectl command' commands\n"
        "        ;;\n"
        "    argument)\n"
        "        case ${words[1]} in\n"
        "        help)\n"
        "            _describe -t commands 'spacectl command' commands\n"
        "            ;;\n");
    for (const CliCommandSpec &spec : CliCommandTable::commands()) {
        if (spec.options.isEmpty() && !takesFile(spec))
            continue;
        text += QStringLiteral("        %1)\n"
                               "            _arguments -s \"${global[@]}\" \\\n")
                    .arg(spec.name);
        QString options = zshOptionSpecs(spec.options);
        options.replace(u'\n', QStringLiteral(" \\\n"));
        text += options.replace(QStringLiteral("        '"), QStringLiteral("                '"));
        text += takesFile(spec) ? QStringLiteral("                '1:file:_files' '*::argument:'\n")
                                : QStringLiteral("                '*::argument:'\n");
        text += QStringLiteral("            ;;\n");
    }
    text += QStringLiteral("        *)\n"
                           "            _arguments -s \"${global[@]}\" '*::argument:'\n"
                           "            ;;\n"
                           "        esac\n"
                           "        ;;\n"
                           "    esac\n"
                           "}\n"
                           "_spacectl \"$@\"\n");
    return text;
}

QString CliCompletion::fish()
{
    const QString names = commandNames().join(u' ');
    QString text = QStringLiteral(
        "# fish completion for spacectl, written from its command table at build time.\n"
        "complete -c spacectl -f\n");
    const QString noCommand =
        QStringLiteral("-n 'not __fish_seen_subcommand_from %1 help'").arg(names);
    for (const CliCommandSpec &spec : CliCommandTable::commands())
        text += QStringLiteral("complete -c spacectl %1 -a %2 -d %3\n")
                    .arg(noCommand, spec.name, quoted(spec.summary));
    text += QStringLiteral("complete -c spacectl %1 -a help -d 'Show help for a command'\n")
                .arg(noCommand);
    text += QStringLiteral("complete -c spacectl -n '__fish_seen_subcommand_from help' -a %1\n")
                .arg(quoted(names));
    const auto optionLine = [](const QString &condition, const CliOptionSpec &option) -> QString {
        QString line = QStringLiteral("complete -c spacectl") + condition;
        if (!option.shortName.isNull())
            line += QStringLiteral(" -s ") + option.shortName;
        line += QStringLiteral(" -l ") + option.name;
        if (isShellOption(option))
            line += QStringLiteral(" -x -a ") + quoted(shellNames());
        else if (!option.isFlag())
            line += QStringLiteral(" -x");
        return line + QStringLiteral(" -d ") + quoted(option.description) + u'\n';
    };
    for (const CliOptionSpec &option : CliCommandTable::globalOptions())
        text += optionLine(QString(), option);
    for (const CliCommandSpec &spec : CliCommandTable::commands()) {
        const QString condition =
            QStringLiteral(" -n '__fish_seen_subcommand_from %1'").arg(spec.name);
        for (const CliOptionSpec &option : spec.options)
            text += optionLine(condition, option);
        if (takesFile(spec))
            text += QStringLiteral("complete -c spacectl%1 -F\n").arg(condition);
    }
    return text;
}

} // namespace spaces
