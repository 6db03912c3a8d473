// JsonStreamWriter, the space list's JSON: every string comes out as JSON that QJsonDocument
// parses back to the same text, and as the very bytes QJsonDocument writes for it, whether
// it comes as UTF-16 (QString) or as UTF-8 (SQLite's text); bytes that are not UTF-8 still
// give valid JSON.
#include "JsonStreamWriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace spaces;
using namespace Qt::StringLiterals;

namespace {

QByteArray qtString(const QString &text)
{
    const QByteArray array = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2); // without the brackets
}

QJsonValue parsedString(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson('[' + json + ']', &error);
    if (error.error != QJsonParseError::NoError)
        qWarning() << "not JSON:" << json << error.errorString();
    return document.array().first();
}

} // namespace

class JsonStreamWriterTest final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void strings_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("empty") << QString();
        QTest::newRow("plain") << u"space-0042"_s;
        QTest::newRow("quotes") << u"say \"hi\" and 'bye'"_s;
        QTest::newRow("backslashes") << u"C:\\path\\ and \\\" and \\u0041"_s;
        QTest::newRow("named escapes") << u"a\bb\fc\nd\re\tf"_s;
        QString controls;
        for (char16_t c = 0; c < 0x20; ++c)
            controls.append(QChar(c));
        controls.append(QChar(0x7f));
        QTest::newRow("every control character, NUL and DEL") << controls;
        QTest::newRow("slash and html") << u"</script><b>&amp;</b>"_s;
        QTest::newRow("latin-1") << u"Grüße, café, ñ, ß, ÿ"_s;
        QTest::newRow("two-byte edges") << u"\u0080\u07ff"_s;
        QTest::newRow("three-byte edges") << u"\u0800\uffff\ufffd\u2028\u2029"_s;
        QTest::newRow("cjk and rtl") << u"空间 スペース שָׁלוֹם مرحبا"_s;
        QTest::newRow("astral: emoji, flags, math") << u"🚀 🇩🇪 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \U0010ffff"_s;
        QTest::newRow("combining marks") << u"e\u0301 n\u0303 Z\u0351\u0352\u0353"_s;
        QTest::newRow("mixed") << u"\"\\\n\u00e9\U0001f600\t\u0001end"_s;
        QTest::newRow("long") << QString(u"x\"é🚀\n"_s).repeated(5000);
    }

    void strings()
    {
        QFETCH(QString, text);
        QByteArray fromUtf16;
        JsonStreamWriter::appendString(fromUtf16, text);
        QCOMPARE(fromUtf16, qtString(text));
        QCOMPARE(parsedString(fromUtf16), QJsonValue(text));

        QByteArray fromUtf8;
        JsonStreamWriter::appendString(fromUtf8, QByteArrayView(text.toUtf8()));
        QCOMPARE(fromUtf8, qtString(text));
        QCOMPARE(parsedString(fromUtf8), QJsonValue(text));
    }

    // A lone surrogate in a QString: QJsonDocument escapes it, and so does the writer, from
    // UTF-16 and from the three bytes SQLite stores for it.
    void loneSurrogates_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QByteArray>("sqliteBytes");
        QTest::newRow("high alone") << QString(QChar(0xd800)) << QByteArray("\xed\xa0\x80");
        QTest::newRow("low alone") << QString(QChar(0xdfff)) << QByteArray("\xed\xbf\xbf");
        QTest::newRow("high then text")
            << QString(QChar(0xdbff)) + u"x"_s << QByteArray("\xed\xaf\xbfx");
    }

    void loneSurrogates()
    {
        QFETCH(QString, text);
        QFETCH(QByteArray, sqliteBytes);
        QByteArray fromUtf16;
        JsonStreamWriter::appendString(fromUtf16, text);
        QCOMPARE(fromUtf16, qtString(text));
        QByteArray fromUtf8;
        JsonStreamWriter::appendString(fromUtf8, QByteArrayView(sqliteBytes));
        QCOMPARE(fromUtf8, qtString(text));
    }

    // Bytes that are no UTF-8 at all: each becomes U+FFFD, the rest is kept, and the output
    // is always JSON.
    void invalidUtf8_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        const QString r(QChar(0xfffd));
        QTest::newRow("lone continuation") << QByteArray("a\x80z") << u"a"_s + r + u"z"_s;
        QTest::newRow("truncated two-byte at the end") << QByteArray("a\xc3") << u"a"_s + r;
        QTest::newRow("truncated three-byte") << QByteArray("\xe2\x82z") << r + r + u"z"_s;
        QTest::newRow("overlong slash") << QByteArray("\xc0\xaf") << r + r;
        QTest::newRow("overlong three-byte") << QByteArray("\xe0\x80\xaf") << r + r + r;
        QTest::newRow("beyond U+10FFFF") << QByteArray("\xf4\x90\x80\x80") << r + r + r + r;
        QTest::newRow("F5 and FF") << QByteArray("\xf5\xff\"") << r + r + u"\""_s;
        QTest::newRow("quote after a bad byte") << QByteArray("\xfe\"\\\n") << r + u"\"\\\n"_s;
    }

    void invalidUtf8()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        QByteArray json;
        JsonStreamWriter::appendString(json, QByteArrayView(bytes));
        QCOMPARE(parsedString(json), QJsonValue(expected));
        QCOMPARE(json, qtString(expected));
    }

    // Nesting, commas and every kind of value: the bytes QJsonDocument writes for the same
    // members in its (sorted) order.
    void documents()
    {
        QByteArray out;
        JsonStreamWriter json(out);
        json.beginObject();
        json.key("count");
        json.integer(-9007199254740991);
        json.key("empty array");
        json.beginArray();
        json.endArray();
        json.key("empty object");
        json.beginObject();
        json.endObject();
        json.key("list");
        json.beginArray();
        json.boolean(true);
        json.boolean(false);
        json.null();
        json.integer(0);
        json.string(u"é\"🚀"_s);
        json.beginObject();
        json.key("nested");
        json.beginArray();
        json.beginArray();
        json.endArray();
        json.endArray();
        json.endObject();
        json.endArray();
        json.key("raw");
        json.raw(R"({"a":[1,2]})");
        json.key("ünï\"cödé key\n");
        json.string(QByteArrayView("v\x01"));
        json.endObject();

        const QJsonObject expected{
            {u"count"_s, qint64(-9007199254740991)},
            {u"empty array"_s, QJsonArray()},
            {u"empty object"_s, QJsonObject()},
            {u"list"_s, QJsonArray{true, false, QJsonValue(), 0, u"é\"🚀"_s,
                                   QJsonObject{{u"nested"_s, QJsonArray{QJsonArray()}}}}},
            {u"raw"_s, QJsonObject{{u"a"_s, QJsonArray{1, 2}}}},
            {u"ünï\"cödé key\n"_s, u"v\u0001"_s},
        };
        QCOMPARE(out, QJsonDocument(expected).toJson(QJsonDocument::Compact));
        QJsonParseError error;
        QCOMPARE(QJsonDocument::fromJson(out, &error).object(), expected);
        QCOMPARE(error.error, QJsonParseError::NoError);
    }
};

QTEST_GUILESS_MAIN(JsonStreamWriterTest)
#include "tst_json_stream_writer.moc"
