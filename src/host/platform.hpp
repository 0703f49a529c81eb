// Who made the host's CPU and which distribution it runs: the two facts
// that decide which words a fix uses (VT-d or AMD-Vi, update-grub or grubby).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "host/host_fs.hpp"

namespace vpt {

enum class CpuVendor { intel, amd, other };

// From /proc/cpuinfo's vendor_id; failing that, from the ACPI table the
// firmware provides (DMAR is Intel's, IVRS is AMD's).
CpuVendor cpu_vendor(const HostFs& fs);
// The same from /proc/cpuinfo's text already read ("" when it is unreadable).
CpuVendor cpu_vendor(const HostFs& fs, std::string_view cpuinfo);
// The vendor of the IOMMU itself: from the ACPI table the firmware provides
// (DMAR is Intel VT-d, IVRS is AMD-Vi), which can differ from the CPU's in
// a virtual machine; without a table (IOMMU off in firmware), the CPU's.
CpuVendor iommu_vendor(const HostFs& fs);
CpuVendor parse_cpu_vendor(std::string_view cpuinfo);

// The fields of os-release(5) that fixes need.
struct OsRelease {
    std::string id;                    // "debian", "fedora"
    std::vector<std::string> id_like;  // "rhel fedora" -> {"rhel", "fedora"}
    std::string pretty_name;

    // Whether the distribution is `family` or derives from it.
    bool is(std::string_view family) const;
};

OsRelease parse_os_release(std::string_view text);
// /etc/os-release, then /usr/lib/os-release; empty fields when neither exists.
OsRelease read_os_release(const HostFs& fs);

}  // namespace vpt
