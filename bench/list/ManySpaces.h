#pragma once

#include <QByteArray>

namespace spaces::test {
class SpacesdProcess;
}

namespace spaces::bench {

// Thousands of spaces on a real spacesd, created over one connection in pipelined batches
// (10,000 in well under a minute), named space-0 … space-<count - 1>, from the built-in
// "blank" template, each with a description.
class ManySpaces final
{
public:
    static bool create(const test::SpacesdProcess &server, int count);
    // "GET <path> HTTP/1.1" with the server's token, for RawHttpConnection.
    static QByteArray get(const test::SpacesdProcess &server, const QByteArray &path);
};

} // namespace spaces::bench
