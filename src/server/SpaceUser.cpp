#include "SpaceUser.h"

#include <QByteArray>
#include <pwd.h>
#include <unistd.h>

namespace spaces {

SpaceUser SpaceUser::resolve()
{
    SpaceUser user;
    user.uid = ::geteuid();
    user.gid = ::getegid();
    if (user.uid != 0)
        return user;
    user.switchFromRoot = true;
    user.uid = 65534;
    user.gid = 65534;
    const QByteArray configured = qgetenv("SPACES_SPACE_USER");
    bool numeric = false;
    const uint number = configured.toUInt(&numeric);
    if (numeric && number != 0) {
        user.uid = number;
        user.gid = number;
        return user;
    }
    const QByteArray name = configured.isEmpty() ? QByteArray("spaces") : configured;
    if (const passwd *entry = ::getpwnam(name.constData()); entry && entry->pw_uid != 0) {
        user.uid = entry->pw_uid;
        user.gid = entry->pw_gid;
    }
    return user;
}

} // namespace spaces
