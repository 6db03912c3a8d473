#pragma once

#include "SpaceSummary.h"

#include <QCoreApplication>
#include <QProcessEnvironment>
#include <QStringList>
#include <QTextStream>
#include <optional>

namespace spaces {

class CliOutput;
class SpacesLibrary;
struct CliInvocation;
struct ConnectionSettings;

// spacectl as an object: parse, check, find the server, carry out, print. main() only
// builds it with the real streams and environment; tests run it in-process with their own.
class CliApplication final
{
    Q_DECLARE_TR_FUNCTIONS(CliApplication)

public:
    // `executableDirectory`: where spacesd is looked for first (spacectl's own folder).
    CliApplication(QTextStream &out, QTextStream &err,
                   QProcessEnvironment environment = QProcessEnvironment::systemEnvironment(),
                   QString executableDirectory = QString());

    // `arguments` without the program name; returns the exit status.
    int run(const QStringList &arguments);

    static QString version();

private:
    // The space named (or with this id), or nullopt after printing why there is none.
    static std::optional<SpaceSummary> findSpace(SpacesLibrary &library, const QString &name,
                                                 CliOutput &output);
    int logs(SpacesLibrary &library, const ConnectionSettings &settings,
             const CliInvocation &invocation, CliOutput &output);
    int run(SpacesLibrary &library, const ConnectionSettings &settings,
            const CliInvocation &invocation, CliOutput &output);
    int forward(SpacesLibrary &library, const ConnectionSettings &settings,
                const CliInvocation &invocation, CliOutput &output);
    int shell(SpacesLibrary &library, const ConnectionSettings &settings,
              const CliInvocation &invocation, CliOutput &output);

    QTextStream &m_out;
    QTextStream &m_err;
    QProcessEnvironment m_environment;
    QString m_executableDirectory;
};

} // namespace spaces
