#include "TerminalKeys.h"

#include <QKeyEvent>
#include <vterm.h>

namespace spaces {

namespace {

int vtermModifiers(Qt::KeyboardModifiers modifiers)
{
    int result = VTERM_MOD_NONE;
    if (modifiers & Qt::ShiftModifier)
        result |= VTERM_MOD_SHIFT;
    if (modifiers & Qt::AltModifier)
        result |= VTERM_MOD_ALT;
    if (modifiers & Qt::ControlModifier)
        result |= VTERM_MOD_CTRL;
    return result;
}

std::optional<int> namedKey(int qtKey, bool keypad)
{
    switch (qtKey) {
    case Qt::Key_Return:
        return VTERM_KEY_ENTER;
    case Qt::Key_Enter:
        return keypad ? VTERM_KEY_KP_ENTER : VTERM_KEY_ENTER;
    case Qt::Key_Tab:
    case Qt::Key_Backtab:
        return VTERM_KEY_TAB;
    case Qt::Key_Backspace:
        return VTERM_KEY_BACKSPACE;
    case Qt::Key_Escape:
        return VTERM_KEY_ESCAPE;
    case Qt::Key_Up:
        return VTERM_KEY_UP;
    case Qt::Key_Down:
        return VTERM_KEY_DOWN;
    case Qt::Key_Left:
        return VTERM_KEY_LEFT;
    case Qt::Key_Right:
        return VTERM_KEY_RIGHT;
    case Qt::Key_Insert:
        return VTERM_KEY_INS;
    case Qt::Key_Delete:
        return VTERM_KEY_DEL;
    case Qt::Key_Home:
        return VTERM_KEY_HOME;
    case Qt::Key_End:
        return VTERM_KEY_END;
    case Qt::Key_PageUp:
        return VTERM_KEY_PAGEUP;
    case Qt::Key_PageDown:
        return VTERM_KEY_PAGEDOWN;
    default:
        break;
    }
    if (qtKey >= Qt::Key_F1 && qtKey <= Qt::Key_F12)
        return VTERM_KEY_FUNCTION(qtKey - Qt::Key_F1 + 1);
    return std::nullopt;
}

} // namespace

std::optional<TerminalInput> TerminalKeys::map(int qtKey, Qt::KeyboardModifiers modifiers,
                                               const QString &text)
{
    int mods = vtermModifiers(modifiers);
    if (const std::optional<int> key = namedKey(qtKey, modifiers & Qt::KeypadModifier)) {
        // Shift+Tab arrives as Backtab, with or without Shift said.
        if (qtKey == Qt::Key_Backtab)
            mods |= VTERM_MOD_SHIFT;
        return TerminalInput{TerminalInput::Kind::Key, *key, 0, mods};
    }
    // Ctrl and Alt with a letter or symbol: the key's own character, so that libvterm makes
    // the control character (Ctrl+C -> 0x03) or the ESC prefix (Alt+b -> ESC b). Qt gives
    // Ctrl+letters as control characters in text and upper-case key codes.
    if (mods & (VTERM_MOD_CTRL | VTERM_MOD_ALT)) {
        std::uint32_t character = 0;
        if (qtKey >= Qt::Key_A && qtKey <= Qt::Key_Z)
            character = std::uint32_t(qtKey - Qt::Key_A + ((mods & VTERM_MOD_SHIFT) ? 'A' : 'a'));
        else if (qtKey >= Qt::Key_Space && qtKey <= Qt::Key_AsciiTilde)
            character = std::uint32_t(qtKey);
        else if (!text.isEmpty() && text.at(0).unicode() >= 0x20)
            character = text.toUcs4().value(0);
        if (character == 0)
            return std::nullopt;
        // The character already carries Shift.
        return TerminalInput{TerminalInput::Kind::Character, 0, character, mods & ~VTERM_MOD_SHIFT};
    }
    if (text.isEmpty())
        return std::nullopt; // a lone modifier, a media key...
    const QList<uint> codePoints = text.toUcs4();
    if (codePoints.isEmpty() || codePoints.first() < 0x20)
        return std::nullopt;
    return TerminalInput{TerminalInput::Kind::Character, 0, codePoints.first(), VTERM_MOD_NONE};
}

std::optional<TerminalInput> TerminalKeys::map(const QKeyEvent &event)
{
    return map(event.key(), event.modifiers(), event.text());
}

} // namespace spaces
