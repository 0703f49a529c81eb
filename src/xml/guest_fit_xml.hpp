// The parts of a guest's XML and of the host's capabilities that say how a
// passed-through device fits the guest: NUMA placement, memory limits, the
// vIOMMU, the firmware and the 64-bit PCI window.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/numa_fit.hpp"
#include "core/result.hpp"

namespace vpt {

struct GuestFitFacts {
    GuestPlacement placement;
    uint64_t memory_kib = 0;                 // <memory>
    std::optional<uint64_t> hard_limit_kib;  // <memtune><hard_limit>
    bool viommu = false;                     // <devices><iommu>
    bool q35 = false;                        // machine type q35 (else i440fx or other)
    bool uefi = false;                       // <os firmware='efi'> or a pflash loader
    std::optional<uint64_t> pcihole64_kib;   // <pcihole64> on the pci-root / pcie-root controller
    unsigned pci_hostdevs = 0;               // <hostdev type='pci'> and <interface type='hostdev'>
};

// Parses a domain XML (config or live). A cpuset libvirt would refuse is a Failure.
Result<GuestFitFacts> read_guest_fit(std::string_view xml);

// Host CPU -> NUMA node from virConnectGetCapabilities' <topology><cells>.
Result<CpuNodes> parse_cpu_nodes(std::string_view capabilities_xml);

// A libvirt scaled integer in KiB: value with unit ("KiB" default, "b",
// "bytes", "k", "KiB", "KB", "M", "MiB", "MB", "G", "GiB", "GB", "T", "TiB", "TB").
std::optional<uint64_t> scaled_kib(std::string_view value, std::string_view unit);

}  // namespace vpt
