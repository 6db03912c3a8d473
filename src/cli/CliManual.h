#pragma once

#include <QString>

namespace spaces {

// spacectl(1), the manual page, written in troff (man macros) from CliCommandTable: the same
// commands, options, details and examples as `spacectl help`, so the two cannot drift apart.
class CliManual final
{
public:
    // `version` goes into the page's footer; `date` (e.g. 2026-12-01) into its header.
    static QString page(const QString &version, const QString &date);

    // Text made safe for troff: backslashes, hyphens and a leading dot or quote escaped.
    static QString escaped(const QString &text);
};

} // namespace spaces
