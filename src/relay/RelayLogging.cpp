#include "RelayLogging.h"

namespace spaces {

Q_LOGGING_CATEGORY(lcRelay, "spaces.relay", QtWarningMsg)

} // namespace spaces
