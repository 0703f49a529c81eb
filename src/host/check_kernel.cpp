// The kernel version, the CPU's virtualization extensions and /dev/kvm.
#include <algorithm>
#include <sstream>

#include "host/checks.hpp"
#include "host/platform.hpp"

namespace vpt {
namespace {

// The words of /proc/cpuinfo's first "flags" line.
std::vector<std::string> cpu_flags(const std::string& cpuinfo) {
    std::istringstream lines(cpuinfo);
    std::string line;
    while (std::getline(lines, line)) {
        if (!line.starts_with("flags")) continue;
        auto colon = line.find(':');
        if (colon == std::string::npos) continue;
        std::istringstream words(line.substr(colon + 1));
        std::vector<std::string> flags;
        std::string word;
        while (words >> word) flags.push_back(word);
        return flags;
    }
    return {};
}

std::string firmware_virtualization_fix(CpuVendor vendor) {
    switch (vendor) {
    case CpuVendor::intel:
        return "enable Intel Virtualization Technology (VT-x) in the firmware (BIOS/UEFI) setup";
    case CpuVendor::amd:
        return "enable SVM Mode (AMD-V) in the firmware (BIOS/UEFI) setup";
    case CpuVendor::other: break;
    }
    return "enable the CPU's virtualization extensions (VT-x or AMD-V) in the firmware setup";
}

}  // namespace

Verdict check_kernel_version(const HostFs& fs) {
    auto release = fs.read_text("/proc/sys/kernel/osrelease");
    if (!release) return skip(release.error());
    unsigned major = 0, minor = 0;
    char dot = 0;
    std::istringstream in(*release);
    if (!(in >> major >> dot >> minor) || dot != '.')
        return warn("Linux " + *release + ": cannot tell the version",
                    "VFIO needs Linux 3.6 or later; check the running kernel with uname -r");
    if (major < 3 || (major == 3 && minor < 6))
        return fail("Linux " + *release + " is too old: VFIO needs 3.6 or later",
                    "boot a current kernel");
    return pass("Linux " + *release + " (VFIO needs 3.6 or later)");
}

Verdict check_cpu_virtualization(const HostFs& fs) {
    auto cpuinfo = fs.read_text("/proc/cpuinfo");
    if (!cpuinfo) return skip(cpuinfo.error());
    auto flags = cpu_flags(*cpuinfo);
    if (flags.empty()) return skip("/proc/cpuinfo has no x86 flags line: not an x86 host");
    if (std::ranges::find(flags, "vmx") != flags.end()) return pass("Intel VT-x (vmx)");
    if (std::ranges::find(flags, "svm") != flags.end()) return pass("AMD-V (svm)");
    CpuVendor vendor = parse_cpu_vendor(*cpuinfo);
    if (std::ranges::find(flags, "hypervisor") != flags.end())
        return fail("no vmx/svm CPU flag: this host is itself a virtual machine without nested "
                    "virtualization",
                    "enable nested virtualization on the outer hypervisor (for KVM: options " +
                        std::string(vendor == CpuVendor::amd ? "kvm_amd" : "kvm_intel") +
                        " nested=1, and a guest CPU model with " +
                        (vendor == CpuVendor::amd ? "svm" : "vmx") + ")");
    return fail("no vmx/svm CPU flag: virtualization is off in the firmware or unsupported",
                firmware_virtualization_fix(vendor));
}

Verdict check_kvm_device(const HostFs& fs) {
    if (fs.exists("/dev/kvm")) return pass("/dev/kvm is present");
    std::string cpuinfo = fs.read_text("/proc/cpuinfo").value_or("");
    std::string module = "kvm_intel (Intel) or kvm_amd (AMD)";
    CpuVendor vendor = parse_cpu_vendor(cpuinfo);
    if (vendor == CpuVendor::intel) module = "kvm_intel";
    if (vendor == CpuVendor::amd) module = "kvm_amd";
    return fail("/dev/kvm is missing: KVM is not available",
                "modprobe " + module + "; if that fails, " +
                    firmware_virtualization_fix(cpu_vendor(fs, cpuinfo)));
}

}  // namespace vpt
