#include "CliParser.h"

#include "CliCommandTable.h"

namespace spaces {

namespace {

// Some command's option of this name (before the command is known: the first one found).
const CliOptionSpec *anyCommandOption(const QString &name)
{
    for (const CliCommandSpec &spec : CliCommandTable::commands()) {
        if (const CliOptionSpec *option = spec.option(name))
            return option;
    }
    return nullptr;
}

bool isAnyCommandOption(const QString &name)
{
    return anyCommandOption(name) != nullptr;
}

// The long name of a command's one-letter option ("-f"), or empty.
QString longNameOf(QChar letter, const CliCommandSpec *spec)
{
    if (spec) {
        const CliOptionSpec *option = spec->shortOption(letter);
        return option ? option->name : QString();
    }
    for (const CliCommandSpec &candidate : CliCommandTable::commands()) {
        if (const CliOptionSpec *option = candidate.shortOption(letter))
            return option->name;
    }
    return {};
}

// "-5" is a value (a port or a field value to complain about, or to set), not an option.
bool isNegativeNumber(const QString &word)
{
    bool ok = false;
    word.toLongLong(&ok);
    return ok;
}

} // namespace

bool CliParser::parse(const QStringList &words, CliInvocation *invocation, QString *error)
{
    *invocation = CliInvocation();
    bool literal = false;  // after "--", or inside a pass-through command's arguments
    bool helpWord = false; // `spacectl help [COMMAND]`
    // Command options seen before the command: checked once the command is known.
    OptionList unplaced;
    for (qsizetype index = 0; index < words.size(); ++index) {
        const QString &word = words.at(index);
        if (!literal && word == QLatin1StringView("--")) {
            literal = true;
            continue;
        }
        if (!literal && word.size() > 1 && word.startsWith(u'-') && !isNegativeNumber(word)) {
            if (!takeOption(words, &index, invocation, &unplaced, error))
                return false;
            continue;
        }
        if (invocation->command.isEmpty()) {
            if (word == QLatin1StringView("help") && !helpWord) {
                helpWord = true;
                invocation->help = true;
                continue;
            }
            invocation->command = word;
            invocation->spec = CliCommandTable::find(word);
            if (!invocation->spec) {
                invocation->command.clear();
                *error = tr("unknown command '%1'").arg(word);
                return false;
            }
            continue;
        }
        if (helpWord) {
            *error = tr("'help' takes one command");
            return false;
        }
        invocation->arguments.append(word);
        if (invocation->spec->passThrough)
            literal = true;
    }
    for (const auto &[name, value] : std::as_const(unplaced)) {
        if (!invocation->spec || !invocation->spec->option(name)) {
            *error = invocation->spec
                         ? tr("option --%1 does not apply to '%2'").arg(name, invocation->command)
                         : tr("option --%1 needs a command it applies to").arg(name);
            return false;
        }
        if (!place(name, value, invocation, error))
            return false;
    }
    if (invocation->help || invocation->version)
        return true;
    if (invocation->command.isEmpty()) {
        *error = tr("no command given");
        return false;
    }
    return checkArgumentCount(*invocation, error);
}

bool CliParser::takeOption(const QStringList &words, qsizetype *index, CliInvocation *invocation,
                           OptionList *unplaced, QString *error)
{
    const QString &word = words.at(*index);
    if (word == QLatin1StringView("-h")) {
        invocation->help = true;
        return true;
    }
    QString name;
    if (word.size() == 2 && !word.startsWith(QLatin1StringView("--")))
        name = longNameOf(word.at(1), invocation->spec);
    else if (word.startsWith(QLatin1StringView("--")))
        name = word.mid(2);
    if (name.isEmpty()) {
        *error = tr("unknown option '%1' (put -- before arguments that start with -)").arg(word);
        return false;
    }
    QString value;
    const qsizetype equals = name.indexOf(u'=');
    const bool inlineValue = equals >= 0;
    if (inlineValue) {
        value = name.mid(equals + 1);
        name.truncate(equals);
    }
    if (CliCommandTable::isGlobalFlag(name)) {
        if (inlineValue) {
            *error = tr("option --%1 takes no value").arg(name);
            return false;
        }
        if (name == QLatin1StringView("json"))
            invocation->json = true;
        else if (name == QLatin1StringView("verbose"))
            invocation->verbose = true;
        else if (name == QLatin1StringView("help"))
            invocation->help = true;
        else
            invocation->version = true;
        return true;
    }
    const bool global = CliCommandTable::isGlobalValueOption(name);
    const bool forCommand =
        invocation->spec ? invocation->spec->option(name) != nullptr : isAnyCommandOption(name);
    if (!global && !forCommand) {
        *error = invocation->spec && isAnyCommandOption(name)
                     ? tr("option --%1 does not apply to '%2'").arg(name, invocation->command)
                     : tr("unknown option '--%1'").arg(name);
        return false;
    }
    const CliOptionSpec *option =
        invocation->spec ? invocation->spec->option(name) : anyCommandOption(name);
    if (!global && option && option->isFlag()) {
        if (inlineValue) {
            *error = tr("option --%1 takes no value").arg(name);
            return false;
        }
        value = QStringLiteral("true");
    } else if (!inlineValue) {
        if (*index + 1 >= words.size()) {
            *error = tr("option --%1 needs a value").arg(name);
            return false;
        }
        *index += 1;
        value = words.at(*index);
    }
    if (global) {
        QString &target =
            name == QLatin1StringView("server") ? invocation->server : invocation->token;
        if (!target.isNull()) {
            *error = tr("option --%1 is given twice").arg(name);
            return false;
        }
        if (value.isEmpty()) {
            *error = tr("option --%1 needs a value").arg(name);
            return false;
        }
        target = value;
        return true;
    }
    if (!invocation->spec) {
        unplaced->append({name, value});
        return true;
    }
    return place(name, value, invocation, error);
}

bool CliParser::place(const QString &name, const QString &value, CliInvocation *invocation,
                      QString *error)
{
    const CliOptionSpec *option = invocation->spec->option(name);
    if (option && option->repeatable) {
        invocation->repeated[name].append(value);
        invocation->options.insert(name, value);
        return true;
    }
    if (invocation->options.contains(name)) {
        *error = tr("option --%1 is given twice").arg(name);
        return false;
    }
    invocation->options.insert(name, value);
    return true;
}

bool CliParser::checkArgumentCount(const CliInvocation &invocation, QString *error)
{
    const CliCommandSpec &spec = *invocation.spec;
    const qsizetype count = invocation.arguments.size();
    if (count < spec.minArguments) {
        QStringList missing = spec.requiredArgumentNames().mid(count);
        if (missing.isEmpty())
            missing.append(tr("more arguments"));
        const QString last = missing.takeLast();
        *error = missing.isEmpty() ? tr("'%1' needs %2").arg(spec.name, last)
                                   : tr("'%1' needs %2 and %3")
                                         .arg(spec.name, missing.join(QStringLiteral(", ")), last);
        return false;
    }
    if (spec.maxArguments >= 0 && count > spec.maxArguments) {
        *error =
            spec.maxArguments == 0
                ? tr("'%1' takes no arguments (got '%2')")
                      .arg(spec.name, invocation.arguments.first())
                : tr("too many arguments for '%1': it takes %2").arg(spec.name, spec.arguments);
        return false;
    }
    return true;
}

} // namespace spaces
