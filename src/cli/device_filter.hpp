// The filters of `vpt list`, kept apart from the command so they are
// tested as plain logic.
#pragma once

#include <optional>
#include <string>

#include "core/host_state.hpp"
#include "core/result.hpp"

namespace vpt {

struct DeviceFilter {
    std::optional<uint32_t> class_prefix;  // e.g. 0x02 (network), 0x0300 (VGA)
    int class_prefix_digits = 0;           // hex digits in class_prefix: 2, 4 or 6
    std::optional<std::string> driver;     // "none" matches devices without one
    bool only_free = false;  // free: assignable as it is, held by no guest and in no VF pool
    bool only_held = false;

    bool matches(const HostState& host, const PciDevice& device) const;
};

// Reads a --class value: a word (gpu, display, net, storage, nvme, usb, audio,
// bridge) or a hex class prefix of 2, 4 or 6 digits (0x02, 0300, 0x010802).
Result<DeviceFilter> parse_class_filter(const std::string& text, DeviceFilter filter);

}  // namespace vpt
