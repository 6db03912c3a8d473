// SseParser: the text/event-stream format, fed whole, split at every byte boundary and a
// byte at a time: the same events every way.
#include "SseParser.h"

#include <QTest>

using namespace spaces;
using namespace Qt::StringLiterals;

using Events = QList<SseEvent>;
Q_DECLARE_METATYPE(Events)

namespace {

SseEvent sse(const QString &type, const QString &data, const QString &id = {})
{
    SseEvent result;
    result.type = type;
    result.data = data;
    result.id = id;
    return result;
}

QByteArray describe(const Events &events)
{
    QByteArray text;
    for (const SseEvent &e : events)
        text += "[" + e.type.toUtf8() + "|" + e.data.toUtf8().toPercentEncoding() + "|" +
                e.id.toUtf8() + "]";
    return text;
}

Events feedInPieces(const QList<QByteArray> &pieces)
{
    SseParser parser;
    Events events;
    for (const QByteArray &piece : pieces)
        events += parser.feed(piece);
    return events;
}

} // namespace

class SseParserTest final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data()
    {
        QTest::addColumn<QByteArray>("stream");
        QTest::addColumn<Events>("expected");

        const QString changed =
            uR"({"type":"space:changed","payload":{"id":"a1","user_id":"u1"}})"_s;
        QTest::newRow("spacesd stream")
            << ("event: connected\ndata: {}\n\n: keep-alive\n\nevent: message\ndata: " +
                changed.toUtf8() + "\n\n")
            << Events{sse(u"connected"_s, u"{}"_s), sse(u"message"_s, changed)};
        QTest::newRow("crlf") << QByteArray("event: message\r\ndata: x\r\n\r\n")
                              << Events{sse(u"message"_s, u"x"_s)};
        QTest::newRow("cr") << QByteArray("event: message\rdata: x\r\r")
                            << Events{sse(u"message"_s, u"x"_s)};
        QTest::newRow("mixed line ends")
            << QByteArray("data: a\r\ndata: b\rdata: c\n\r\ndata: d\r\r\n")
            << Events{sse(u"message"_s, u"a\nb\nc"_s), sse(u"message"_s, u"d"_s)};
        QTest::newRow("cr cr lf is two line ends")
            << QByteArray("data: a\r\r\n") << Events{sse(u"message"_s, u"a"_s)};
        QTest::newRow("multi-line data") << QByteArray("data: one\ndata:two\ndata:  three\n\n")
                                         << Events{sse(u"message"_s, u"one\ntwo\n three"_s)};
        QTest::newRow("default type")
            << QByteArray("data: x\n\n") << Events{sse(u"message"_s, u"x"_s)};
        QTest::newRow("type resets")
            << QByteArray("event: connected\ndata: 1\n\ndata: 2\n\n")
            << Events{sse(u"connected"_s, u"1"_s), sse(u"message"_s, u"2"_s)};
        QTest::newRow("comments") << QByteArray(": hello\n:\n: keep-alive\n\ndata: x\n: inside\n\n")
                                  << Events{sse(u"message"_s, u"x"_s)};
        QTest::newRow("no data no event")
            << QByteArray("event: message\n\nevent: other\nid: 7\n\n") << Events{};
        QTest::newRow("empty data line")
            << QByteArray("data\n\n") << Events{sse(u"message"_s, QString())};
        QTest::newRow("data with colons")
            << QByteArray("data: a: b:c\n\n") << Events{sse(u"message"_s, u"a: b:c"_s)};
        QTest::newRow("unknown fields") << QByteArray("foo: bar\nretry: 3000\ndata: x\nbaz\n\n")
                                        << Events{sse(u"message"_s, u"x"_s)};
        QTest::newRow("id") << QByteArray("id: 42\ndata: x\n\ndata: y\n\n")
                            << Events{sse(u"message"_s, u"x"_s, u"42"_s),
                                      sse(u"message"_s, u"y"_s, u"42"_s)};
        QTest::newRow("bom") << QByteArray("\xEF\xBB\xBF"
                                           "data: x\n\n")
                             << Events{sse(u"message"_s, u"x"_s)};
        QTest::newRow("bom then comment")
            << QByteArray("\xEF\xBB\xBF: hi\ndata: x\n\n") << Events{sse(u"message"_s, u"x"_s)};
        QTest::newRow("second bom is not stripped") << QByteArray("\xEF\xBB\xBF\xEF\xBB\xBF"
                                                                  "data: x\n\n")
                                                    << Events{};
        QTest::newRow("utf-8") << QByteArray(
                                      "data: gr\xC3\xBC\xC3\x9F \xE2\x82\xAC \xF0\x9F\x9A\x80\n\n")
                               << Events{sse(u"message"_s, u"grüß € 🚀"_s)};
        QTest::newRow("unfinished event is held back")
            << QByteArray("data: done\n\ndata: not yet\n") << Events{sse(u"message"_s, u"done"_s)};
        QTest::newRow("leading blank lines")
            << QByteArray("\n\r\n\rdata: x\n\n") << Events{sse(u"message"_s, u"x"_s)};
    }

    void parse()
    {
        QFETCH(QByteArray, stream);
        QFETCH(Events, expected);
        const Events whole = feedInPieces({stream});
        QVERIFY2(whole == expected,
                 QByteArray(describe(whole) + " != " + describe(expected)).constData());
    }

    // Every split into two chunks, at every byte boundary (inside CRLF, the BOM, UTF-8 too).
    void splitAtEveryBoundary_data() { parse_data(); }
    void splitAtEveryBoundary()
    {
        QFETCH(QByteArray, stream);
        QFETCH(Events, expected);
        for (qsizetype at = 0; at <= stream.size(); ++at) {
            const Events events = feedInPieces({stream.left(at), stream.mid(at)});
            QVERIFY2(events == expected,
                     QByteArray("split at " + QByteArray::number(at) + ": " + describe(events))
                         .constData());
        }
    }

    // Three chunks, every pair of boundaries.
    void splitTwiceEverywhere_data() { parse_data(); }
    void splitTwiceEverywhere()
    {
        QFETCH(QByteArray, stream);
        QFETCH(Events, expected);
        for (qsizetype a = 0; a <= stream.size(); ++a) {
            for (qsizetype b = a; b <= stream.size(); ++b) {
                const Events events =
                    feedInPieces({stream.left(a), stream.mid(a, b - a), stream.mid(b)});
                QVERIFY2(events == expected, QByteArray("split at " + QByteArray::number(a) + "/" +
                                                        QByteArray::number(b))
                                                 .constData());
            }
        }
    }

    void byteByByte_data() { parse_data(); }
    void byteByByte()
    {
        QFETCH(QByteArray, stream);
        QFETCH(Events, expected);
        QList<QByteArray> bytes;
        for (const char c : stream)
            bytes.append(QByteArray(1, c));
        const Events events = feedInPieces(bytes);
        QVERIFY2(events == expected, describe(events).constData());
    }

    void eventsArriveAsSoonAsComplete()
    {
        SseParser parser;
        QVERIFY(parser.feed("data: a\n").isEmpty());
        QCOMPARE(parser.feed("\n").size(), 1);
        // A CR at the end of a chunk ends its line at once; the LF that follows is not a blank
        // line.
        QVERIFY(parser.feed("data: b\r").isEmpty());
        QVERIFY(parser.feed("\n").isEmpty());
        QCOMPARE(parser.feed("\r\n").size(), 1);
    }

    void commentsAndRetryAreCounted()
    {
        SseParser parser;
        parser.feed(": keep-alive\n\n: keep-alive\n\nretry: 2500\n\n");
        QCOMPARE(parser.comments(), 2);
        QCOMPARE(parser.retryMilliseconds(), 2500);
    }

    void resetStartsANewStream()
    {
        SseParser parser;
        QVERIFY(parser.feed("id: 9\ndata: half").isEmpty());
        parser.reset();
        // The partial line is gone, a BOM is allowed again, the last id stays.
        const Events events = parser.feed("\xEF\xBB\xBF"
                                          "data: new\n\n");
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first().data, u"new"_s);
        QCOMPARE(parser.lastEventId(), u"9"_s);
    }

    void overlongLinesAreDropped()
    {
        SseParser parser;
        const QByteArray big(SseParser::MaxEventBytes / 4, 'x');
        Events events = parser.feed("data: ");
        for (int i = 0; i < 5; ++i)
            events += parser.feed(big);
        events += parser.feed("\n\ndata: small\n\n");
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first().data, u"small"_s);
        QVERIFY(parser.overflowed());
        parser.reset();
        QVERIFY(!parser.overflowed());
    }

    void overlongEventsAreDropped()
    {
        // Lines each short enough, an event too large in all.
        SseParser parser;
        const QByteArray line = "data: " + QByteArray(1000, 'y') + '\n';
        Events events;
        for (qsizetype data = 0; data <= SseParser::MaxEventBytes; data += 1000)
            events += parser.feed(line);
        QVERIFY(parser.overflowed());
        events += parser.feed("\ndata: next\n\n");
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first().data, u"next"_s);
    }

    void eventsUpToTheLimitPass()
    {
        SseParser parser;
        const QByteArray data(SseParser::MaxEventBytes - 16, 'z');
        const Events events = parser.feed("data: " + data + "\n\n");
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first().data.size(), data.size());
        QVERIFY(!parser.overflowed());
    }
};

QTEST_GUILESS_MAIN(SseParserTest)
#include "tst_sseparser.moc"
