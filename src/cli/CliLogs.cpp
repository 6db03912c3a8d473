#include "CliLogs.h"

#include "CliExitCode.h"
#include "DisplayText.h"
#include "LogLineStamp.h"
#include "LogStream.h"

#include <QEventLoop>

namespace spaces {

CliLogs::CliLogs(ConnectionSettings settings, QTextStream &out, QTextStream &err)
    : m_settings(std::move(settings))
    , m_out(out)
    , m_err(err)
{}

QString CliLogs::lastLines(const QString &text, int lines)
{
    QString plain = text;
    plain.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    if (lines <= 0)
        return plain;
    qsizetype start = plain.size();
    // Count back over `lines` line breaks, the final one ending the last line.
    if (plain.endsWith(u'\n'))
        --start;
    for (int seen = 0; start > 0; --start) {
        if (plain.at(start - 1) == u'\n' && ++seen == lines)
            break;
    }
    return plain.mid(start);
}

int CliLogs::run(const QString &spaceId, int lines, bool follow, bool timestamps)
{
    const LogLineStamp::Show show =
        timestamps ? LogLineStamp::Show::Plain : LogLineStamp::Show::None;
    LogStream stream(m_settings, spaceId);
    QEventLoop loop;
    QString history;
    int status = ExitSuccess;
    QObject::connect(&stream, &LogStream::textReceived, &loop,
                     [&](const QString &text, bool isHistory) {
                         if (isHistory) {
                             history += text;
                             return;
                         }
                         QString plain = LogLineStamp::apply(text, show);
                         plain.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
                         m_out << plain;
                         m_out.flush();
                     });
    QObject::connect(&stream, &LogStream::stateChanged, &loop, [&](LogStream::State state) {
        if (state != LogStream::State::Live)
            return;
        m_out << LogLineStamp::apply(lastLines(history, lines), show);
        m_out.flush();
        history.clear();
        if (!follow)
            loop.quit();
    });
    // Here a lost stream ends the command: printing the history again would repeat lines.
    QObject::connect(&stream, &LogStream::connectionError, &loop, [&](const QString &sentence) {
        m_err << "spacectl: " << DisplayText::oneLine(sentence) << '\n';
        m_err.flush();
        status = ExitFailure;
        loop.quit();
    });
    stream.start();
    loop.exec();
    stream.stop();
    return status;
}

} // namespace spaces
