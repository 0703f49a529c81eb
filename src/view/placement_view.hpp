// How `vpt show` words what decides where a device runs well and whether it
// can be handed from guest to guest: its PCIe link, BAR sizes and reset
// methods. Formatting only, no decisions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/pci_device.hpp"
#include "host/pci_health.hpp"

namespace vpt {

// Bytes in binary units: "0 B", "512 KiB", "16 GiB", "1.5 MiB", "16.03 GiB".
std::string byte_size_text(uint64_t bytes);

// One end of a link: "8 GT/s x16"; "? GT/s" or "x?" for a missing half.
std::string link_end_text(const PcieLink& link);

// How a link falls short of what the device can do. Width first: fewer
// lanes is the slot or riser, and stays so; a lower speed alone is often
// an idle device saving power.
enum class LinkShortfall { none, speed, width };

// nullopt when libvirt did not report both ends with both halves.
std::optional<LinkShortfall> link_shortfall(const PcieLink& now, const PcieLink& max);

// "8 GT/s x16 (can do 16 GT/s x16)", with a warning when an endpoint runs
// below its maximum; nullopt when libvirt reports no link.
std::optional<std::string> link_text(const PciDevice& device);

// "32-bit 16 MiB, 64-bit prefetchable 16 GiB; option ROM 512 KiB";
// "none; no option ROM".
std::string bars_text(const BarTotals& bars);

// "flr, bus"; what a device with none or an unlisted one means.
std::string reset_text(const ResetMethods& reset);

// What libvirt does about reset, whatever the device: there is no API that
// says beforehand whether a reset will work.
extern const char* const libvirt_reset_text;

}  // namespace vpt
