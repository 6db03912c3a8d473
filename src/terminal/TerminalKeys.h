#pragma once

#include <QString>
#include <Qt>
#include <cstdint>
#include <optional>

class QKeyEvent;

namespace spaces {

// A key press as the terminal sends it: a named key (arrows, F1...) or a character, with the
// modifiers. Values are libvterm's (VTermKey, VTermModifier) so TerminalScreen can hand them
// on unchanged; this header keeps libvterm out of the view.
struct TerminalInput
{
    enum class Kind
    {
        Key,
        Character
    };
    Kind kind = Kind::Character;
    int key = 0;                 // VTermKey when Kind::Key
    std::uint32_t character = 0; // a Unicode code point when Kind::Character
    int modifiers = 0;           // VTermModifier bits: 1 Shift, 2 Alt, 4 Ctrl

    friend bool operator==(const TerminalInput &, const TerminalInput &) = default;
};

// Maps Qt's keys to what a terminal program expects: arrows, Home/End, PgUp/PgDn,
// Insert/Delete, F1-F12, Ctrl+letters as control characters, Alt as Meta (an ESC prefix),
// Backspace as DEL, Shift+Tab as a back tab. Keys the view keeps for itself (copy, paste,
// scrolling, zoom) are not mapped here.
class TerminalKeys final
{
public:
    // Nothing for a key the terminal does not send (a lone modifier, say).
    static std::optional<TerminalInput> map(int qtKey, Qt::KeyboardModifiers modifiers,
                                            const QString &text);
    static std::optional<TerminalInput> map(const QKeyEvent &event);
};

} // namespace spaces
