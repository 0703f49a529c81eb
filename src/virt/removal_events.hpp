// libvirt's DEVICE_REMOVED and DEVICE_REMOVAL_FAILED events for one guest,
// so a hot-unplug wait ends when the guest answers instead of by polling.
// Needs libvirt's event loop (virt/event_loop, started before a read-write
// connection is opened), whose thread delivers the events here; without
// it, or on a driver without these events, active() is false and the
// caller polls the live XML instead.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "virt/connection.hpp"

namespace vpt {

struct RemovalEvent {
    std::string alias;
    bool failed = false;  // DEVICE_REMOVAL_FAILED: the guest refused
};

class RemovalEvents {
public:
    RemovalEvents(const Connection& connection, virDomainPtr domain);
    ~RemovalEvents();
    RemovalEvents(const RemovalEvents&) = delete;
    RemovalEvents& operator=(const RemovalEvents&) = delete;

    bool active() const { return removed_id_ >= 0 && failed_id_ >= 0; }
    // Waits at most `limit` for events; returns those that came (at once, if
    // some came already).
    std::vector<RemovalEvent> run_for(std::chrono::milliseconds limit);

    // Where the event loop's thread leaves the events: shared with libvirt,
    // which frees its reference only once no callback can run any more.
    struct Inbox;

private:
    virConnectPtr conn_;
    int removed_id_ = -1;
    int failed_id_ = -1;
    std::shared_ptr<Inbox> inbox_;
};

}  // namespace vpt
