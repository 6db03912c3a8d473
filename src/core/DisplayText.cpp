#include "DisplayText.h"

namespace spaces {

namespace {

constexpr char16_t Esc = 0x1b;
constexpr char16_t Bel = 0x07;
constexpr char16_t C1Dcs = 0x90;
constexpr char16_t C1Sos = 0x98;
constexpr char16_t C1Csi = 0x9b;
constexpr char16_t C1St = 0x9c;
constexpr char16_t C1Osc = 0x9d;
constexpr char16_t C1Pm = 0x9e;
constexpr char16_t C1Apc = 0x9f;

bool isControl(char16_t c)
{
    return c < 0x20 || (c >= 0x7f && c <= 0x9f);
}

// Marks that reorder or isolate text (the "Trojan Source" characters) and line separators a
// label would break at.
bool isInvisibleFormatting(char16_t c)
{
    return c == 0x061c || c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e) ||
           (c >= 0x2066 && c <= 0x2069);
}

bool isBreak(char16_t c)
{
    return c == u'\n' || c == u'\r' || c == u'\t' || c == u'\v' || c == u'\f' || c == 0x85 ||
           c == 0x2028 || c == 0x2029;
}

// The index after a CSI sequence whose parameters start at `i`: parameter and intermediate
// bytes (0x20..0x3f), then one final byte (0x40..0x7e). A sequence cut off by another control
// ends before it.
qsizetype skipCsi(const QString &text, qsizetype i)
{
    while (i < text.size()) {
        const char16_t c = text.at(i).unicode();
        if (c >= 0x40 && c <= 0x7e)
            return i + 1;
        if (c < 0x20 || c > 0x3f)
            return i;
        ++i;
    }
    return i;
}

// The index after a control string (OSC, DCS, SOS, PM, APC) whose body starts at `i`: it ends
// with ST (ESC \ or 0x9c), and an OSC also with BEL, as xterm accepts. Unterminated, it runs
// to the end: a terminal would swallow the rest as well.
qsizetype skipControlString(const QString &text, qsizetype i, bool belEnds)
{
    while (i < text.size()) {
        const char16_t c = text.at(i).unicode();
        if (c == C1St || (belEnds && c == Bel))
            return i + 1;
        if (c == Esc)
            return i + 1 < text.size() && text.at(i + 1) == u'\\' ? i + 2 : i + 1;
        ++i;
    }
    return i;
}

bool startsControlString(char16_t c)
{
    return c == C1Dcs || c == C1Sos || c == C1Osc || c == C1Pm || c == C1Apc;
}

// ESC followed by `c`, in its 7-bit form, as the C1 control it stands for (0 when none).
char16_t sevenBitC1(char16_t c)
{
    return c >= 0x40 && c <= 0x5f ? char16_t(c + 0x40) : char16_t(0);
}

} // namespace

QString DisplayText::oneLine(const QString &text)
{
    QString result;
    result.reserve(text.size());
    bool pendingSpace = false;
    qsizetype i = 0;
    while (i < text.size()) {
        char16_t c = text.at(i).unicode();
        ++i;
        if (c == Esc && i < text.size()) {
            const char16_t next = text.at(i).unicode();
            const char16_t c1 = sevenBitC1(next);
            if (c1 != 0) {
                c = c1;
                ++i;
            } else {
                // nF and Fp/Fs escapes: intermediates (0x20..0x2f), then one final byte.
                while (i < text.size() && text.at(i).unicode() >= 0x20 &&
                       text.at(i).unicode() <= 0x2f)
                    ++i;
                if (i < text.size() && text.at(i).unicode() >= 0x30 && text.at(i).unicode() <= 0x7e)
                    ++i;
                continue;
            }
        }
        if (c == C1Csi) {
            i = skipCsi(text, i);
            continue;
        }
        if (startsControlString(c)) {
            i = skipControlString(text, i, c == C1Osc);
            continue;
        }
        if (isBreak(c)) {
            pendingSpace = !result.isEmpty();
            continue;
        }
        if (isControl(c) || isInvisibleFormatting(c))
            continue;
        if (c == u' ') {
            pendingSpace = !result.isEmpty();
            continue;
        }
        if (pendingSpace) {
            result += u' ';
            pendingSpace = false;
        }
        result += QChar(c);
    }
    return result;
}

} // namespace spaces
