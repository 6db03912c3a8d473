#pragma once

#include <QString>
#include <QTemporaryDir>

namespace spaces::test {

// A certificate and key for 127.0.0.1, made by the openssl command in a folder that goes with
// the object, for tests that serve HTTPS or WSS.
class SelfSignedCertificate final
{
public:
    // False with *error set when openssl is missing or fails.
    bool create(QString *error);
    QString certificateFile() const { return m_directory.filePath(QStringLiteral("cert.pem")); }
    QString keyFile() const { return m_directory.filePath(QStringLiteral("key.pem")); }

private:
    QTemporaryDir m_directory;
};

} // namespace spaces::test
