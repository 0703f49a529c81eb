#include "core/identity_verdict.hpp"

namespace vpt {
namespace {

// Equal, or not known on one side.
template <typename T>
bool agrees(const std::optional<T>& a, const std::optional<T>& b) {
    return !a || !b || *a == *b;
}

// Whether a recorded serial was compared and matched (not merely unknown on
// the host's side).
bool serial_confirms(const DeviceIdentity& recorded, const DeviceIdentity& now) {
    auto serial = recorded.strongest_serial();
    if (!serial) return false;
    auto other = now.serial(serial->kind);
    return other && *other == serial->value;
}

}  // namespace

const char* identity_status_name(IdentityStatus status) {
    switch (status) {
        case IdentityStatus::ok: return "ok";
        case IdentityStatus::drift: return "drift";
        case IdentityStatus::moved: return "moved";
        case IdentityStatus::gone: return "gone";
    }
    return "unknown";
}

bool same_device(const DeviceIdentity& recorded, const DeviceIdentity& now) {
    if (recorded.vendor != now.vendor || recorded.device != now.device) return false;
    if (!agrees(recorded.subsystem_vendor, now.subsystem_vendor) ||
        !agrees(recorded.subsystem_device, now.subsystem_device) || !agrees(recorded.class_code, now.class_code))
        return false;
    for (const auto& serial : recorded.serials)
        if (!agrees(std::optional<std::string>(serial.value), now.serial(serial.kind))) return false;
    return true;
}

IdentityVerdict compare_identity(const DeviceIdentity& recorded, const std::vector<DeviceIdentity>& host) {
    IdentityVerdict verdict;
    verdict.recorded = recorded;
    for (const auto& device : host)
        if (device.address == recorded.address) verdict.now = device;
    if (verdict.now && same_device(recorded, *verdict.now)) return verdict;

    // Elsewhere: a serial that matched settles it; without one, only a
    // device that is the single candidate can be called the same one.
    std::vector<const DeviceIdentity*> candidates, confirmed;
    for (const auto& device : host) {
        if (device.address == recorded.address || !same_device(recorded, device)) continue;
        candidates.push_back(&device);
        if (serial_confirms(recorded, device)) confirmed.push_back(&device);
    }
    verdict.matches_elsewhere = candidates.size();
    const DeviceIdentity* found = confirmed.size() == 1 ? confirmed.front()
                                  : confirmed.empty() && candidates.size() == 1 ? candidates.front()
                                                                                : nullptr;
    if (found) {
        verdict.status = IdentityStatus::moved;
        verdict.moved_to = found->address;
    } else {
        verdict.status = verdict.now ? IdentityStatus::drift : IdentityStatus::gone;
    }
    return verdict;
}

}  // namespace vpt
