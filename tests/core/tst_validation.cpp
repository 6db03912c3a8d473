// The validation rules of the spaces API (docs/API.md, "Validation"), checked value by value
// against the exact sentences the server answers with.

#include "Validation.h"

#include <QTest>
#include <limits>

using namespace Qt::StringLiterals;
using spaces::Validation;

namespace {

const QString InvalidSpaceName = u"invalid name given for space"_s;
const QString DescriptionTooLong = u"description too long"_s;
const QString InvalidShell = u"invalid shell given for space"_s;
const QString InvalidCustomFieldName = u"invalid custom field name"_s;
const QString InvalidLocalPort = u"Invalid local port"_s;
const QString InvalidRemotePort = u"Invalid remote port"_s;
const QString InvalidTemplateName = u"invalid template name"_s;
const QString InvalidScriptName = u"invalid script name"_s;

// "a" followed by (length - 1) characters cycling through letters and digits: a valid name
// (for every rule here) of exactly `length` characters.
QString nameOfLength(qsizetype length)
{
    static const QString tail = u"bcdefghijklmnopqrstuvwxyz0123456789"_s;
    QString name = u"a"_s;
    while (name.size() < length)
        name.append(tail.at((name.size() - 1) % tail.size()));
    return name;
}

} // namespace

class TestValidation final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void constants();

    void spaceName_data();
    void spaceName();
    void spaceNameRule_data();
    void spaceNameRule();

    void description_data();
    void description();

    void shells();
    void shell_data();
    void shell();

    void customFieldName_data();
    void customFieldName();

    void port_data();
    void port();

    void templateName_data();
    void templateName();

    void scriptName_data();
    void scriptName();

    void runTimeout_data();
    void runTimeout();
};

void TestValidation::constants()
{
    QCOMPARE(Validation::MaxDescriptionBytes, qsizetype(1024));
    QCOMPARE(Validation::MaxNameLength, 64);
    QCOMPARE(Validation::DefaultRunTimeout.count(), 30);
    QCOMPARE(Validation::MaxRunTimeout.count(), 3600);
}

void TestValidation::spaceName_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("valid");

    QCOMPARE(nameOfLength(63).size(), 63);
    QCOMPARE(nameOfLength(64).size(), 64);
    QCOMPARE(nameOfLength(65).size(), 65);

    // Length: the first letter plus 1..63 more.
    QTest::newRow("1 character") << u"a"_s << false;
    QTest::newRow("2 characters") << u"ab"_s << true;
    QTest::newRow("63 characters") << nameOfLength(63) << true;
    QTest::newRow("64 characters") << nameOfLength(64) << true;
    QTest::newRow("65 characters") << nameOfLength(65) << false;
    QTest::newRow("65 characters, hyphens") << (u"a-"_s.repeated(32) + u"b"_s) << false;
    QTest::newRow("empty") << QString() << false;

    // Ordinary names.
    QTest::newRow("lowercase") << u"myspace"_s << true;
    QTest::newRow("mixed case") << u"MySpace"_s << true;
    QTest::newRow("letters and digits") << u"web2"_s << true;
    QTest::newRow("single hyphen") << u"my-space"_s << true;
    QTest::newRow("several single hyphens") << u"a-b-c-1-2"_s << true;
    QTest::newRow("hyphen then digit") << u"a-1"_s << true;

    // Hyphens: no "--" anywhere, not first; the pattern allows a trailing one.
    QTest::newRow("double hyphen in the middle") << u"my--space"_s << false;
    QTest::newRow("double hyphen at the end") << u"myspace--"_s << false;
    QTest::newRow("triple hyphen") << u"my---space"_s << false;
    QTest::newRow("double hyphen after single ones") << u"a-b-c--d"_s << false;
    QTest::newRow("double hyphen in 64 characters") << (nameOfLength(62) + u"--"_s) << false;
    QTest::newRow("leading hyphen") << u"-myspace"_s << false;
    QTest::newRow("leading double hyphen") << u"--myspace"_s << false;
    QTest::newRow("trailing hyphen") << u"myspace-"_s << true;
    QTest::newRow("letter and trailing hyphen") << u"a-"_s << true;
    QTest::newRow("hyphen only") << u"-"_s << false;

    // First character must be a letter.
    QTest::newRow("leading digit") << u"1space"_s << false;
    QTest::newRow("digits only") << u"12345"_s << false;

    // Other ASCII characters.
    QTest::newRow("underscore") << u"my_space"_s << false;
    QTest::newRow("leading underscore") << u"_myspace"_s << false;
    QTest::newRow("dot") << u"my.space"_s << false;
    QTest::newRow("slash") << u"my/space"_s << false;
    QTest::newRow("at sign") << u"me@space"_s << false;

    // Non-ASCII letters are not [a-zA-Z].
    QTest::newRow("e acute") << u"café"_s << false;
    QTest::newRow("leading e acute") << u"écrire"_s << false;
    QTest::newRow("decomposed e acute") << u"cafe\u0301"_s << false;
    QTest::newRow("japanese") << u"日本"_s << false;
    QTest::newRow("ascii then japanese") << u"space日本"_s << false;
    QTest::newRow("full-width letters") << u"ｓｐａｃｅ"_s << false;
    QTest::newRow("full-width hyphen") << u"my－space"_s << false;
    QTest::newRow("kelvin sign") << u"\u212Aelvin"_s << false;
    QTest::newRow("emoji") << u"space\U0001F680"_s << false;

    // Whitespace and control characters, anywhere.
    QTest::newRow("inner space") << u"my space"_s << false;
    QTest::newRow("leading space") << u" myspace"_s << false;
    QTest::newRow("trailing space") << u"myspace "_s << false;
    QTest::newRow("tab") << u"my\tspace"_s << false;
    QTest::newRow("inner newline") << u"my\nspace"_s << false;
    QTest::newRow("trailing newline") << u"myspace\n"_s << false;
    QTest::newRow("trailing CRLF") << u"myspace\r\n"_s << false;
    QTest::newRow("leading newline") << u"\nmyspace"_s << false;
    QTest::newRow("non-breaking space") << u"my\u00A0space"_s << false;
    QTest::newRow("embedded NUL") << (u"my"_s + QChar(u'\0') + u"space"_s) << false;
}

void TestValidation::spaceName()
{
    QFETCH(QString, name);
    QFETCH(bool, valid);
    QCOMPARE(Validation::checkSpaceName(name), valid ? QString() : InvalidSpaceName);
    // The rule by rule check agrees with the server's pattern on every name.
    const spaces::Expected<QString> checked = Validation::spaceName(name);
    QCOMPARE(checked.hasValue(), valid);
    if (valid)
        QCOMPARE(checked.value(), name);
    else
        QCOMPARE(checked.error().status, 400);
}

void TestValidation::spaceNameRule_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("sentence");
    QTest::newRow("empty") << QString() << u"Give the space a name."_s;
    QTest::newRow("digit first") << u"1bad"_s << u"A name starts with a letter."_s;
    QTest::newRow("dash first") << u"-web"_s << u"A name starts with a letter."_s;
    QTest::newRow("underscore") << u"my_space"_s
                                << u"A name has only ASCII letters, digits and “-”; “_” is not "
                                   "allowed."_s;
    QTest::newRow("umlaut") << u"grün"_s
                            << u"A name has only ASCII letters, digits and “-”; “ü” is not "
                               "allowed."_s;
    QTest::newRow("space, shown by its code")
        << u"my space"_s
        << u"A name has only ASCII letters, digits and “-”; “U+0020” is not allowed."_s;
    QTest::newRow("double dash") << u"a--b"_s << u"A name has no “--” (two dashes in a row)."_s;
    QTest::newRow("one character") << u"a"_s << u"A name has at least 2 characters."_s;
    QTest::newRow("65 characters")
        << nameOfLength(65) << u"A name has at most 64 characters; this one has 65."_s;
}

void TestValidation::spaceNameRule()
{
    QFETCH(QString, name);
    QFETCH(QString, sentence);
    const spaces::Expected<QString> checked = Validation::spaceName(name);
    QVERIFY(!checked);
    QCOMPARE(checked.error().message, sentence);
}

void TestValidation::description_data()
{
    QTest::addColumn<QString>("description");
    QTest::addColumn<bool>("valid");

    QTest::newRow("empty") << QString() << true;
    QTest::newRow("short") << u"My development space"_s << true;
    QTest::newRow("1024 ASCII bytes") << QString(1024, u'x') << true;
    QTest::newRow("1025 ASCII bytes") << QString(1025, u'x') << false;
    QTest::newRow("4096 ASCII bytes") << QString(4096, u'x') << false;
    QTest::newRow("newlines count as bytes: 1024") << (QString(1022, u'x') + u"\n\n"_s) << true;
    QTest::newRow("newlines count as bytes: 1025") << (QString(1023, u'x') + u"\n\n"_s) << false;

    // The limit is in UTF-8 bytes: é is 2 bytes, 日 is 3, 🚀 is 4 (and 2 UTF-16 units).
    QTest::newRow("512 e-acute = 1024 bytes") << QString(512, u'é') << true;
    QTest::newRow("513 e-acute = 1026 bytes") << QString(513, u'é') << false;
    QTest::newRow("1024 e-acute: 1024 characters, 2048 bytes") << QString(1024, u'é') << false;
    QTest::newRow("1023 ASCII + 1 e-acute = 1025 bytes") << (QString(1023, u'x') + u"é"_s) << false;
    QTest::newRow("1022 ASCII + 1 e-acute = 1024 bytes") << (QString(1022, u'x') + u"é"_s) << true;
    QTest::newRow("341 CJK + 1 ASCII = 1024 bytes") << (QString(341, u'日') + u"x"_s) << true;
    QTest::newRow("341 CJK + 2 ASCII = 1025 bytes") << (QString(341, u'日') + u"xy"_s) << false;
    QTest::newRow("256 emoji = 1024 bytes") << u"\U0001F680"_s.repeated(256) << true;
    QTest::newRow("257 emoji = 1028 bytes") << u"\U0001F680"_s.repeated(257) << false;
}

void TestValidation::description()
{
    QFETCH(QString, description);
    QFETCH(bool, valid);
    QCOMPARE(Validation::checkDescription(description), valid ? QString() : DescriptionTooLong);
}

void TestValidation::shells()
{
    QCOMPARE(Validation::shells(), (QStringList{u"bash"_s, u"zsh"_s, u"fish"_s, u"sh"_s}));
}

void TestValidation::shell_data()
{
    QTest::addColumn<QString>("shell");
    QTest::addColumn<bool>("allowEmpty");
    QTest::addColumn<bool>("valid");

    for (const bool allowEmpty : {false, true}) {
        // allowEmpty is true when creating (empty: the user's preferred shell).
        const char *suffix = allowEmpty ? " (create)" : " (update)";
        auto row = [&](const char *name) -> QTestData & {
            const QByteArray tag = QByteArray(name) + suffix;
            return QTest::newRow(tag.constData());
        };
        row("bash") << u"bash"_s << allowEmpty << true;
        row("zsh") << u"zsh"_s << allowEmpty << true;
        row("fish") << u"fish"_s << allowEmpty << true;
        row("sh") << u"sh"_s << allowEmpty << true;
        row("empty") << QString() << allowEmpty << allowEmpty;
        row("capitalised Bash") << u"Bash"_s << allowEmpty << false;
        row("upper case BASH") << u"BASH"_s << allowEmpty << false;
        row("path /bin/bash") << u"/bin/bash"_s << allowEmpty << false;
        row("path /usr/bin/zsh") << u"/usr/bin/zsh"_s << allowEmpty << false;
        row("csh") << u"csh"_s << allowEmpty << false;
        row("ksh") << u"ksh"_s << allowEmpty << false;
        row("powershell") << u"pwsh"_s << allowEmpty << false;
        row("leading space") << u" bash"_s << allowEmpty << false;
        row("trailing newline") << u"bash\n"_s << allowEmpty << false;
        row("only a space") << u" "_s << allowEmpty << false;
        row("two shells") << u"bash,zsh"_s << allowEmpty << false;
    }
}

void TestValidation::shell()
{
    QFETCH(QString, shell);
    QFETCH(bool, allowEmpty);
    QFETCH(bool, valid);
    QCOMPARE(Validation::checkShell(shell, allowEmpty), valid ? QString() : InvalidShell);
}

void TestValidation::customFieldName_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("valid");

    QTest::newRow("1 character") << u"a"_s << false;
    QTest::newRow("2 characters") << u"ab"_s << true;
    QTest::newRow("64 characters") << nameOfLength(64) << true;
    QTest::newRow("65 characters") << nameOfLength(65) << false;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("snake case") << u"db_password"_s << true;
    QTest::newRow("mixed case and digits") << u"Api_Key_2"_s << true;
    QTest::newRow("double underscore") << u"my__field"_s << true;
    QTest::newRow("trailing underscore") << u"field_"_s << true;
    QTest::newRow("letter and underscore") << u"a_"_s << true;
    QTest::newRow("leading underscore") << u"_field"_s << false;
    QTest::newRow("leading digit") << u"1field"_s << false;
    QTest::newRow("hyphen") << u"my-field"_s << false;
    QTest::newRow("dot") << u"my.field"_s << false;
    QTest::newRow("inner space") << u"my field"_s << false;
    QTest::newRow("trailing newline") << u"field\n"_s << false;
    QTest::newRow("tab") << u"my\tfield"_s << false;
    QTest::newRow("e acute") << u"champ_é"_s << false;
    QTest::newRow("japanese") << u"日本"_s << false;
    QTest::newRow("full-width letters") << u"ｆｉｅｌｄ"_s << false;
    QTest::newRow("template syntax") << u"${field}"_s << false;
}

void TestValidation::customFieldName()
{
    QFETCH(QString, name);
    QFETCH(bool, valid);
    QCOMPARE(Validation::checkCustomFieldName(name), valid ? QString() : InvalidCustomFieldName);
}

void TestValidation::port_data()
{
    QTest::addColumn<qint64>("port");
    QTest::addColumn<bool>("valid");

    QTest::newRow("-1") << qint64(-1) << false;
    QTest::newRow("0") << qint64(0) << false;
    QTest::newRow("1") << qint64(1) << true;
    QTest::newRow("22") << qint64(22) << true;
    QTest::newRow("8080") << qint64(8080) << true;
    QTest::newRow("65535") << qint64(65535) << true;
    QTest::newRow("65536") << qint64(65536) << false;
    QTest::newRow("2^32 + 8080 (no truncation)") << qint64(4294975376) << false;
    QTest::newRow("-2^32 + 8080") << qint64(-4294959216) << false;
    QTest::newRow("qint64 max") << std::numeric_limits<qint64>::max() << false;
    QTest::newRow("qint64 min") << std::numeric_limits<qint64>::min() << false;
}

void TestValidation::port()
{
    QFETCH(qint64, port);
    QFETCH(bool, valid);
    QCOMPARE(Validation::checkLocalPort(port), valid ? QString() : InvalidLocalPort);
    QCOMPARE(Validation::checkRemotePort(port), valid ? QString() : InvalidRemotePort);
}

void TestValidation::templateName_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("valid");

    QTest::newRow("1 character") << u"a"_s << true;
    QTest::newRow("64 characters") << nameOfLength(64) << true;
    QTest::newRow("65 characters") << nameOfLength(65) << false;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("hyphen and underscore") << u"python_3-dev"_s << true;
    QTest::newRow("double hyphen") << u"my--template"_s << true;
    QTest::newRow("leading digit") << u"3dev"_s << false;
    QTest::newRow("leading hyphen") << u"-dev"_s << false;
    QTest::newRow("dot") << u"node.js"_s << false;
    QTest::newRow("inner space") << u"my template"_s << false;
    QTest::newRow("trailing newline") << u"template\n"_s << false;
    QTest::newRow("e acute") << u"modèle"_s << false;
}

void TestValidation::templateName()
{
    QFETCH(QString, name);
    QFETCH(bool, valid);
    QCOMPARE(Validation::checkTemplateName(name), valid ? QString() : InvalidTemplateName);
}

void TestValidation::scriptName_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("valid");

    QTest::newRow("1 character") << u"a"_s << true;
    QTest::newRow("64 characters") << nameOfLength(64) << true;
    QTest::newRow("65 characters") << nameOfLength(65) << false;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("with extension") << u"deploy.sh"_s << true;
    QTest::newRow("all allowed punctuation") << u"my-script_v1.2"_s << true;
    QTest::newRow("leading dot") << u".hidden"_s << false;
    QTest::newRow("leading digit") << u"1script"_s << false;
    QTest::newRow("slash") << u"bin/deploy"_s << false;
    QTest::newRow("inner space") << u"my script"_s << false;
    QTest::newRow("trailing newline") << u"script\n"_s << false;
    QTest::newRow("japanese") << u"日本.sh"_s << false;
}

void TestValidation::scriptName()
{
    QFETCH(QString, name);
    QFETCH(bool, valid);
    QCOMPARE(Validation::checkScriptName(name), valid ? QString() : InvalidScriptName);
}

void TestValidation::runTimeout_data()
{
    QTest::addColumn<qint64>("seconds");
    QTest::addColumn<qint64>("expected");

    QTest::newRow("qint64 min") << std::numeric_limits<qint64>::min() << qint64(30);
    QTest::newRow("-5") << qint64(-5) << qint64(30);
    QTest::newRow("-1") << qint64(-1) << qint64(30);
    QTest::newRow("0") << qint64(0) << qint64(30);
    QTest::newRow("1") << qint64(1) << qint64(1);
    QTest::newRow("29") << qint64(29) << qint64(29);
    QTest::newRow("30") << qint64(30) << qint64(30);
    QTest::newRow("3599") << qint64(3599) << qint64(3599);
    QTest::newRow("3600") << qint64(3600) << qint64(3600);
    QTest::newRow("3601") << qint64(3601) << qint64(3600);
    QTest::newRow("one day") << qint64(86400) << qint64(3600);
    QTest::newRow("qint64 max") << std::numeric_limits<qint64>::max() << qint64(3600);
}

void TestValidation::runTimeout()
{
    QFETCH(qint64, seconds);
    QFETCH(qint64, expected);
    const std::chrono::seconds timeout = Validation::normalizeRunTimeout(seconds);
    QCOMPARE(qint64(timeout.count()), expected);
}

QTEST_APPLESS_MAIN(TestValidation)

#include "tst_validation.moc"
