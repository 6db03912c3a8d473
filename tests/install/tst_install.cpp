// `cmake --install` into a temporary prefix, as a user without root would: every file of the
// package in place, the programs runnable from there, and each file accepted by the tool that
// reads it (desktop-file-validate, appstreamcli, man, bash, zsh, fish, systemd-analyze).
#include "CliCommandTable.h"

#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

const QString AppId = u"local.spaces.SpacesDesktop"_s;

struct Ran
{
    int exitCode = -1; // -1: did not start, crashed or hung
    QString out;
    QString err;

    QByteArray describe(const QString &what) const
    {
        return u"%1: exit %2\n--- stdout:\n%3--- stderr:\n%4"_s.arg(what)
            .arg(exitCode)
            .arg(out, err)
            .toUtf8();
    }
};

Ran run(const QString &program, const QStringList &arguments,
        const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment(),
        int timeoutMs = 120000)
{
    Ran ran;
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(program, arguments);
    if (!process.waitForStarted(10000)) {
        ran.err = u"could not start %1: %2"_s.arg(program, process.errorString());
        return ran;
    }
    process.closeWriteChannel();
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(5000);
    }
    ran.out = QString::fromUtf8(process.readAllStandardOutput());
    ran.err = QString::fromUtf8(process.readAllStandardError());
    if (process.exitStatus() == QProcess::NormalExit && process.state() == QProcess::NotRunning)
        ran.exitCode = process.exitCode();
    return ran;
}

#define REQUIRE_TOOL(tool)                                                                         \
    do {                                                                                           \
        if (QStandardPaths::findExecutable(u"" tool ""_s).isEmpty())                               \
            QSKIP(tool " is not installed (scripts/install-deps.sh --test installs it)");          \
    } while (false)

} // namespace

class InstallTest final : public QObject
{
    Q_OBJECT

private:
    // Under DESTDIR as well, so that a file installed to an absolute path (the Python module
    // where the interpreter is not under the prefix) lands in the test's folder too.
    QString installed(const QString &relative) const
    {
        return m_stage.path() +
               (QDir::isAbsolutePath(relative) ? relative : m_prefix.path() + u'/' + relative);
    }
    QString zshDirectory() const
    {
        return installed(qEnvironmentVariable("SPACES_ZSH_COMPLETION_DIR"));
    }
    QString spacectlVersion() const
    {
        return run(installed(u"bin/spacectl"_s), {u"--version"_s}).out.trimmed();
    }

    // Completion candidates bash offers for the words (the last one being completed).
    QStringList bashCompletes(const QStringList &words) const
    {
        const Ran ran =
            run(u"bash"_s,
                QStringList{u"--norc"_s, u"--noprofile"_s, u"-c"_s,
                            uR"(source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1));
                            _spacectl; printf '%s\n' "${COMPREPLY[@]}")"_s,
                            u"bash"_s, installed(u"share/bash-completion/completions/spacectl"_s)} +
                    words);
        return ran.exitCode == 0 ? ran.out.split(u'\n', Qt::SkipEmptyParts)
                                 : QStringList{u"error: "_s + ran.err};
    }

    QTemporaryDir m_prefix; // stays empty: only its name is the prefix
    QTemporaryDir m_stage;  // DESTDIR

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_prefix.isValid() && m_stage.isValid());
        const QString cmake = qEnvironmentVariable("SPACES_CMAKE");
        const QString build = qEnvironmentVariable("SPACES_BUILD_DIR");
        QVERIFY2(!cmake.isEmpty() && !build.isEmpty(), "run the tests through ctest");
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(u"DESTDIR"_s, m_stage.path());
        const Ran install =
            run(cmake, {u"--install"_s, build, u"--prefix"_s, m_prefix.path()}, environment);
        QVERIFY2(install.exitCode == 0, install.describe(u"cmake --install"_s).constData());
    }

    void filesInPlace_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("executable");
        for (const QString &program :
             {u"spaces-desktop"_s, u"spacectl"_s, u"spacesd"_s, u"spaces-log-stamp"_s})
            QTest::newRow(qPrintable(program)) << u"bin/"_s + program << true;
        const QList<std::pair<const char *, QString>> files{
            {"desktop entry", u"share/applications/%1.desktop"_s.arg(AppId)},
            {"metainfo", u"share/metainfo/%1.metainfo.xml"_s.arg(AppId)},
            {"scalable icon", u"share/icons/hicolor/scalable/apps/%1.svg"_s.arg(AppId)},
            {"spacectl(1)", u"share/man/man1/spacectl.1"_s},
            {"spacesd(1)", u"share/man/man1/spacesd.1"_s},
            {"bash completion", u"share/bash-completion/completions/spacectl"_s},
            {"zsh completion", qEnvironmentVariable("SPACES_ZSH_COMPLETION_DIR") + u"/_spacectl"_s},
            {"fish completion", u"share/fish/vendor_completions.d/spacectl.fish"_s},
            {"user unit", u"lib/systemd/user/spacesd.service"_s},
        };
        for (const auto &[name, path] : files)
            QTest::newRow(name) << path << false;
        const QString python = qEnvironmentVariable("SPACES_PYTHON_DESTINATION");
        if (!python.isEmpty())
            QTest::newRow("python module") << python + u"/spaces/__init__.py"_s << false;
        const QStringList sizes =
            qEnvironmentVariable("SPACES_ICON_SIZES").split(u' ', Qt::SkipEmptyParts);
        for (const QString &size : sizes)
            QTest::newRow(qPrintable(u"icon "_s + size))
                << u"share/icons/hicolor/%1x%1/apps/%2.png"_s.arg(size, AppId) << false;
    }
    void filesInPlace()
    {
        QFETCH(QString, path);
        QFETCH(bool, executable);
        const QFileInfo file(installed(path));
        QVERIFY2(file.isFile() && file.size() > 0, qPrintable(path + u" is missing"_s));
        QCOMPARE(file.isExecutable(), executable);
    }

    void iconsHaveTheirSizes()
    {
        const QStringList sizes =
            qEnvironmentVariable("SPACES_ICON_SIZES").split(u' ', Qt::SkipEmptyParts);
        QVERIFY(sizes.contains(u"16"_s) && sizes.contains(u"256"_s));
        for (const QString &size : sizes) {
            const QImage icon(
                installed(u"share/icons/hicolor/%1x%1/apps/%2.png"_s.arg(size, AppId)));
            QCOMPARE(icon.size(), QSize(size.toInt(), size.toInt()));
            QVERIFY(icon.hasAlphaChannel());
        }
        QFile svg(installed(u"share/icons/hicolor/scalable/apps/%1.svg"_s.arg(AppId)));
        QVERIFY(svg.open(QIODevice::ReadOnly));
        QVERIFY(svg.readAll().contains("<svg"));
    }

    void programsSayTheirVersion()
    {
        const QRegularExpression version(u"^\\d+\\.\\d+\\.\\d+$"_s);
        for (const QString &program : {u"spacectl"_s, u"spacesd"_s, u"spaces-desktop"_s}) {
            QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
            environment.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
            const Ran ran = run(installed(u"bin/"_s + program), {u"--version"_s}, environment);
            QVERIFY2(ran.exitCode == 0, ran.describe(program).constData());
            const QStringList words = ran.out.trimmed().split(u' ');
            QCOMPARE(words.value(0), program);
            QVERIFY2(version.match(words.value(1)).hasMatch(), qPrintable(ran.out));
        }
    }

    void desktopEntryValidates()
    {
        REQUIRE_TOOL("desktop-file-validate");
        const QString entry = installed(u"share/applications/%1.desktop"_s.arg(AppId));
        const Ran ran = run(u"desktop-file-validate"_s, {entry});
        QVERIFY2(ran.exitCode == 0 && ran.out.isEmpty(),
                 ran.describe(u"desktop-file-validate"_s).constData());
        QFile file(entry);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(file.readAll());
        QVERIFY(text.contains(u"\nExec=spaces-desktop\n"_s));
        QVERIFY(text.contains(u"\nIcon=%1\n"_s.arg(AppId)));
    }

    void metainfoValidates()
    {
        REQUIRE_TOOL("appstreamcli");
        const QString metainfo = installed(u"share/metainfo/%1.metainfo.xml"_s.arg(AppId));
        const Ran ran = run(u"appstreamcli"_s, {u"validate"_s, u"--no-net"_s, metainfo});
        QVERIFY2(ran.exitCode == 0, ran.describe(u"appstreamcli validate"_s).constData());
        QFile file(metainfo);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString version = spacectlVersion().section(u' ', 1);
        QVERIFY2(
            QString::fromUtf8(file.readAll()).contains(u"<release version=\"%1\""_s.arg(version)),
            "the metainfo's release is not the programs' version");
    }

    void manualPagesRender_data()
    {
        QTest::addColumn<QString>("page");
        QTest::newRow("spacectl") << u"spacectl"_s;
        QTest::newRow("spacesd") << u"spacesd"_s;
    }
    void manualPagesRender()
    {
        REQUIRE_TOOL("man");
        QFETCH(QString, page);
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(u"MANWIDTH"_s, u"100"_s);
        environment.insert(u"MAN_KEEP_FORMATTING"_s, QString());
        const Ran ran =
            run(u"man"_s, {u"--warnings"_s, u"-l"_s, installed(u"share/man/man1/%1.1"_s.arg(page))},
                environment);
        QVERIFY2(ran.exitCode == 0 && ran.err.isEmpty(), ran.describe(u"man -l"_s).constData());
        QVERIFY2(ran.out.startsWith(page.toUpper() + u"(1)"_s), qPrintable(ran.out.left(200)));
        QVERIFY(ran.out.contains(u"SYNOPSIS"_s) && ran.out.contains(u"SEE ALSO"_s));
        if (page == u"spacectl"_s) {
            // Written from the command table: every command and option is there.
            for (const spaces::CliCommandSpec &spec : spaces::CliCommandTable::commands()) {
                QVERIFY2(ran.out.contains(u"\n       "_s + spec.name), qPrintable(spec.name));
                for (const spaces::CliOptionSpec &option : spec.options)
                    QVERIFY2(ran.out.contains(u"--"_s + option.name), qPrintable(option.name));
            }
            return;
        }
        // Hand-written: every option spacesd takes must be described.
        const Ran help = run(installed(u"bin/spacesd"_s), {u"--help"_s});
        QCOMPARE(help.exitCode, 0);
        const QRegularExpression option(u"--[a-z][a-z-]+"_s);
        int seen = 0;
        for (const QRegularExpressionMatch &match : option.globalMatch(help.out)) {
            ++seen;
            QVERIFY2(ran.out.contains(match.captured()),
                     qPrintable(match.captured() + u" is not in spacesd(1)"_s));
        }
        QVERIFY(seen > 10);
    }

    void bashCompletes_data()
    {
        QTest::addColumn<QStringList>("words");
        QTest::addColumn<QStringList>("expected");
        QTest::addColumn<QStringList>("absent");
        QTest::newRow("command") << QStringList{u"spacectl"_s, u"cr"_s} << QStringList{u"create"_s}
                                 << QStringList{u"list"_s};
        QTest::newRow("after a global option")
            << QStringList{u"spacectl"_s, u"--server"_s, u"http://x"_s, u"port-"_s}
            << QStringList{u"port-forward"_s, u"port-list"_s, u"port-stop"_s} << QStringList{};
        QTest::newRow("global options")
            << QStringList{u"spacectl"_s, u"--"_s}
            << QStringList{u"--server"_s, u"--token"_s, u"--json"_s, u"--help"_s}
            << QStringList{u"--shell"_s};
        QTest::newRow("command options")
            << QStringList{u"spacectl"_s, u"create"_s, u"site"_s, u"web"_s, u"--"_s}
            << QStringList{u"--field"_s, u"--shell"_s, u"--description"_s, u"--json"_s}
            << QStringList{u"--follow"_s, u"--persistent"_s};
        QTest::newRow("short option")
            << QStringList{u"spacectl"_s, u"logs"_s, u"-"_s}
            << QStringList{u"-f"_s, u"--follow"_s, u"--lines"_s, u"-t"_s, u"--timestamps"_s}
            << QStringList{};
        QTest::newRow("shell values")
            << QStringList{u"spacectl"_s, u"shell"_s, u"dev"_s, u"--shell"_s, u""_s}
            << QStringList{u"bash"_s, u"zsh"_s, u"fish"_s, u"sh"_s} << QStringList{};
        QTest::newRow("help topic") << QStringList{u"spacectl"_s, u"help"_s, u"is"_s}
                                    << QStringList{u"is-running"_s} << QStringList{};
        QTest::newRow("free value") << QStringList{u"spacectl"_s, u"--token"_s, u""_s}
                                    << QStringList{} << QStringList{u"list"_s};
    }
    void bashCompletes()
    {
        REQUIRE_TOOL("bash");
        QFETCH(QStringList, words);
        QFETCH(QStringList, expected);
        QFETCH(QStringList, absent);
        const QStringList offered = bashCompletes(words);
        for (const QString &word : expected)
            QVERIFY2(offered.contains(word), qPrintable(offered.join(u' ')));
        for (const QString &word : absent)
            QVERIFY2(!offered.contains(word), qPrintable(offered.join(u' ')));
        if (expected.isEmpty())
            QVERIFY2(offered.isEmpty(), qPrintable(offered.join(u' ')));
    }

    void bashCompletesEveryCommand()
    {
        REQUIRE_TOOL("bash");
        const QStringList offered = bashCompletes({u"spacectl"_s, u""_s});
        for (const spaces::CliCommandSpec &spec : spaces::CliCommandTable::commands())
            QVERIFY2(offered.contains(spec.name), qPrintable(spec.name));
    }

    void zshLoadsCompletion()
    {
        REQUIRE_TOOL("zsh");
        const QString file = zshDirectory() + u"/_spacectl"_s;
        const Ran syntax = run(u"zsh"_s, {u"-n"_s, file});
        QVERIFY2(syntax.exitCode == 0, syntax.describe(u"zsh -n"_s).constData());
        // compinit finds it on fpath by its #compdef line and binds it to spacectl.
        const Ran bound = run(u"zsh"_s, {u"-f"_s, u"-c"_s,
                                         u"fpath=(\"$1\" $fpath); autoload -Uz compinit; "
                                         u"compinit -u -D; print -r -- ${_comps[spacectl]}"_s,
                                         u"zsh"_s, zshDirectory()});
        QVERIFY2(bound.exitCode == 0 && bound.out.trimmed() == u"_spacectl"_s,
                 bound.describe(u"compinit"_s).constData());
    }

    void fishCompletes()
    {
        REQUIRE_TOOL("fish");
        QTemporaryDir home;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(u"HOME"_s, home.path());
        environment.insert(u"XDG_CONFIG_HOME"_s, home.filePath(u"config"_s));
        environment.insert(u"XDG_DATA_HOME"_s, home.filePath(u"data"_s));
        const QString file = installed(u"share/fish/vendor_completions.d/spacectl.fish"_s);
        const auto complete = [&](const QString &line) {
            const Ran ran = run(
                u"fish"_s,
                {u"--no-config"_s, u"-c"_s, u"source $argv[1]; complete -C $argv[2]"_s, file, line},
                environment);
            return ran.exitCode == 0 ? ran.out : u"error: "_s + ran.err;
        };
        QVERIFY2(complete(u"spacectl cr"_s).startsWith(u"create\tCreate a space from a template"_s),
                 qPrintable(complete(u"spacectl cr"_s)));
        const QString options = complete(u"spacectl port-forward --"_s);
        QVERIFY2(options.contains(u"--persistent\t"_s) && options.contains(u"--json\t"_s),
                 qPrintable(options));
        QVERIFY2(!options.contains(u"--follow"_s), qPrintable(options));
        const QString shells = complete(u"spacectl create site web --shell "_s);
        QVERIFY2(shells.contains(u"zsh"_s) && shells.contains(u"fish"_s), qPrintable(shells));
    }

    void userUnitVerifies()
    {
        QFile unit(installed(u"lib/systemd/user/spacesd.service"_s));
        QVERIFY(unit.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(unit.readAll());
        const QString configured = qEnvironmentVariable("SPACES_CONFIGURED_PREFIX");
        // The unit names spacesd where the build installs it, not where this test put it.
        QVERIFY2(text.contains(u"\nExecStart=%1/bin/spacesd serve\n"_s.arg(configured)),
                 qPrintable(text));
        QVERIFY(text.contains(u"\nWantedBy=default.target\n"_s));
        REQUIRE_TOOL("systemd-analyze");
        // A copy that runs this prefix's spacesd: verify checks that the program exists, and
        // that the man page of Documentation= does.
        QTemporaryDir runtime;
        QFile copy(runtime.filePath(u"spacesd.service"_s));
        QVERIFY(copy.open(QIODevice::WriteOnly));
        copy.write(QString(text)
                       .replace(u"ExecStart=%1/bin/"_s.arg(configured),
                                u"ExecStart=%1/"_s.arg(installed(u"bin"_s)))
                       .toUtf8());
        copy.close();
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(u"XDG_RUNTIME_DIR"_s, runtime.path());
        environment.insert(u"MANPATH"_s, installed(u"share/man"_s));
        const Ran ran =
            run(u"systemd-analyze"_s, {u"--user"_s, u"verify"_s, copy.fileName()}, environment);
        QVERIFY2(ran.exitCode == 0 && ran.err.trimmed().isEmpty(),
                 ran.describe(u"systemd-analyze verify"_s).constData());
    }
};

QTEST_GUILESS_MAIN(InstallTest)
#include "tst_install.moc"
