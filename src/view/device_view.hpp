// How a device is shown: as JSON (the stable contract in man/vpt.1) and as
// the short texts table cells use. Formatting only, no decisions.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "core/inventory.hpp"
#include "core/viability.hpp"
#include "host/pci_health.hpp"
#include "view/json_writer.hpp"

namespace vpt {

// DEVICE of the JSON contract. With `health` (what `vpt show` adds: its
// fields empty when sysfs cannot be read), also "link", "reset", "bars" and
// "power_state".
void write_device_json(JsonWriter& json, const Inventory& inventory, const PciDevice& device,
                       const PciHealth* health = nullptr);
// The "viable" (true, false, or null when the connection cannot tell) and
// "reasons" ([{"code", "text", "member", "guest"}]) members of the object
// being written.
void write_verdict_members(JsonWriter& json, const GroupVerdict& verdict);
// HELD_BY of the JSON contract: [{"guest", "as", "network", "active"}], the
// one shape device, pool and vfs output share.
void write_holders_json(JsonWriter& json, const std::vector<Holder>& holders);
nlohmann::ordered_json holders_json(const std::vector<Holder>& holders);

std::string ids_text(const PciDevice& device);      // "10de:1b80"
std::string class_text(const PciDevice& device);    // "VGA compatible controller" (pci.ids)
std::string class_code_text(uint32_t class_code);   // "0x030000"
// "nvidia"; "-" when none is bound, "unknown" when the connection cannot
// tell (libvirt's test driver drops drivers); " [boot]" added when it is
// bound to vfio-pci from boot on.
std::string driver_text(const PciDevice& device, bool drivers_reported);
std::string group_text(const PciDevice& device);    // "12", or "-"
std::string sriov_text(const PciDevice& device);    // "PF 2/7", "VF of 0000:03:00.0", "-"
std::string holders_text(const std::vector<Holder>& holders);  // "win10 (hostdev)", "-"
std::string name_text(const PciDevice& device);     // vendor and product names
// The shorter forms a narrow table shows (Table::add_row), "" when there is
// none: the guests' names alone, "win10"; the product's name alone.
std::string holder_names_text(const std::vector<Holder>& holders);
std::string product_text(const PciDevice& device);

}  // namespace vpt
