// Is the device a guest was given still the one at its address? Compares a
// recorded identity with the host's devices as they are now, using only the
// fields known on both sides, and says ok, drift, moved or gone.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/device_identity.hpp"

namespace vpt {

enum class IdentityStatus {
    ok,     // the recorded address holds the recorded device
    drift,  // the recorded address holds another device (and the recorded one is not found elsewhere)
    moved,  // the recorded device is at another address (`moved_to`)
    gone,   // nothing at the recorded address, and the device is not found elsewhere
};

const char* identity_status_name(IdentityStatus status);  // "ok", "drift", "moved", "gone"

struct IdentityVerdict {
    IdentityStatus status = IdentityStatus::ok;
    DeviceIdentity recorded;
    std::optional<DeviceIdentity> now;       // what the recorded address holds now, if anything
    std::optional<PciAddress> moved_to;      // moved: where the recorded device is now
    size_t matches_elsewhere = 0;            // devices elsewhere that could be it (more than 1: cannot tell)

    bool ok() const { return status == IdentityStatus::ok; }
};

// Every record of one guest, each with its verdict.
struct GuestVerdicts {
    std::string guest;
    std::vector<IdentityVerdict> verdicts;
};

// Whether `now` can be the device `recorded` describes: vendor and device
// ids equal; subsystem ids, class and each kind of serial equal wherever
// both sides know them.
bool same_device(const DeviceIdentity& recorded, const DeviceIdentity& now);

// The verdict on one record against every device the host has now. A
// device elsewhere counts as the recorded one when it is the same device
// and either its serial matched the recorded one or it is the only match.
IdentityVerdict compare_identity(const DeviceIdentity& recorded, const std::vector<DeviceIdentity>& host);

}  // namespace vpt
