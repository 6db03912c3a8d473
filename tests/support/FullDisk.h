#pragma once

#include "TmpfsMount.h"

#include <QString>
#include <QTemporaryDir>
#include <memory>

namespace spaces::test {

// A data directory whose disk a test fills and frees: a small tmpfs where the test may mount
// one, else spacesd's fault-injection hook where the build has it (-DSPACES_FAULT_INJECTION=ON;
// spacesd started by this process then sees the disk full while fill() holds). prepare()
// says why neither is possible, for the test's QSKIP.
class FullDisk final
{
public:
    FullDisk();
    ~FullDisk();
    FullDisk(const FullDisk &) = delete;
    FullDisk &operator=(const FullDisk &) = delete;

    bool prepare(QString *whyNot);
    QString dataDirectory() const { return m_dataDirectory; }
    bool fill(QString *error);
    bool release();

private:
    std::unique_ptr<TmpfsMount> m_mount;
    std::unique_ptr<QTemporaryDir> m_temporary;
    QString m_dataDirectory;
    QString m_flag; // the hook's: the disk is "full" while this file exists
};

} // namespace spaces::test
