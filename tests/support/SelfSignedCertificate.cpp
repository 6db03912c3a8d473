#include "SelfSignedCertificate.h"

#include <QProcess>

namespace spaces::test {

bool SelfSignedCertificate::create(QString *error)
{
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                   QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-days"),
                   QStringLiteral("1"), QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"),
                   // Clients that check the address (Python's ssl) look in the SAN only.
                   QStringLiteral("-addext"), QStringLiteral("subjectAltName=IP:127.0.0.1"),
                   QStringLiteral("-keyout"), keyFile(), QStringLiteral("-out"),
                   certificateFile()});
    if (!openssl.waitForStarted(5000)) {
        *error = QStringLiteral("the openssl command is not installed (scripts/install-deps.sh "
                                "--test installs it)");
        return false;
    }
    if (!openssl.waitForFinished(30000) || openssl.exitCode() != 0) {
        *error = QStringLiteral("openssl could not make a certificate: %1")
                     .arg(QString::fromLocal8Bit(openssl.readAllStandardError()));
        return false;
    }
    return true;
}

} // namespace spaces::test
