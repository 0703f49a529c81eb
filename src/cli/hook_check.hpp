// The check libvirt's hook asks for before a guest starts (vpt verify
// --hook): libvirt is waiting, so it reads no more than the guest's own
// recorded devices, under a deadline, and when in doubt refuses.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/device_identity.hpp"
#include "host/host_fs.hpp"

namespace vpt {

// How long the hook may take to read the recorded devices from sysfs.
inline constexpr std::chrono::milliseconds hook_deadline{5000};

// Why guest `guest` must not start, or nullopt when every recorded device
// is where it was. Reads only the devices at the recorded addresses (below
// `fs`'s root), in a child process: one that does not finish within
// `deadline` (a config space read that blocks) refuses the guest, whose
// devices are then not known to be the right ones. Records: not empty.
std::optional<std::string> hook_refusal(const HostFs& fs, const std::string& guest,
                                        const std::vector<DeviceIdentity>& records,
                                        std::chrono::milliseconds deadline);

}  // namespace vpt
