// The bookkeeping of a hot-unplug wait, apart from libvirt: which devices
// are still to go given the events that arrived and the live XML re-checks,
// when the wait is over, and the progress line shown meanwhile.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/pci_address.hpp"

namespace vpt {

enum class UnplugState { pending, released, refused };

class UnplugWait {
public:
    using Clock = std::chrono::steady_clock;

    UnplugWait(Clock::time_point start, std::chrono::milliseconds timeout) : deadline_(start + timeout) {}

    // A device whose detach was issued; `alias` is what libvirt's events name it by (may be empty).
    void add(const PciAddress& address, const std::string& alias);
    // DEVICE_REMOVED / DEVICE_REMOVAL_FAILED for an alias; unknown aliases are ignored.
    void removed(const std::string& alias) { mark(alias, UnplugState::released); }
    void removal_failed(const std::string& alias) { mark(alias, UnplugState::refused); }
    // A re-read of the live XML: every pending device not in `held` is gone
    // (an event may be missed, or the driver has none).
    void recheck(const std::vector<PciAddress>& held);

    size_t pending() const;
    // Every device answered, or the deadline passed.
    bool over(Clock::time_point now) const { return pending() == 0 || now >= deadline_; }
    long long seconds_left(Clock::time_point now) const;
    Clock::time_point deadline() const { return deadline_; }
    // Pending after the wait ended is a timeout.
    std::optional<UnplugState> state(const PciAddress& address) const;

private:
    struct Entry {
        PciAddress address;
        std::string alias;
        UnplugState state = UnplugState::pending;
    };
    void mark(const std::string& alias, UnplugState state);

    Clock::time_point deadline_;
    std::vector<Entry> entries_;
};

// "waiting for guest 'web' to release 2 of 3 devices, 27 s left"
std::string unplug_progress_line(const std::string& guest, size_t pending, size_t total, long long seconds_left);

// When to print the progress line: on a terminal at most once a second (the
// line is rewritten in place); otherwise every 5 s or when the count changes.
class ProgressPacer {
public:
    using Clock = std::chrono::steady_clock;
    explicit ProgressPacer(bool terminal) : terminal_(terminal) {}
    bool due(Clock::time_point now, size_t pending);

private:
    bool terminal_;
    std::optional<Clock::time_point> last_;
    size_t last_pending_ = 0;
};

}  // namespace vpt
