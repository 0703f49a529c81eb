// How a device is shown: as JSON (the stable contract in man/vpt.1) and as
// the short texts table cells use. Formatting only, no decisions.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "core/inventory.hpp"
#include "core/viability.hpp"

namespace vpt {

nlohmann::ordered_json device_json(const Inventory& inventory, const PciDevice& device);
nlohmann::ordered_json verdict_json(const GroupVerdict& verdict);

std::string ids_text(const PciDevice& device);      // "10de:1b80"
std::string class_text(const PciDevice& device);    // "VGA controller"
std::string class_code_text(uint32_t class_code);   // "0x030000"
// "nvidia"; "-" when none is bound, "unknown" when the connection cannot
// tell (libvirt's test driver drops drivers).
std::string driver_text(const PciDevice& device, bool drivers_reported);
std::string group_text(const PciDevice& device);    // "12", or "-"
std::string sriov_text(const PciDevice& device);    // "PF 2/7", "VF of 0000:03:00.0", "-"
std::string holders_text(const std::vector<Holder>& holders);  // "win10 (hostdev)", "-"
std::string name_text(const PciDevice& device);     // vendor and product names

}  // namespace vpt
