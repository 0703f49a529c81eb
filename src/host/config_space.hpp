// Whether a PCI function still answers after a reset: the first four bytes
// of its config space (sysfs `config`) are its vendor and device IDs, and a
// function that did not come back, or fell off the bus, reads as all ones.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/pci_address.hpp"
#include "host/host_fs.hpp"

namespace vpt {

struct ConfigSpaceAnswer {
    enum class State { answers, all_ones, unreadable } state = State::unreadable;
    uint16_t vendor = 0;
    uint16_t device = 0;
    std::string error;  // unreadable: why

    bool ok() const { return state == State::answers; }
    // "answers as 8086:10d3", "reads as all ones (ffff:ffff)", "config space unreadable: ..."
    std::string text() const;
};

// From the first bytes of config space (little-endian vendor, then device ID).
ConfigSpaceAnswer parse_config_head(std::string_view head);

ConfigSpaceAnswer read_config_answer(const HostFs& fs, const PciAddress& address);

}  // namespace vpt
