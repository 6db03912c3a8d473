#include "SpaceSummary.h"

namespace spaces {

SpaceSummary SpaceSummary::fromSpace(const Space &space)
{
    return {space.name, space.id, space.isDeployed, space.description};
}

QJsonObject SpaceSummary::toJson() const
{
    return {{QStringLiteral("name"), name},
            {QStringLiteral("id"), id},
            {QStringLiteral("is_running"), isRunning},
            {QStringLiteral("description"), description}};
}

} // namespace spaces
