#include "SseParser.h"

namespace spaces {

namespace {

const QByteArray Bom("\xEF\xBB\xBF");

} // namespace

void SseParser::reset()
{
    m_line.clear();
    m_lineTooLong = false;
    m_skipLineFeed = false;
    m_atStart = true;
    m_bomPrefix.clear();
    m_eventType.clear();
    m_data.clear();
    m_hasData = false;
    m_eventBytes = 0;
    m_eventTooLarge = false;
    m_overflowed = false;
}

QList<SseEvent> SseParser::feed(const QByteArray &bytes)
{
    QList<SseEvent> events;
    QByteArrayView input(bytes);
    if (m_atStart) {
        // The BOM may come a byte at a time: hold on until it is complete or ruled out.
        m_bomPrefix.append(input.toByteArray());
        if (Bom.startsWith(m_bomPrefix))
            return events; // all of it so far is (part of) a BOM
        m_atStart = false;
        const QByteArray pending = std::exchange(m_bomPrefix, {});
        return feed(pending.startsWith(Bom) ? pending.mid(Bom.size()) : pending);
    }
    qsizetype start = 0;
    for (qsizetype i = 0; i < input.size(); ++i) {
        const char c = input[i];
        if (c != '\n' && c != '\r')
            continue;
        if (c == '\n' && m_skipLineFeed && i == start && m_line.isEmpty() && !m_lineTooLong) {
            // The LF of a CRLF whose CR ended the previous chunk's (or this chunk's) line.
            m_skipLineFeed = false;
            start = i + 1;
            continue;
        }
        m_skipLineFeed = false;
        if (!m_lineTooLong)
            m_line.append(input.sliced(start, i - start));
        endOfLine(&events);
        if (c == '\r') {
            if (i + 1 < input.size()) {
                if (input[i + 1] == '\n')
                    ++i;
            } else {
                m_skipLineFeed = true;
            }
        }
        start = i + 1;
    }
    if (start < input.size()) {
        m_skipLineFeed = false;
        if (!m_lineTooLong) {
            m_line.append(input.sliced(start));
            if (m_line.size() > MaxEventBytes) {
                m_line.clear();
                m_lineTooLong = true;
                m_overflowed = true;
            }
        }
    }
    return events;
}

void SseParser::endOfLine(QList<SseEvent> *events)
{
    if (m_lineTooLong || m_line.size() > MaxEventBytes) {
        m_overflowed = true;
        m_lineTooLong = false;
        m_line.clear();
        return;
    }
    const QByteArray line = std::exchange(m_line, {});
    processLine(line, events);
}

void SseParser::processLine(const QByteArray &line, QList<SseEvent> *events)
{
    if (line.isEmpty()) {
        // Dispatch. An event without data is no event, but its type is used up.
        if (m_hasData && !m_eventTooLarge) {
            SseEvent event;
            if (!m_eventType.isEmpty())
                event.type = m_eventType;
            event.data = m_data;
            event.id = m_lastEventId;
            events->append(event);
        }
        m_eventType.clear();
        m_data.clear();
        m_hasData = false;
        m_eventBytes = 0;
        m_eventTooLarge = false;
        return;
    }
    if (line.startsWith(':')) {
        ++m_comments;
        return;
    }
    const qsizetype colon = line.indexOf(':');
    const QByteArray field = colon < 0 ? line : line.left(colon);
    QByteArray value = colon < 0 ? QByteArray() : line.mid(colon + 1);
    if (value.startsWith(' '))
        value.remove(0, 1);
    if (field == "event") {
        m_eventType = QString::fromUtf8(value);
    } else if (field == "data") {
        m_eventBytes += value.size() + 1;
        if (m_eventBytes > MaxEventBytes && !m_eventTooLarge) {
            // Many lines of one event add up as well: the event is dropped.
            m_eventTooLarge = true;
            m_overflowed = true;
            m_data.clear();
        }
        if (!m_eventTooLarge) {
            if (m_hasData)
                m_data += u'\n';
            m_data += QString::fromUtf8(value);
        }
        m_hasData = true;
    } else if (field == "id") {
        if (!value.contains('\0'))
            m_lastEventId = QString::fromUtf8(value);
    } else if (field == "retry") {
        bool ok = false;
        const qint64 retry = value.toLongLong(&ok);
        if (ok && retry >= 0 && !value.startsWith('+'))
            m_retry = retry;
    }
    // Other fields are ignored, as the format says.
}

} // namespace spaces
