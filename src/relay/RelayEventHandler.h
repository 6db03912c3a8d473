#pragma once

#include <cstdint>

namespace spaces {

// Whatever a RelayLoop hands epoll events to: a listener or one side of a relayed connection.
// The loop stores a pointer to the handler in epoll_event.data, so no lookup is needed per event.
class RelayEventHandler
{
public:
    virtual void handleEvents(std::uint32_t events) = 0;

protected:
    ~RelayEventHandler() = default;
};

} // namespace spaces
