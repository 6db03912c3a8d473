#include "CliOutput.h"

#include "DisplayText.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>

namespace spaces {

namespace {

QString singleLine(const QString &cell)
{
    QString text = cell;
    text.replace(u'\r', u' ').replace(u'\n', u' ').replace(u'\t', u' ');
    return text;
}

} // namespace

CliOutput::CliOutput(QTextStream &out, QTextStream &err, bool json)
    : m_out(out)
    , m_err(err)
    , m_json(json)
{}

void CliOutput::line(const QString &text)
{
    m_out << text << '\n';
    m_out.flush();
}

void CliOutput::raw(const QString &text)
{
    m_out << text;
    m_out.flush();
}

void CliOutput::table(const QStringList &headers, const QList<QStringList> &rows)
{
    raw(formatTable(headers, rows));
}

void CliOutput::json(const QJsonValue &value)
{
    raw(formatJson(value));
}

void CliOutput::error(const QString &sentence, int status)
{
    m_out.flush();
    if (m_json) {
        // One line, so that a script can read stderr line by line; JSON escapes control
        // characters itself.
        const QJsonObject failure{{QStringLiteral("error"), sentence},
                                  {QStringLiteral("status"), status}};
        m_err << QJsonDocument(failure).toJson(QJsonDocument::Compact) << '\n';
    } else {
        // Sentences come from servers, from spacesd's log and from arguments: a terminal must
        // never get their escape sequences (clear screen, retitle, hyperlinks, cursor moves).
        m_err << "spacectl: " << DisplayText::oneLine(sentence) << '\n';
    }
    m_err.flush();
}

void CliOutput::error(const ApiError &failure)
{
    error(failure.message.isEmpty()
              ? QStringLiteral("the operation failed (status %1)").arg(failure.status)
              : failure.message,
          failure.status);
}

void CliOutput::usageError(const QString &sentence, const QString &command)
{
    if (m_json)
        return error(sentence, UsageStatus);
    m_out.flush();
    m_err << "spacectl: " << DisplayText::oneLine(sentence) << '\n'
          << (command.isEmpty() ? QStringLiteral("Try 'spacectl --help'.")
                                : QStringLiteral("Try 'spacectl help %1'.").arg(command))
          << '\n';
    m_err.flush();
}

QString CliOutput::formatTable(const QStringList &headers, const QList<QStringList> &rows)
{
    QList<qsizetype> widths;
    for (const QString &header : headers)
        widths.append(header.size());
    QList<QStringList> cells;
    for (const QStringList &row : rows) {
        QStringList clean;
        for (qsizetype column = 0; column < headers.size(); ++column) {
            clean.append(singleLine(row.value(column)));
            widths[column] = std::max(widths[column], clean.last().size());
        }
        cells.append(clean);
    }
    const auto formatRow = [&widths](const QStringList &row) -> QString {
        QString text;
        for (qsizetype column = 0; column < row.size(); ++column) {
            const bool last = column + 1 == row.size();
            text += last ? row.at(column) : row.at(column).leftJustified(widths.at(column) + 2);
        }
        while (text.endsWith(u' '))
            text.chop(1);
        return text + u'\n';
    };
    QString text = formatRow(headers);
    for (const QStringList &row : std::as_const(cells))
        text += formatRow(row);
    return text;
}

QString CliOutput::formatJson(const QJsonValue &value)
{
    const QJsonDocument document =
        value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
    return QString::fromUtf8(document.toJson(QJsonDocument::Indented));
}

} // namespace spaces
