#pragma once

#include "RelayEventHandler.h"
#include "SplicePipe.h"
#include "UniqueFd.h"

#include <QtGlobal>

namespace spaces {

class RelayListener;
class RelayLoop;

// One accepted client connection of a PortRelay, on one RelayLoop: connects to the target without
// blocking and then relays both directions with a SplicePipe each, honouring half-close. It ends
// when both directions have finished or either fails (reset, broken pipe, refused connect).
class RelaySession final
{
public:
    // On `loop`'s thread. Connects to 127.0.0.1:owner.targetPort() and hands the session to the
    // loop; on failure the client is closed at once and the owner told.
    static void start(RelayLoop &loop, UniqueFd client, RelayListener &owner);
    RelaySession(const RelaySession &) = delete;
    RelaySession &operator=(const RelaySession &) = delete;

    const RelayListener *owner() const { return &m_owner; }
    // Closes both sockets and both pipes, tells the owner and leaves the loop. Idempotent.
    void close();

    RelaySession(RelayLoop &loop, UniqueFd client, UniqueFd target, RelayListener &owner);

private:
    // epoll names the socket that is ready by the handler registered for it.
    class Side final : public RelayEventHandler
    {
    public:
        Side(RelaySession &session, bool isTarget)
            : m_session(session)
            , m_isTarget(isTarget)
        {}
        void handleEvents(std::uint32_t events) override;

    private:
        RelaySession &m_session;
        const bool m_isTarget;
    };

    bool watchBoth();
    void onClientEvents(std::uint32_t events);
    void onTargetEvents(std::uint32_t events);
    void finishConnect();
    void pumpUpstream();
    void pumpDownstream();
    void afterPump(SplicePipe::Progress progress);

    RelayLoop &m_loop;
    RelayListener &m_owner;
    UniqueFd m_client;
    UniqueFd m_target;
    SplicePipe m_upstream;   // client -> target
    SplicePipe m_downstream; // target -> client
    Side m_clientSide{*this, false};
    Side m_targetSide{*this, true};
    bool m_connecting = true;
    bool m_closed = false;
};

} // namespace spaces
