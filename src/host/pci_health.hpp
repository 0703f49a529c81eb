// What the kernel knows of a PCI function that libvirt's node device XML
// does not say: how large its BARs and option ROM are (sysfs `resource`),
// how it can be reset (`reset_method`, Linux 5.15 and later; before that
// only whether a `reset` file exists) and its power state (`power_state`).
// Read from the host's sysfs, so known on the local host only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/pci_address.hpp"
#include "host/host_fs.hpp"

namespace vpt {

// Total bytes of a function's BARs by the window a guest maps them into.
struct BarTotals {
    uint64_t io = 0;              // I/O port BARs
    uint64_t mem32 = 0;           // 32-bit memory BARs: below 4 GiB in the guest
    uint64_t mem64 = 0;           // 64-bit, not prefetchable
    uint64_t mem64_prefetch = 0;  // 64-bit prefetchable: a GPU's VRAM aperture
    uint64_t rom = 0;             // the option ROM; 0 when it has none

    // What must fit the guest's 64-bit MMIO window.
    uint64_t mem64_total() const { return mem64 + mem64_prefetch; }
};

// Sums the six BARs and the ROM line of a sysfs `resource` file ("start end
// flags" in hex, one line per resource). Lines after the ROM (a bridge's
// windows, a PF's VF BARs) are not the function's own and are left out.
// An unparsable line counts as an unused BAR.
BarTotals parse_resource_table(std::string_view text);

struct ResetMethods {
    // The kernel's list, in its order of preference ("flr", "pm", "bus");
    // empty when the kernel offers none.
    std::vector<std::string> methods;
    // False when only the older interface was there: the device has a
    // `reset` file but the kernel does not say how it resets.
    bool listed = true;
};

struct PciHealth {
    std::optional<BarTotals> bars;
    std::optional<ResetMethods> reset;        // empty: sysfs not readable
    std::optional<std::string> power_state;   // "D0", "D3hot", "D3cold"
};

// Everything above that `fs` has for the function; a field stays empty
// when its file is missing or unreadable.
PciHealth read_pci_health(const HostFs& fs, const PciAddress& address);

}  // namespace vpt
