#pragma once

// Runs the spacectl binary ($SPACES_SPACECTL, set by CTest) and collects what it did.
#include <QByteArray>
#include <QJsonDocument>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QTest>

namespace spaces::test {

struct SpacectlResult
{
    int exitCode = -1; // -1: crashed or did not finish
    QString out;
    QString err;

    QJsonDocument json() const { return QJsonDocument::fromJson(out.toUtf8()); }
    // For failure messages.
    QByteArray describe() const
    {
        return QStringLiteral("exit %1\n--- stdout:\n%2--- stderr:\n%3")
            .arg(exitCode)
            .arg(out, err)
            .toUtf8();
    }
};

class SpacectlRunner final
{
public:
    explicit SpacectlRunner(QProcessEnvironment environment = cleanEnvironment())
        : m_environment(std::move(environment))
    {}

    static QString path() { return qEnvironmentVariable("SPACES_SPACECTL"); }

    // The test's environment without any SPACES_URL, SPACES_TOKEN or SPACES_DATA_DIR.
    static QProcessEnvironment cleanEnvironment()
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"SPACES_URL", "SPACES_TOKEN", "SPACES_DATA_DIR"})
            environment.remove(QString::fromLatin1(name));
        return environment;
    }
    static QProcessEnvironment serverEnvironment(const QUrl &url, const QString &token)
    {
        QProcessEnvironment environment = cleanEnvironment();
        environment.insert(QStringLiteral("SPACES_URL"), url.toString());
        environment.insert(QStringLiteral("SPACES_TOKEN"), token);
        return environment;
    }

    QProcessEnvironment &environment() { return m_environment; }

    SpacectlResult run(const QStringList &arguments, int timeoutMs = 90000) const
    {
        return runProgram(path(), arguments, timeoutMs);
    }
    SpacectlResult runProgram(const QString &program, const QStringList &arguments,
                              int timeoutMs = 90000) const
    {
        return execute(program, arguments, timeoutMs, false);
    }
    // The same, running this thread's event loop meanwhile: a server living in the test
    // (FakeKnotServer, KnotSimulator) can answer the spacectl it waits for.
    SpacectlResult runServing(const QStringList &arguments, int timeoutMs = 90000) const
    {
        return execute(path(), arguments, timeoutMs, true);
    }

private:
    SpacectlResult execute(const QString &program, const QStringList &arguments, int timeoutMs,
                           bool serveEvents) const
    {
        SpacectlResult result;
        QProcess process;
        process.setProcessEnvironment(m_environment);
        process.start(program, arguments);
        if (!process.waitForStarted(10000)) {
            result.err =
                QStringLiteral("could not start %1: %2").arg(program, process.errorString());
            return result;
        }
        process.closeWriteChannel();
        const bool finished =
            serveEvents
                ? QTest::qWaitFor([&process] { return process.state() == QProcess::NotRunning; },
                                  timeoutMs)
                : process.waitForFinished(timeoutMs);
        if (!finished) {
            process.kill();
            process.waitForFinished(5000);
        }
        result.out = QString::fromUtf8(process.readAllStandardOutput());
        result.err = QString::fromUtf8(process.readAllStandardError());
        if (process.exitStatus() == QProcess::NormalExit && process.state() == QProcess::NotRunning)
            result.exitCode = process.exitCode();
        return result;
    }

    QProcessEnvironment m_environment;
};

} // namespace spaces::test

// Checks a spacectl run's exit status, showing everything it printed when it differs.
#define SPACECTL_COMPARE_EXIT(result, expectedExit)                                                \
    QVERIFY2((result).exitCode == (expectedExit), (result).describe().constData())
