// The IOMMU: present in the firmware, enabled on the kernel command line,
// active in the kernel; and whether the ACS override weakens its groups.
#include "core/text_list.hpp"
#include "host/checks.hpp"
#include "host/kernel_cmdline.hpp"
#include "host/platform.hpp"

namespace vpt {
namespace {

std::string firmware_iommu_fix(CpuVendor vendor) {
    switch (vendor) {
    case CpuVendor::intel:
        return "enable VT-d (\"Intel Virtualization Technology for Directed I/O\") in the firmware "
               "(BIOS/UEFI) setup";
    case CpuVendor::amd:
        return "enable the IOMMU (\"AMD-Vi\", often under NBIO or North Bridge configuration) in "
               "the firmware (BIOS/UEFI) setup";
    case CpuVendor::other: break;
    }
    return "enable the IOMMU (VT-d or AMD-Vi) in the firmware (BIOS/UEFI) setup";
}

// What turns the IOMMU on for Intel (AMD's is on unasked); iommu=pt keeps
// host-owned devices fast.
const char* intel_enabling_params = "intel_iommu=on iommu=pt";

// A parameter that switches the IOMMU off, as written, if any.
std::optional<std::string> disabling_param(const KernelCmdline& cmdline) {
    for (const char* name : {"intel_iommu", "amd_iommu", "iommu"})
        if (auto value = cmdline.value(name); value && *value == "off") return cmdline.written(name);
    return std::nullopt;
}

// "intel_iommu=on, iommu=pt": the IOMMU parameters given.
std::string iommu_params_text(const KernelCmdline& cmdline) {
    std::vector<std::string> present;
    for (const char* name : {"intel_iommu", "amd_iommu", "iommu"})
        if (auto written = cmdline.written(name)) present.push_back(*written);
    return join_limited(present, 8);
}

// What iommu=pt means, when it is given.
std::string passthrough_note(const KernelCmdline& cmdline) {
    if (cmdline.value("iommu") != "pt") return "";
    return "; iommu=pt: host-owned devices skip DMA translation, VFIO devices stay isolated";
}

}  // namespace

IommuState read_iommu_state(const HostFs& fs) {
    IommuState state;
    state.dmar_table = fs.exists("/sys/firmware/acpi/tables/DMAR");
    state.ivrs_table = fs.exists("/sys/firmware/acpi/tables/IVRS");
    state.units = fs.list("/sys/class/iommu");
    state.groups = fs.list("/sys/kernel/iommu_groups").size();
    return state;
}

Verdict check_iommu_firmware(const HostFs& fs) {
    IommuState state = read_iommu_state(fs);
    if (state.dmar_table) return pass("ACPI DMAR table present (Intel VT-d)");
    if (state.ivrs_table) return pass("ACPI IVRS table present (AMD-Vi)");
    if (state.active())
        return pass("no DMAR or IVRS table, but the kernel has IOMMU groups (" +
                    (state.units.empty() ? std::string("non-ACPI IOMMU") : join_limited(state.units, 4)) + ")");
    return fail("no ACPI DMAR or IVRS table: the IOMMU is disabled in the firmware or absent",
                firmware_iommu_fix(iommu_vendor(fs)));
}

Verdict check_iommu_cmdline(const HostFs& fs) {
    KernelCmdline cmdline = read_cmdline(fs);
    CpuVendor vendor = iommu_vendor(fs);
    IommuState state = read_iommu_state(fs);
    if (auto off = disabling_param(cmdline))
        return fail(*off + " on the kernel command line switches the IOMMU off",
                    kernel_param_fix(fs, ParamChange::remove, *off) +
                        (vendor == CpuVendor::intel ? "\nand add intel_iommu=on the same way" : ""));
    std::string in_use = iommu_params_text(cmdline);
    std::string given = in_use.empty() ? std::string() : " (given: " + in_use + ")";
    std::string note = passthrough_note(cmdline);
    switch (vendor) {
    case CpuVendor::intel:
        if (cmdline.value("intel_iommu") == "on") return pass(in_use + note);
        if (state.active())
            return pass("intel_iommu=on not given; this kernel enables the IOMMU by default" + given +
                        note);
        return fail("intel_iommu=on is missing from the kernel command line",
                    kernel_param_fix(fs, ParamChange::add, intel_enabling_params));
    case CpuVendor::amd:
        // The AMD IOMMU driver is on whenever the firmware has an IVRS
        // table; amd_iommu=on is accepted but changes nothing.
        return pass("the AMD IOMMU is on unless disabled, and nothing disables it" + given + note);
    case CpuVendor::other: break;
    }
    if (state.active()) return pass("the IOMMU is on" + given + note);
    return skip("unknown CPU vendor: cannot tell which kernel parameter enables its IOMMU");
}

Verdict check_iommu_active(const HostFs& fs) {
    IommuState state = read_iommu_state(fs);
    if (state.active()) {
        std::string units = state.units.empty()
                                ? std::string()
                                : plural(state.units.size(), "IOMMU", "IOMMUs") + " (" +
                                      join_limited(state.units, 4) + "), ";
        return pass(units + plural(state.groups, "IOMMU group", "IOMMU groups"));
    }
    CpuVendor vendor = iommu_vendor(fs);
    if (!state.dmar_table && !state.ivrs_table)
        return fail("no IOMMU groups: the IOMMU is off", firmware_iommu_fix(vendor));
    KernelCmdline cmdline = read_cmdline(fs);
    if (auto off = disabling_param(cmdline))
        return fail("no IOMMU groups: " + *off + " switches the IOMMU off",
                    "remove " + *off + " from the kernel command line (see \"IOMMU kernel parameters\")");
    if (vendor == CpuVendor::intel && cmdline.value("intel_iommu") != "on")
        return fail("no IOMMU groups: the firmware has a DMAR table but the kernel did not enable "
                    "the IOMMU",
                    "add intel_iommu=on to the kernel command line (see \"IOMMU kernel parameters\")");
    return fail("no IOMMU groups although the firmware describes an IOMMU: the kernel could not "
                "enable it",
                "look for DMAR or AMD-Vi errors in the kernel log (dmesg | grep -i -e DMAR -e "
                "AMD-Vi -e IOMMU); update the firmware if it reports a broken table");
}

Verdict check_acs_override(const HostFs& fs) {
    KernelCmdline cmdline = read_cmdline(fs);
    auto written = cmdline.written("pcie_acs_override");
    if (!written) return pass("not in use: IOMMU groups reflect the hardware's isolation");
    return warn(*written + " splits IOMMU groups the hardware does not isolate: devices in "
                           "\"separate\" groups may still reach each other by DMA",
                "accept this only for devices you trust; to restore real isolation: " +
                    kernel_param_fix(fs, ParamChange::remove, *written));
}

}  // namespace vpt
