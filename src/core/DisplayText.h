#pragma once

#include <QString>

namespace spaces {

// Text from elsewhere (a server's sentence, a log line) made safe to show on one line: in a
// terminal, where escape sequences would clear the screen, retitle the window, forge links
// or overwrite what was printed before, and in a label, where bidi overrides would reorder
// what the user reads. The sentence itself stays data (ApiError keeps it as sent, for code
// that reacts to it); every place that shows one passes it through here.
class DisplayText final
{
public:
    // Removes escape sequences (CSI, OSC, DCS, SOS, PM, APC and two-byte ESC ones, in their
    // 7-bit and C1 forms), every other C0 and C1 control, DEL and the bidi controls; line
    // breaks and tabs become spaces, runs of spaces one, and the ends are trimmed. Printable
    // Unicode (accents, CJK, emoji) is kept as it is.
    static QString oneLine(const QString &text);
};

} // namespace spaces
