#include "virt/unplug_wait.hpp"

#include <algorithm>

namespace vpt {

void UnplugWait::add(const PciAddress& address, const std::string& alias) {
    entries_.push_back({address, alias, UnplugState::pending});
}

void UnplugWait::mark(const std::string& alias, UnplugState state) {
    if (alias.empty()) return;
    for (auto& entry : entries_)
        if (entry.alias == alias && entry.state == UnplugState::pending) entry.state = state;
}

void UnplugWait::recheck(const std::vector<PciAddress>& held) {
    for (auto& entry : entries_)
        if (entry.state == UnplugState::pending && std::find(held.begin(), held.end(), entry.address) == held.end())
            entry.state = UnplugState::released;
}

size_t UnplugWait::pending() const {
    return std::count_if(entries_.begin(), entries_.end(),
                         [](const Entry& e) { return e.state == UnplugState::pending; });
}

long long UnplugWait::seconds_left(Clock::time_point now) const {
    if (now >= deadline_) return 0;
    // Rounded up: "1 s left" until the very end, never "0 s" while waiting.
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - now).count();
    return (ms + 999) / 1000;
}

std::optional<UnplugState> UnplugWait::state(const PciAddress& address) const {
    for (const auto& entry : entries_)
        if (entry.address == address) return entry.state;
    return std::nullopt;
}

std::string unplug_progress_line(const std::string& guest, size_t pending, size_t total, long long seconds_left) {
    return "waiting for guest '" + guest + "' to release " + std::to_string(pending) + " of " +
           std::to_string(total) + (total == 1 ? " device, " : " devices, ") + std::to_string(seconds_left) +
           " s left";
}

bool ProgressPacer::due(Clock::time_point now, size_t pending) {
    bool changed = last_ && pending != last_pending_;
    auto interval = terminal_ ? std::chrono::seconds(1) : std::chrono::seconds(5);
    bool due = !last_ || now - *last_ >= interval || (changed && (!terminal_ || now - *last_ >= std::chrono::seconds(1)));
    if (!terminal_ && changed) due = true;
    if (due) {
        last_ = now;
        last_pending_ = pending;
    }
    return due;
}

}  // namespace vpt
