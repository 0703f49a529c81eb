// Whether a guest's firmware maps enough 64-bit PCI address space for the
// 64-bit BARs of the devices given to it (large-BAR GPUs, compute cards).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/fit_warning.hpp"

namespace vpt {

// The 64-bit window assumed when the guest sets none (<pcihole64>).
//
// The rule, kept conservative:
// - QEMU's q35 host bridge defaults pci-hole64-size to 32 GiB
//   (Q35_PCI_HOST_HOLE64_SIZE_DEFAULT, hw/pci-host/q35.c), and since QEMU
//   2.11 the hole grows to cover whatever the firmware mapped, so the
//   firmware decides.
// - OVMF mapped a fixed 32 GiB aperture above 4 GiB (PcdPciMmio64Size
//   0x800000000, OvmfPkg) unless told otherwise with the fw_cfg file
//   opt/ovmf/X-PciMmio64Mb (a minimum). edk2 since late 2022 (tianocore/edk2
//   PR 3381, "OvmfPkg/PlatformInitLib: dynamic mmio window size") gives 1/8
//   of the guest's physical address space, but only when it can trust the
//   physical address bits QEMU reports; an older or a cautious OVMF still
//   gives 32 GiB, and SeaBIOS maps less.
// - libvirt sets the window with <pcihole64 unit='KiB'> on the pci-root
//   (i440fx) or pcie-root (q35) controller (formatdomain, "PCI
//   controllers"; QEMU's -global q35-pcihost.pci-hole64-size / i440FX-pcihost).
// So more than 32 GiB of 64-bit BARs, without a <pcihole64> as large, may not fit.
constexpr uint64_t default_mmio64_bytes = uint64_t(32) << 30;

// "64 GiB", "512 MiB": binary units, whole when exact.
std::string size_text(uint64_t bytes);

// A window size for --mmio64: a number with K, M, G or T (binary: "64G",
// "65536M"); in KiB. Nothing when malformed, zero, not whole KiB, or over 1 PiB.
std::optional<uint64_t> parse_mmio64_size(const std::string& text);

// The --mmio64 size to suggest for `bar64_bytes` of 64-bit BARs, in GiB:
// twice the BARs, as a power of two (other devices and the firmware's
// alignment take room in the same window).
uint64_t suggested_mmio64_gib(uint64_t bar64_bytes);

// A warning when `bar64_bytes` (the 64-bit BARs of the devices the guest
// gets) exceeds the guest's window: `window_kib` when set, else the default.
std::optional<FitWarning> mmio64_warning(const std::string& device, uint64_t bar64_bytes, const std::string& guest,
                                         std::optional<uint64_t> window_kib);

}  // namespace vpt
