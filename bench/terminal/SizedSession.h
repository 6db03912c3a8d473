#pragma once

namespace spaces {
class TerminalSession;
}

namespace spaces::bench {

// Shows `session` and sizes it so that its view holds exactly `columns` x `rows` cells (the
// size the PTY is told). False, with a note on stderr, when the platform would not allow it.
bool showSized(TerminalSession &session, int columns, int rows);

} // namespace spaces::bench
