#pragma once

#include <QLoggingCategory>

namespace spaces {

// The relay's trace: refused targets, accept back-off (spaces.relay, silent by default).
Q_DECLARE_LOGGING_CATEGORY(lcRelay)

} // namespace spaces
