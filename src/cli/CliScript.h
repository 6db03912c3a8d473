#pragma once

#include "Expected.h"
#include "SpacesClient.h"

#include <QCoreApplication>
#include <QProcessEnvironment>
#include <QStringList>

namespace spaces {

// `spacectl script FILE.py [ARGS...]`: the seed's Local environment. Runs the script with
// python3 (or $SPACES_PYTHON) in place of spacectl, with SPACES_URL and SPACES_TOKEN set for
// the connection spacectl located, so that `import spaces` talks to the same server. The
// script's output, input, signals and exit status are its own: spacectl is gone once it runs.
class CliScript final
{
    Q_DECLARE_TR_FUNCTIONS(CliScript)

public:
    // The environment the script gets: ours, with the connection set.
    static QProcessEnvironment environmentFor(const ConnectionSettings &settings,
                                              QProcessEnvironment environment);
    // The interpreter: $SPACES_PYTHON, else python3 on PATH.
    static QString interpreter(const QProcessEnvironment &environment);

    // Replaces this process with the interpreter running the script; returns only on
    // failure, with the sentence.
    static ApiError exec(const ConnectionSettings &settings, const QProcessEnvironment &environment,
                         const QStringList &arguments);
};

} // namespace spaces
