#include "JsonStreamWriter.h"

#include <QChar>
#include <charconv>

namespace spaces {

namespace {

constexpr char HexDigits[] = "0123456789abcdef";

// What QJsonDocument writes for a character it escapes.
void appendEscape(QByteArray &out, char16_t unit)
{
    switch (unit) {
    case u'"':
        out.append("\\\"", 2);
        return;
    case u'\\':
        out.append("\\\\", 2);
        return;
    case 0x08:
        out.append("\\b", 2);
        return;
    case 0x0c:
        out.append("\\f", 2);
        return;
    case 0x0a:
        out.append("\\n", 2);
        return;
    case 0x0d:
        out.append("\\r", 2);
        return;
    case 0x09:
        out.append("\\t", 2);
        return;
    default:
        break;
    }
    const char escape[6] = {'\\',
                            'u',
                            HexDigits[(unit >> 12) & 0xf],
                            HexDigits[(unit >> 8) & 0xf],
                            HexDigits[(unit >> 4) & 0xf],
                            HexDigits[unit & 0xf]};
    out.append(escape, 6);
}

constexpr bool isPlainAscii(uchar c)
{
    return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

constexpr bool isContinuation(uchar c)
{
    return (c & 0xc0) == 0x80;
}

// The length of the UTF-8 sequence at `p` (Unicode's table 3-7 of well-formed sequences), 0
// when it is not one. A three-byte encoding of a UTF-16 surrogate is not UTF-8 either, but
// it is what SQLite stores for a lone surrogate of a QString: `surrogate` gets its value.
int sequenceLength(const uchar *p, qsizetype available, char16_t *surrogate)
{
    const uchar lead = p[0];
    if (lead >= 0xc2 && lead <= 0xdf)
        return available >= 2 && isContinuation(p[1]) ? 2 : 0;
    if (lead >= 0xe0 && lead <= 0xef) {
        if (available < 3 || !isContinuation(p[1]) || !isContinuation(p[2]))
            return 0;
        if (lead == 0xe0 && p[1] < 0xa0)
            return 0; // overlong
        if (lead == 0xed && p[1] >= 0xa0)
            *surrogate = char16_t(0xd000 | ((p[1] & 0x3f) << 6) | (p[2] & 0x3f));
        return 3;
    }
    if (lead >= 0xf0 && lead <= 0xf4) {
        if (available < 4 || !isContinuation(p[1]) || !isContinuation(p[2]) ||
            !isContinuation(p[3]))
            return 0;
        if ((lead == 0xf0 && p[1] < 0x90) || (lead == 0xf4 && p[1] >= 0x90))
            return 0; // overlong, or beyond U+10FFFF
        return 4;
    }
    return 0; // a continuation byte without its lead, C0, C1 or F5..FF
}

} // namespace

void JsonStreamWriter::appendString(QByteArray &out, QByteArrayView utf8)
{
    const auto *p = reinterpret_cast<const uchar *>(utf8.data());
    const auto *const end = p + utf8.size();
    // Runs of bytes that need nothing are copied at once; only escapes break them.
    const uchar *run = p;
    const auto flush = [&] {
        out.append(reinterpret_cast<const char *>(run), p - run);
    };
    out.append('"');
    while (p < end) {
        const uchar c = *p;
        if (isPlainAscii(c)) {
            ++p;
            continue;
        }
        if (c < 0x80) {
            flush();
            appendEscape(out, c);
            run = ++p;
            continue;
        }
        char16_t surrogate = 0;
        const int length = sequenceLength(p, end - p, &surrogate);
        if (length > 0 && surrogate == 0) {
            p += length;
            continue;
        }
        flush();
        if (surrogate != 0) {
            appendEscape(out, surrogate);
            p += length;
        } else {
            out.append("\xef\xbf\xbd", 3); // U+FFFD for each byte that is not UTF-8
            ++p;
        }
        run = p;
    }
    flush();
    out.append('"');
}

void JsonStreamWriter::appendString(QByteArray &out, QStringView text)
{
    const char16_t *p = text.utf16();
    const char16_t *const end = p + text.size();
    out.append('"');
    while (p < end) {
        const char16_t unit = *p++;
        if (unit < 0x80) {
            if (isPlainAscii(uchar(unit)))
                out.append(char(unit));
            else
                appendEscape(out, unit);
        } else if (unit < 0x800) {
            const char bytes[2] = {char(0xc0 | (unit >> 6)), char(0x80 | (unit & 0x3f))};
            out.append(bytes, 2);
        } else if (QChar::isHighSurrogate(unit) && p < end && QChar::isLowSurrogate(*p)) {
            const char32_t code = QChar::surrogateToUcs4(unit, *p++);
            const char bytes[4] = {char(0xf0 | (code >> 18)), char(0x80 | ((code >> 12) & 0x3f)),
                                   char(0x80 | ((code >> 6) & 0x3f)), char(0x80 | (code & 0x3f))};
            out.append(bytes, 4);
        } else if (QChar::isSurrogate(unit)) {
            appendEscape(out, unit);
        } else {
            const char bytes[3] = {char(0xe0 | (unit >> 12)), char(0x80 | ((unit >> 6) & 0x3f)),
                                   char(0x80 | (unit & 0x3f))};
            out.append(bytes, 3);
        }
    }
    out.append('"');
}

void JsonStreamWriter::separate()
{
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    if (m_hasMember.isEmpty())
        return;
    if (m_hasMember.back())
        m_out.append(',');
    else
        m_hasMember.back() = true;
}

void JsonStreamWriter::open(char bracket)
{
    separate();
    m_out.append(bracket);
    m_hasMember.append(false);
}

void JsonStreamWriter::close(char bracket)
{
    Q_ASSERT(!m_hasMember.isEmpty() && !m_afterKey);
    m_hasMember.removeLast();
    m_out.append(bracket);
}

void JsonStreamWriter::key(QByteArrayView utf8)
{
    separate();
    appendString(m_out, utf8);
    m_out.append(':');
    m_afterKey = true;
}

void JsonStreamWriter::string(QByteArrayView utf8)
{
    separate();
    appendString(m_out, utf8);
}

void JsonStreamWriter::string(QStringView text)
{
    separate();
    appendString(m_out, text);
}

void JsonStreamWriter::boolean(bool value)
{
    separate();
    if (value)
        m_out.append("true", 4);
    else
        m_out.append("false", 5);
}

void JsonStreamWriter::integer(qint64 value)
{
    separate();
    char digits[24];
    const std::to_chars_result written = std::to_chars(digits, digits + sizeof digits, value);
    m_out.append(digits, written.ptr - digits);
}

void JsonStreamWriter::null()
{
    separate();
    m_out.append("null", 4);
}

void JsonStreamWriter::raw(QByteArrayView json)
{
    separate();
    m_out.append(json.data(), json.size());
}

} // namespace spaces
