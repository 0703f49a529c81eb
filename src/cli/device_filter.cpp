#include "cli/device_filter.hpp"

#include <cstdlib>

namespace vpt {

bool DeviceFilter::matches(const HostState& host, const PciDevice& device) const {
    if (class_prefix) {
        if (!device.class_code) return false;
        if ((*device.class_code >> (4 * (6 - class_prefix_digits))) != *class_prefix) return false;
    }
    if (driver) {
        if (*driver == "none" ? device.driver.has_value() : device.driver != *driver) return false;
    }
    bool held = !host.inventory.holders(device.address).empty();
    // A pool's VF is not free even when no guest has it now: assign refuses
    // it by address (the pool hands it out), so --free would promise what
    // the next command takes back.
    if (only_free && (held || host.pool_of(device.address))) return false;
    if (only_held && !held) return false;
    return true;
}

Result<DeviceFilter> parse_class_filter(const std::string& text, DeviceFilter filter) {
    struct Word {
        const char* name;
        uint32_t prefix;
        int digits;
    };
    static constexpr Word words[] = {
        {"storage", 0x01, 2}, {"nvme", 0x0108, 4}, {"net", 0x02, 2},   {"network", 0x02, 2},
        {"display", 0x03, 2}, {"gpu", 0x03, 2},    {"audio", 0x04, 2}, {"bridge", 0x0604, 4},
        {"usb", 0x0c03, 4},
    };
    for (const auto& word : words) {
        if (text == word.name) {
            filter.class_prefix = word.prefix;
            filter.class_prefix_digits = word.digits;
            return filter;
        }
    }
    std::string digits = text.starts_with("0x") ? text.substr(2) : text;
    bool hex = !digits.empty() && digits.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos;
    if (!hex || (digits.size() != 2 && digits.size() != 4 && digits.size() != 6))
        return Failure{"unknown device class '" + text +
                       "' (use storage, nvme, net, display, gpu, audio, bridge, usb, or a hex class "
                       "prefix such as 0x0300)"};
    filter.class_prefix = uint32_t(std::strtoul(digits.c_str(), nullptr, 16));
    filter.class_prefix_digits = int(digits.size());
    return filter;
}

}  // namespace vpt
