#pragma once

#include "ApiError.h"

#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>
#include <QTextStream>

namespace spaces {

// Where spacectl writes: results to stdout (as text or JSON), complaints to stderr as
// "spacectl: <sentence>", or with --json as {"error": "<sentence>", "status": N}: the
// server's HTTP status, 400 for a command line spacectl refuses itself, 0 when no server
// answered.
class CliOutput final
{
public:
    // The status of an --json error spacectl decides itself (a wrong command line).
    static constexpr int UsageStatus = 400;

    CliOutput(QTextStream &out, QTextStream &err, bool json);

    bool isJson() const { return m_json; }

    // A line of text (a newline is added).
    void line(const QString &text);
    // Text exactly as given (a command's output).
    void raw(const QString &text);
    // An aligned table; cells are made single-line.
    void table(const QStringList &headers, const QList<QStringList> &rows);
    // An object or array as indented JSON.
    void json(const QJsonValue &value);
    void error(const QString &sentence, int status);
    void error(const ApiError &failure);
    // The usage error, then a hint where to read more (as text).
    void usageError(const QString &sentence, const QString &command);

    static QString formatTable(const QStringList &headers, const QList<QStringList> &rows);
    static QString formatJson(const QJsonValue &value);

private:
    QTextStream &m_out;
    QTextStream &m_err;
    bool m_json = false;
};

} // namespace spaces
