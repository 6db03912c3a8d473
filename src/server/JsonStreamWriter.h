#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QStringView>
#include <QVarLengthArray>

namespace spaces {

// Writes JSON straight into a byte buffer, for answers too big to build as QJsonObjects
// first (10,000 spaces are 5 MB of JSON, and the objects cost more than the bytes). Strings
// come out as QJsonDocument writes them: `"` `\` and control characters escaped (\b \f \n
// \r \t, else \u00xx), everything else as UTF-8, so the bytes equal its Compact output for
// the same members in the same (sorted) order. The caller writes keys in the order it wants.
class JsonStreamWriter final
{
public:
    explicit JsonStreamWriter(QByteArray &out)
        : m_out(out)
    {}

    void beginObject() { open('{'); }
    void endObject() { close('}'); }
    void beginArray() { open('['); }
    void endArray() { close(']'); }
    // The next member's name; its value follows with one of the calls below.
    void key(QByteArrayView utf8);

    void string(QByteArrayView utf8);
    void string(QStringView text);
    void boolean(bool value);
    void integer(qint64 value);
    void null();
    // A value serialized elsewhere (valid JSON, e.g. QJsonDocument's Compact output).
    void raw(QByteArrayView json);

    // The JSON string for UTF-8 text, quotes included. Bytes that are not UTF-8 become
    // U+FFFD; an encoded UTF-16 surrogate (what SQLite keeps of a lone one in a QString)
    // becomes the \udxxx escape QJsonDocument writes for it.
    static void appendString(QByteArray &out, QByteArrayView utf8);
    // The same for UTF-16 text: pairs as UTF-8, a lone surrogate as \udxxx.
    static void appendString(QByteArray &out, QStringView text);

private:
    void open(char bracket);
    void close(char bracket);
    // The comma before a value or key, unless it is the first of its container or follows
    // its key.
    void separate();

    QByteArray &m_out;
    // Per open container: whether it has a member yet.
    QVarLengthArray<bool, 8> m_hasMember;
    bool m_afterKey = false;
};

} // namespace spaces
