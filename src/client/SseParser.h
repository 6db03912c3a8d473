#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace spaces {

// One dispatched Server-Sent Event.
struct SseEvent
{
    QString type = QStringLiteral("message"); // the `event:` field, "message" when absent
    QString data;                             // `data:` lines joined with "\n"
    QString id;                               // the last event id seen on the stream

    friend bool operator==(const SseEvent &, const SseEvent &) = default;
};

// The text/event-stream format (WHATWG HTML, "Server-sent events"), incrementally: feed the
// bytes as they arrive, in chunks split anywhere (inside a line, a UTF-8 sequence or a CRLF),
// and get the events completed so far. Handles CRLF, LF and CR line ends, comments, multi-line
// data, fields without a value and a UTF-8 byte order mark at the start of the stream.
class SseParser final
{
public:
    // A line, or an event's data, larger than this is dropped whole: a broken or hostile
    // stream must not grow us. Events of the API are a few hundred bytes.
    static constexpr qsizetype MaxEventBytes = 1024 * 1024;

    QList<SseEvent> feed(const QByteArray &bytes);
    // A new stream: forgets partial lines and events, allows a byte order mark again. The
    // last event id is kept (a reconnect sends it as Last-Event-ID).
    void reset();

    QString lastEventId() const { return m_lastEventId; }
    // The `retry:` the server asked for, in milliseconds (-1: none).
    qint64 retryMilliseconds() const { return m_retry; }
    // How many comment lines (": keep-alive") were seen.
    qint64 comments() const { return m_comments; }
    // Whether a line or an event went over MaxEventBytes since the last reset(): the stream
    // is not one to trust any more.
    bool overflowed() const { return m_overflowed; }

private:
    void processLine(const QByteArray &line, QList<SseEvent> *events);
    void endOfLine(QList<SseEvent> *events);

    QByteArray m_line;
    bool m_lineTooLong = false;
    bool m_skipLineFeed = false; // a CR ended the last line: a LF right after belongs to it
    bool m_atStart = true;       // no byte of the stream consumed yet (BOM check)
    QByteArray m_bomPrefix;      // bytes of a possible BOM split across chunks
    QString m_eventType;
    QString m_data;
    bool m_hasData = false;
    qsizetype m_eventBytes = 0;
    bool m_eventTooLarge = false;
    bool m_overflowed = false;
    QString m_lastEventId;
    qint64 m_retry = -1;
    qint64 m_comments = 0;
};

} // namespace spaces
