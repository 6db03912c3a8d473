#pragma once

#include <QLoggingCategory>

namespace spaces {

// What the client does on the wire (retries, reconnects); silent unless QT_LOGGING_RULES
// enables "spaces.client.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcClient)

} // namespace spaces
