#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace spaces {

// An option of one spacectl command: one that takes a value (valueName set), or a flag.
struct CliOptionSpec
{
    QString name;      // without the leading --
    QString valueName; // e.g. SECONDS; empty: a flag, given as "--name" alone
    QString description;
    QChar shortName = {}; // e.g. 'f' for -f; none when null
    // May be given more than once (create --field a=1 --field b=2); each value is kept.
    bool repeatable = false;

    bool isFlag() const { return valueName.isEmpty(); }
};

// What a spacectl command accepts, and its help.
struct CliCommandSpec
{
    QString name;      // e.g. port-forward
    QString arguments; // e.g. SOURCE LOCAL_PORT TARGET REMOTE_PORT
    QString summary;   // one line for the overview
    QString details;   // a paragraph for `spacectl help NAME`
    QStringList examples;
    int minArguments = 0;
    int maxArguments = 0; // -1: any number
    QList<CliOptionSpec> options;
    // Like `docker exec`: after the first argument every word is an argument, so options
    // go before it and `spacectl run dev ls -la /` passes -la on.
    bool passThrough = false;

    const CliOptionSpec *shortOption(QChar letter) const
    {
        for (const CliOptionSpec &candidate : options) {
            if (!candidate.shortName.isNull() && candidate.shortName == letter)
                return &candidate;
        }
        return nullptr;
    }
    const CliOptionSpec *option(const QString &optionName) const
    {
        for (const CliOptionSpec &candidate : options) {
            if (candidate.name == optionName)
                return &candidate;
        }
        return nullptr;
    }
    // The argument names (without the optional ones in [brackets], nested ones included).
    QStringList requiredArgumentNames() const
    {
        QStringList names;
        int depth = 0;
        const QStringList words = arguments.split(u' ', Qt::SkipEmptyParts);
        for (const QString &word : words) {
            if (depth == 0 && !word.startsWith(u'['))
                names.append(word);
            depth += int(word.count(u'[')) - int(word.count(u']'));
        }
        return names;
    }
};

} // namespace spaces
