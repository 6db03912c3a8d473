// The time stamps of a space's log: the format, the line stamper (as bytes arrive, partial
// lines, podman's times rewritten), and spaces-log-stamp for real beside a process group
// started by ProcessGroup::launch, ending by itself once the group is gone.
#include "LineStamper.h"
#include "LogStampFormat.h"
#include "LogStampers.h"
#include "ProcessGroup.h"
#include "RuntimeTestSupport.h"
#include "ShellLocator.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace spaces;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

timespec at(const char *iso, long milliseconds = 0)
{
    const QDateTime time = QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate);
    timespec result{};
    result.tv_sec = time_t(time.toSecsSinceEpoch());
    result.tv_nsec = milliseconds * 1000000;
    return result;
}

std::string stamped(LineStamper &stamper, std::string_view input, const timespec &now)
{
    std::string out;
    stamper.feed(input.data(), input.size(), now, out);
    return out;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// A stamp of the log as a time; invalid when `line` has none.
QDateTime stampOf(const QByteArray &line)
{
    if (!LogStampFormat::isStamped(std::string_view(line.constData(), size_t(line.size()))))
        return {};
    return QDateTime::fromString(QString::fromLatin1(line.left(LogStampFormat::StampLength)),
                                 Qt::ISODateWithMs);
}

} // namespace

class LogStampTest final : public QObject
{
    Q_OBJECT

    QString m_shell;
    std::unique_ptr<QTemporaryDir> m_dir;

    LaunchSpec specFor(const QString &command) const
    {
        LaunchSpec spec;
        spec.shellPath = m_shell;
        spec.command = command;
        spec.workingDirectory = m_dir->path();
        spec.environment = test::environmentWith({u"SPACE_ID=stamp-test"_s});
        spec.logFilePath = m_dir->filePath(u"logs/space.log"_s);
        return spec;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_shell = ShellLocator::find(u"sh"_s);
        QVERIFY(!m_shell.isEmpty());
        qputenv("SPACES_LOG_STAMP", SPACES_LOG_STAMP_PROGRAM);
        QCOMPARE(ProcessGroup::logStamper(), QStringLiteral(SPACES_LOG_STAMP_PROGRAM));
    }
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }
    void cleanup() { m_dir.reset(); }

    void formatsUtcWithMilliseconds_data()
    {
        QTest::addColumn<qint64>("seconds");
        QTest::addColumn<long>("nanoseconds");
        QTest::addColumn<QString>("expected");
        QTest::newRow("epoch") << qint64(0) << 0L << u"1970-01-01T00:00:00.000Z"_s;
        QTest::newRow("milliseconds truncated")
            << qint64(1796221800) << 123999999L << u"2026-12-02T14:30:00.123Z"_s;
        QTest::newRow("leap day") << qint64(1709164800) << 5000000L
                                  << u"2024-02-29T00:00:00.005Z"_s;
        QTest::newRow("end of a year")
            << qint64(1767225599) << 999000000L << u"2025-12-31T23:59:59.999Z"_s;
        QTest::newRow("before the epoch") << qint64(-1) << 0L << u"1969-12-31T23:59:59.000Z"_s;
    }
    void formatsUtcWithMilliseconds()
    {
        QFETCH(qint64, seconds);
        QFETCH(long, nanoseconds);
        QFETCH(QString, expected);
        char text[LogStampFormat::StampLength];
        QVERIFY(LogStampFormat::format(timespec{time_t(seconds), nanoseconds}, text));
        QCOMPARE(QString::fromLatin1(text, sizeof text), expected);
        // The same as Qt's own idea of that time.
        QCOMPARE(QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC)
                     .addMSecs(nanoseconds / 1000000)
                     .toString(Qt::ISODateWithMs),
                 expected);
        QVERIFY(LogStampFormat::isStamped(QString(expected + u" line"_s).toStdString()));
    }

    void recognisesStamps_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<bool>("stamped");
        QTest::newRow("stamped") << u"2026-12-02T14:30:00.123Z hello"_s << true;
        QTest::newRow("stamped, empty line") << u"2026-12-02T14:30:00.123Z \n"_s << true;
        QTest::newRow("no space after it") << u"2026-12-02T14:30:00.123Zhello"_s << false;
        QTest::newRow("no milliseconds") << u"2026-12-02T14:30:00Z hello"_s << false;
        QTest::newRow("an offset") << u"2026-12-02T14:30:00.123+01:00 x"_s << false;
        QTest::newRow("a service's own words") << u"hello 2026-12-02T14:30:00.123Z"_s << false;
        QTest::newRow("too short") << u"2026-12-02"_s << false;
        QTest::newRow("empty") << QString() << false;
    }
    void recognisesStamps()
    {
        QFETCH(QString, line);
        QFETCH(bool, stamped);
        QCOMPARE(LogStampFormat::isStamped(line.toStdString()), stamped);
    }

    void parsesPodmanTimes_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected"); // empty: refused
        QTest::addColumn<int>("length");
        QTest::newRow("nanoseconds, UTC")
            << u"2026-12-02T14:30:00.123456789Z rest"_s << u"2026-12-02T14:30:00.123Z"_s << 30;
        QTest::newRow("an offset")
            << u"2026-12-02T15:30:00.5+01:00"_s << u"2026-12-02T14:30:00.500Z"_s << 27;
        QTest::newRow("a negative offset, over midnight")
            << u"2026-12-01T23:30:00-05:00"_s << u"2026-12-02T04:30:00.000Z"_s << 25;
        QTest::newRow("no fraction")
            << u"2026-12-02T14:30:00Z"_s << u"2026-12-02T14:30:00.000Z"_s << 20;
        QTest::newRow("no zone") << u"2026-12-02T14:30:00.123"_s << QString() << 0;
        QTest::newRow("a dot without digits") << u"2026-12-02T14:30:00.Z"_s << QString() << 0;
        QTest::newRow("month 13") << u"2026-13-02T14:30:00Z"_s << QString() << 0;
        QTest::newRow("words") << u"Error: no such container"_s << QString() << 0;
        QTest::newRow("cut short") << u"2026-12-02T14:3"_s << QString() << 0;
    }
    void parsesPodmanTimes()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        QFETCH(int, length);
        const std::string bytes = text.toStdString();
        std::size_t taken = 0;
        const std::optional<timespec> parsed = LogStampFormat::parseRfc3339(bytes, &taken);
        QCOMPARE(parsed.has_value(), !expected.isEmpty());
        if (!parsed)
            return;
        char stamp[LogStampFormat::StampLength];
        QVERIFY(LogStampFormat::format(*parsed, stamp));
        QCOMPARE(QString::fromLatin1(stamp, sizeof stamp), expected);
        QCOMPARE(int(taken), length);
    }

    void stampsLinesAsTheyArrive()
    {
        LineStamper stamper;
        const timespec first = at("2026-12-02T14:30:00Z", 1);
        const timespec second = at("2026-12-02T14:30:01Z", 2);
        // Two lines and the start of a third: all three stamped at once, nothing held back.
        QCOMPARE(stamped(stamper, "one\ntwo\nthr", first),
                 std::string("2026-12-02T14:30:00.001Z one\n2026-12-02T14:30:00.001Z two\n"
                             "2026-12-02T14:30:00.001Z thr"));
        // The rest of the third: not stamped again; the fourth gets its own time.
        QCOMPARE(stamped(stamper, "ee\nfour\n", second),
                 std::string("ee\n2026-12-02T14:30:01.002Z four\n"));
        QCOMPARE(stamped(stamper, "\n", second), std::string("2026-12-02T14:30:01.002Z \n"));
        std::string end;
        stamper.finish(second, end);
        QCOMPARE(end, std::string());
        // A partial last line is completed at the end.
        QCOMPARE(stamped(stamper, "progress 50%", second),
                 std::string("2026-12-02T14:30:01.002Z progress 50%"));
        stamper.finish(second, end);
        QCOMPARE(end, std::string("\n"));
    }

    void rewritesPodmanTimes()
    {
        LineStamper stamper(LineStamper::Mode::Convert);
        const timespec now = at("2026-12-02T15:00:00Z", 7);
        QCOMPARE(stamped(stamper, "2026-12-02T15:30:00.123456789+01:00 hello\n", now),
                 std::string("2026-12-02T14:30:00.123Z hello\n"));
        // Split anywhere, the time of a line included.
        std::string out = stamped(stamper, "2026-12-02T14:3", now);
        QCOMPARE(out, std::string());
        out += stamped(stamper, "1:00.5Z wor", now);
        out += stamped(stamper, "ld\n", now);
        QCOMPARE(out, std::string("2026-12-02T14:31:00.500Z world\n"));
        // Podman's own error, without a time: stamped when read.
        QCOMPARE(stamped(stamper, "Error: no container\n", now),
                 std::string("2026-12-02T15:00:00.007Z Error: no container\n"));
        // An empty line with its time; a line without a space after a long first word.
        QCOMPARE(stamped(stamper, "2026-12-02T14:32:00Z\n", now),
                 std::string("2026-12-02T14:32:00.000Z \n"));
        const std::string longWord(100, 'x');
        QCOMPARE(stamped(stamper, longWord + "\n", now),
                 "2026-12-02T15:00:00.007Z " + longWord + "\n");
        // Ended in the middle of a time: what was held is written, stamped when read.
        out = stamped(stamper, "2026-12", now);
        stamper.finish(now, out);
        QCOMPARE(out, std::string("2026-12-02T15:00:00.007Z 2026-12\n"));
    }

    void stamperRunsBesideTheGroupAndEndsAfterIt()
    {
        const QDateTime before = QDateTime::currentDateTimeUtc();
        QString error;
        const qint64 group = ProcessGroup::launch(
            specFor(u"echo first; printf 'to-stderr\\n' >&2; printf 'partial'; "
                    "while [ ! -f go ]; do sleep 0.02; done; echo second; exec sleep 1000"_s),
            &error);
        test::GroupGuard guard(group);
        QVERIFY2(group > 0, qPrintable(error));
        const QString log = m_dir->filePath(u"logs/space.log"_s);
        QTRY_VERIFY_WITH_TIMEOUT(readFile(log).contains("partial"), 10000);
        const QDateTime after = QDateTime::currentDateTimeUtc();

        const QList<qint64> stampers = test::logStampersOf(log);
        QCOMPARE(stampers.size(), 1);
        const qint64 stamper = stampers.first();
        // Its own session, not a member of the services' group, without their environment.
        QCOMPARE(test::procStatField(stamper, 6), stamper);
        QVERIFY(!ProcessGroup::members(group).contains(stamper));
        QVERIFY(!readFile(u"/proc/%1/environ"_s.arg(stamper)).contains("SPACE_ID="));
        QVERIFY(!ProcessGroup::waitForLogWriters(log, 50ms));

        const QList<QByteArray> lines = readFile(log).split('\n');
        QCOMPARE(lines.size(), 3);
        for (const QByteArray &line : lines) {
            const QDateTime stamp = stampOf(line);
            QVERIFY2(stamp.isValid(), line.constData());
            // Milliseconds: the stamp may be up to 1 ms before `before`'s own rounding.
            QVERIFY2(stamp >= before.addMSecs(-1) && stamp <= after, line.constData());
        }
        QVERIFY(lines.at(0).endsWith(" first"));
        QVERIFY(lines.at(1).endsWith(" to-stderr"));
        QVERIFY(lines.at(2).endsWith(" partial"));

        QVERIFY(QFile(m_dir->filePath(u"go"_s)).open(QIODevice::WriteOnly));
        // The rest of the partial line follows it, unstamped.
        QTRY_VERIFY_WITH_TIMEOUT(readFile(log).contains(" partialsecond\n"), 10000);

        QVERIFY(ProcessGroup::terminate(group, 2s));
        QVERIFY(ProcessGroup::waitForLogWriters(log, 5s));
        QTRY_VERIFY_WITH_TIMEOUT(!test::processIsLive(stamper), 5000);
        QVERIFY(test::logStampersOf(log).isEmpty());
    }

    void partialLastLineIsCompletedAtTheEnd()
    {
        QString error;
        const qint64 group =
            ProcessGroup::launch(specFor(u"echo done; printf 'no line break'"_s), &error);
        test::GroupGuard guard(group);
        QVERIFY2(group > 0, qPrintable(error));
        const QString log = m_dir->filePath(u"logs/space.log"_s);
        QVERIFY(ProcessGroup::waitUntilGone(group, 10s));
        QVERIFY(ProcessGroup::waitForLogWriters(log, 5s));
        const QByteArray text = readFile(log);
        static const QRegularExpression shape(
            u"^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z done\n"
            u"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z no line break\n$"_s);
        QVERIFY2(shape.match(QString::fromUtf8(text)).hasMatch(), text.constData());
    }

    void floodDoesNotWaitOnTheStamper()
    {
        // 20 MB as fast as the shell can write: the services are never held up for long.
        QString error;
        const qint64 group = ProcessGroup::launch(
            specFor(u"head -c 20000000 /dev/zero | tr '\\0' 'x' | fold -w 99"_s), &error);
        test::GroupGuard guard(group);
        QVERIFY2(group > 0, qPrintable(error));
        QVERIFY(ProcessGroup::waitUntilGone(group, 30s));
        const QString log = m_dir->filePath(u"logs/space.log"_s);
        QVERIFY(ProcessGroup::waitForLogWriters(log, 10s));
        const QByteArray text = readFile(log);
        const qsizetype lines = text.count('\n');
        QCOMPARE(lines, qsizetype((20000000 + 98) / 99));
        QCOMPARE(text.size(), 20000000 + lines + lines * qsizetype(LogStampFormat::PrefixLength));
    }

    void withoutTheProgramTheServicesWriteThemselves()
    {
        qputenv("SPACES_LOG_STAMP", "/nonexistent/spaces-log-stamp");
        const auto restore =
            qScopeGuard([] { qputenv("SPACES_LOG_STAMP", SPACES_LOG_STAMP_PROGRAM); });
        QVERIFY(ProcessGroup::logStamper().isEmpty());
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(u"spaces-log-stamp is not installed"_s));
        QString error;
        const qint64 group = ProcessGroup::launch(specFor(u"echo plain"_s), &error);
        test::GroupGuard guard(group);
        QVERIFY2(group > 0, qPrintable(error));
        QVERIFY(ProcessGroup::waitUntilGone(group, 10s));
        const QString log = m_dir->filePath(u"logs/space.log"_s);
        QVERIFY(ProcessGroup::waitForLogWriters(log, 5s));
        QCOMPARE(readFile(log), QByteArray("plain\n"));
    }

    void noStampsWhenAskedForNone()
    {
        LaunchSpec spec = specFor(u"echo raw"_s);
        spec.logStamps = LaunchSpec::LogStamps::None;
        QString error;
        const qint64 group = ProcessGroup::launch(spec, &error);
        test::GroupGuard guard(group);
        QVERIFY2(group > 0, qPrintable(error));
        QVERIFY(ProcessGroup::waitUntilGone(group, 10s));
        QVERIFY(ProcessGroup::waitForLogWriters(spec.logFilePath, 5s));
        QCOMPARE(readFile(spec.logFilePath), QByteArray("raw\n"));
    }
};

QTEST_GUILESS_MAIN(LogStampTest)
#include "tst_logstamp.moc"
