#include "ClientLogging.h"

namespace spaces {

Q_LOGGING_CATEGORY(lcClient, "spaces.client", QtWarningMsg)

} // namespace spaces
