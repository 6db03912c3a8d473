#pragma once

#include "Expected.h"
#include "SpaceTemplate.h"

namespace spaces {

class Store;

// The templates every local server offers (blank, web, service), compiled in from
// resources/templates and refreshed in the Store at each start.
class BuiltinTemplates final
{
public:
    static SpaceTemplateList all();
    static Expected<void> install(Store &store);
};

} // namespace spaces
