// libvirt's DEVICE_REMOVED and DEVICE_REMOVAL_FAILED events for one guest,
// so a hot-unplug wait ends when the guest answers instead of by polling.
// Needs libvirt's default event loop (registered before a read-write
// connection is opened); without it, or on a driver without these events,
// active() is false and the caller polls the live XML instead.
#pragma once

#include <chrono>
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

    bool active() const { return removed_id_ >= 0 && failed_id_ >= 0 && timer_ >= 0; }
    // Runs libvirt's event loop for at most about `limit`; returns the events that came.
    std::vector<RemovalEvent> run_for(std::chrono::milliseconds limit);
    // Called from libvirt's callbacks.
    void arrived(RemovalEvent event) { events_.push_back(std::move(event)); }

private:
    virConnectPtr conn_;
    int removed_id_ = -1;
    int failed_id_ = -1;
    int timer_ = -1;  // wakes the loop, so run_for returns even without events
    std::vector<RemovalEvent> events_;
};

// Registers libvirt's default event loop implementation, once per process.
// Must come before the connection that is to deliver events is opened.
void register_event_loop();

}  // namespace vpt
