#include "host/check_runner.hpp"

#include <functional>

#include "host/checks.hpp"

namespace vpt {
namespace {

Verdict on_host(HostFiles files, const std::function<Verdict()>& run) {
    return files == HostFiles::readable ? run() : unknown(unknown_reason(files));
}

struct FileCheck {
    const char* id;
    const char* name;
    std::function<Verdict(const HostFs&)> run;
};

struct FactCheck {
    const char* id;
    const char* name;
    std::function<Verdict(const LibvirtFacts&)> run;
};

}  // namespace

const char* unknown_reason(HostFiles files) {
    switch (files) {
        case HostFiles::readable: return "";
        case HostFiles::remote: return "needs the host itself: run 'vpt check' on it";
        case HostFiles::none: return "libvirt's test driver has no host: this machine's files do not describe it";
    }
    return "";
}

std::vector<CheckResult> run_host_checks(const HostFs& fs, const LibvirtFacts& facts, HostFiles files) {
    static const FileCheck file_checks[] = {
        {"kernel", "Kernel", check_kernel_version},
        {"cpu-virtualization", "CPU virtualization", check_cpu_virtualization},
        {"kvm", "/dev/kvm", check_kvm_device},
        {"iommu-firmware", "IOMMU in firmware", check_iommu_firmware},
        {"iommu-cmdline", "IOMMU kernel parameters", check_iommu_cmdline},
        {"iommu-active", "IOMMU active", check_iommu_active},
        {"interrupt-remapping", "Interrupt remapping", check_interrupt_remapping},
        {"acs-override", "ACS override", check_acs_override},
        {"vfio-modules", "vfio modules", check_vfio_modules},
        {"boot-bindings", "Boot bindings", check_boot_bindings},
    };
    static const FactCheck fact_checks[] = {
        {"libvirt", "libvirt", check_libvirt_connection},
        {"qemu", "QEMU", check_hypervisor},
        {"hostdev", "PCI passthrough in libvirt", check_hostdev_support},
        {"uefi-firmware", "UEFI firmware", check_uefi_firmware},
        {"memlock", "Locked-memory limit", check_memlock},
    };
    std::vector<CheckResult> results;
    for (const auto& check : file_checks)
        results.push_back({check.id, check.name, on_host(files, [&] { return check.run(fs); }), CheckSource::host});
    for (const auto& check : fact_checks)
        results.push_back({check.id, check.name, check.run(facts), CheckSource::libvirt});
    return results;
}

std::vector<CheckResult> run_device_checks(const HostFs& fs, const Inventory& inventory,
                                           const PciDevice& device, HostFiles files) {
    return {
        {"device-group", "IOMMU group", check_device_group(inventory, device), CheckSource::libvirt},
        {"device-host-use", "Host use", on_host(files, [&] { return check_device_host_use(fs, inventory, device); }),
         CheckSource::host},
        {"device-reset", "Reset", on_host(files, [&] { return check_device_reset(fs, device.address); }),
         CheckSource::host},
        {"device-sriov", "SR-IOV", on_host(files, [&] { return check_device_sriov(fs, device.address); }),
         CheckSource::host},
        {"device-bars", "64-bit BARs", on_host(files, [&] { return check_device_bars(fs, inventory, device); }),
         CheckSource::host},
    };
}

}  // namespace vpt
