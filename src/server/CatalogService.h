#pragma once

#include "Expected.h"
#include "Script.h"
#include "SpaceTemplate.h"
#include "User.h"

namespace spaces {

class Store;

// Templates and scripts, what create and run_script choose from, free of any transport: the
// caller passes the User it authenticated.
class CatalogService final
{
public:
    explicit CatalogService(Store &store)
        : m_store(store)
    {}

    SpaceTemplateList templates() const;
    // 403 without ManageSpaces.
    static Expected<void> checkMayManageTemplates(const User &user);
    // Saves a validated template (see CatalogRoutes::parseTemplate); sets its id.
    Expected<void> createTemplate(const User &user, SpaceTemplate &spaceTemplate);

    // Without userId: the global scripts and the caller's own (as Knot does); with it ("current"
    // for the caller), only that user's own.
    Expected<ScriptList> scripts(const User &user, const QString &userId) const;
    // userId "" : a global script (ManageSpaces only), "current": the caller's. Sets its id.
    Expected<void> createScript(const User &user, Script &script);

private:
    Store &m_store;
};

} // namespace spaces
