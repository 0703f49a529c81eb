// The readiness checks behind `vpt check`: each a pure function over the
// host's files (HostFs) or over LibvirtFacts, returning one Verdict.
// check_runner.hpp runs them in order with their ids and names.
#pragma once

#include <string>
#include <vector>

#include "core/inventory.hpp"
#include "host/check.hpp"
#include "host/host_fs.hpp"
#include "host/libvirt_facts.hpp"

namespace vpt {

// --- check_kernel.cpp
Verdict check_kernel_version(const HostFs& fs);      // /proc/sys/kernel/osrelease >= 3.6
Verdict check_cpu_virtualization(const HostFs& fs);  // vmx/svm in /proc/cpuinfo
Verdict check_kvm_device(const HostFs& fs);          // /dev/kvm

// --- check_iommu.cpp
// What the kernel and firmware say about the IOMMU.
struct IommuState {
    bool dmar_table = false;         // /sys/firmware/acpi/tables/DMAR (Intel VT-d)
    bool ivrs_table = false;         // /sys/firmware/acpi/tables/IVRS (AMD-Vi)
    std::vector<std::string> units;  // /sys/class/iommu/*: dmar0, ivhd0, ...
    size_t groups = 0;               // entries of /sys/kernel/iommu_groups
    bool active() const { return groups > 0; }
};
IommuState read_iommu_state(const HostFs& fs);

Verdict check_iommu_firmware(const HostFs& fs);  // DMAR or IVRS table
Verdict check_iommu_cmdline(const HostFs& fs);   // intel_iommu=on, nothing disabling it
Verdict check_iommu_active(const HostFs& fs);    // IOMMU units and groups exist
Verdict check_acs_override(const HostFs& fs);    // pcie_acs_override weakens isolation

// --- check_interrupts.cpp
// Interrupt remapping, from /proc/interrupts, the IOMMUs' capability
// registers and the kernel log; without it, whether VFIO was told to allow
// unsafe interrupts.
Verdict check_interrupt_remapping(const HostFs& fs);

// --- check_vfio.cpp
Verdict check_vfio_modules(const HostFs& fs);  // vfio, vfio_pci, vfio_iommu_type1

// --- check_libvirt.cpp
Verdict check_libvirt_connection(const LibvirtFacts& facts);  // connected, libvirt version
Verdict check_hypervisor(const LibvirtFacts& facts);          // QEMU version
Verdict check_hostdev_support(const LibvirtFacts& facts);     // hostdev + pciBackend vfio
Verdict check_uefi_firmware(const LibvirtFacts& facts);       // OVMF loaders
Verdict check_memlock(const LibvirtFacts& facts);             // RLIMIT_MEMLOCK for session URIs

// --- check_device.cpp (vpt check DEV)
Verdict check_device_group(const Inventory& inventory, const PciDevice& device);
// Whether the host depends on an endpoint of the device's group (host_use_guard.hpp).
Verdict check_device_host_use(const HostFs& fs, const Inventory& inventory, const PciDevice& device);
Verdict check_device_reset(const HostFs& fs, const PciAddress& address);
Verdict check_device_sriov(const HostFs& fs, const PciAddress& address);
// --- check_bars.cpp: the group's 64-bit BARs against a guest's default 64-bit PCI window.
Verdict check_device_bars(const HostFs& fs, const Inventory& inventory, const PciDevice& device);

// --- check_boot.cpp
// Each device bound to vfio-pci from boot on: on vfio-pci now, or not
// (another driver, none, gone, or another device at its address than the
// one recorded), and each bound by address alone (an older vpt's), with the fix.
Verdict check_boot_bindings(const HostFs& fs);

}  // namespace vpt
