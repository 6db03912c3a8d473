#pragma once

#include <QByteArray>
#include <vector>

namespace spaces::bench {

// The anchor of the terminal benches: libvterm alone, its screen layer without callbacks,
// nothing drawn and no Qt. Returns MB/s for writing `frames` (as the socket hands them over)
// into a fresh `columns` x `rows` terminal.
double bareVtermMbPerSecond(const std::vector<QByteArray> &frames, int columns, int rows);

} // namespace spaces::bench
