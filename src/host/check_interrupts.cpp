// Interrupt remapping. Without it a guest given a device could forge MSI
// writes and raise arbitrary interrupts on the host, so VFIO refuses to
// assign devices unless vfio_iommu_type1's allow_unsafe_interrupts is set:
// a security trade-off vpt reports and never makes on its own.
#include <algorithm>
#include <cctype>
#include <sstream>

#include "core/text_fields.hpp"
#include "core/text_list.hpp"
#include "host/checks.hpp"
#include "host/kernel_cmdline.hpp"

namespace vpt {
namespace {

enum class Evidence { enabled, disabled, unknown };

struct Finding {
    Evidence evidence = Evidence::unknown;
    std::string why;  // what it rests on
};

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return text;
}

// /proc/interrupts names the interrupt chips; with remapping on, the MSI
// and IO-APIC chips are the IR- ones ("IR-PCI-MSI", "IR-IO-APIC").
Finding from_proc_interrupts(const HostFs& fs) {
    auto text = fs.read_text("/proc/interrupts");
    if (!text) return {};
    bool any_chip = false;
    std::istringstream words(*text);
    std::string word;
    while (words >> word) {
        if (word.starts_with("IR-")) return {Evidence::enabled, "/proc/interrupts shows " + word};
        if (word.starts_with("PCI-MSI") || word.starts_with("IO-APIC")) any_chip = true;
    }
    if (any_chip)
        return {Evidence::disabled, "/proc/interrupts shows no remapped (IR-) interrupt chip"};
    return {};
}

// Each IOMMU's capability register: Intel's extended capability register
// (ecap) has IR in bit 3; AMD IOMMUs always remap interrupts (their
// "features" register has no such bit), so an active one is enough.
Finding from_registers(const HostFs& fs, const std::vector<std::string>& units) {
    std::vector<std::string> with, without, amd;
    for (const auto& unit : units) {
        std::string base = "/sys/class/iommu/" + unit;
        if (auto ecap = fs.read_text(base + "/intel-iommu/ecap")) {
            try {
                bool ir = (std::stoull(*ecap, nullptr, 16) >> 3) & 1;
                (ir ? with : without).push_back(unit);
            } catch (const std::exception&) {
            }
        } else if (fs.exists(base + "/amd-iommu")) {
            amd.push_back(unit);
        }
    }
    if (!without.empty())
        return {Evidence::disabled, without.front() + " cannot remap interrupts (ecap bit 3 clear)"};
    if (!with.empty())
        return {Evidence::enabled, "supported by " + plural(with.size(), "IOMMU", "IOMMUs") +
                                       " (ecap bit 3 of " + with.front() +
                                       (with.size() > 1 ? ", ..." : "") + ")"};
    if (!amd.empty()) return {Evidence::enabled, "AMD IOMMU " + amd.front() + " remaps interrupts"};
    return {};
}

// "/var/log/kern.log: \"DMAR-IR: Enabled IRQ remapping in x2apic mode\"": the
// message without its syslog and timestamp prefix.
std::string log_quote(const char* path, const std::string& line) {
    size_t start = 0;
    if (auto bracket = line.find("] "); bracket != std::string::npos)
        start = bracket + 2;
    else if (auto kernel = line.find("kernel: "); kernel != std::string::npos)
        start = kernel + 8;
    return std::string(path) + ": \"" + std::string(trimmed(line.substr(start))) + "\"";
}

// The last line about remapping in a readable kernel log.
Finding from_kernel_log(const HostFs& fs) {
    for (const char* path : {"/var/log/kern.log", "/var/log/dmesg", "/var/log/messages"}) {
        auto text = fs.read_tail(path, 8 << 20);
        if (!text) continue;
        Finding last;
        std::istringstream lines(*text);
        std::string line;
        while (std::getline(lines, line)) {
            std::string l = lower(line);
            if (l.find("remapping") == std::string::npos) continue;
            if (l.find("enabled irq remapping") != std::string::npos ||
                l.find("interrupt remapping enabled") != std::string::npos)
                last = {Evidence::enabled, log_quote(path, line)};
            else if (l.find("disabl") != std::string::npos || l.find("not enabl") != std::string::npos ||
                     l.find("failed") != std::string::npos)
                last = {Evidence::disabled, log_quote(path, line)};
        }
        if (last.evidence != Evidence::unknown) return last;
    }
    return {};
}

Finding interrupt_remapping(const HostFs& fs, const IommuState& state) {
    KernelCmdline cmdline = read_cmdline(fs);
    if (cmdline.value("intremap") == "off")
        return {Evidence::disabled, "intremap=off on the kernel command line"};
    if (cmdline.has("nointremap")) return {Evidence::disabled, "nointremap on the kernel command line"};
    // What the running kernel uses beats what the hardware could do.
    if (Finding seen = from_proc_interrupts(fs); seen.evidence != Evidence::unknown) return seen;
    Finding log = from_kernel_log(fs);
    if (log.evidence == Evidence::disabled) return log;
    if (Finding hw = from_registers(fs, state.units); hw.evidence != Evidence::unknown) return hw;
    return log;
}

// allow_unsafe_interrupts of vfio_iommu_type1 (or of iommufd, which
// replaces it on newer kernels); nothing when neither module is loaded.
std::optional<bool> unsafe_interrupts_allowed(const HostFs& fs) {
    for (const char* module : {"vfio_iommu_type1", "iommufd"}) {
        auto value = fs.read_text(std::string("/sys/module/") + module +
                                  "/parameters/allow_unsafe_interrupts");
        if (value) return *value == "Y" || *value == "1";
    }
    return std::nullopt;
}

const char* unsafe_line = "options vfio_iommu_type1 allow_unsafe_interrupts=1";

}  // namespace

Verdict check_interrupt_remapping(const HostFs& fs) {
    IommuState state = read_iommu_state(fs);
    if (!state.active()) return skip("no IOMMU is active (see above)");
    Finding found = interrupt_remapping(fs, state);
    if (found.evidence == Evidence::enabled) return pass("enabled: " + found.why);

    auto unsafe = unsafe_interrupts_allowed(fs);
    if (found.evidence == Evidence::unknown) {
        if (unsafe == true)
            return warn("cannot tell whether interrupts are remapped; allow_unsafe_interrupts=Y is "
                        "set, so VFIO assigns devices either way",
                        "check with: grep -c IR- /proc/interrupts (non-zero: remapping is on)");
        return warn("cannot tell whether interrupts are remapped (no IOMMU register, "
                    "/proc/interrupts or kernel log to read)",
                    "check with: grep -c IR- /proc/interrupts (non-zero: remapping is on); if it is "
                    "off, VFIO refuses to assign devices");
    }
    if (unsafe == true)
        return warn("not available: " + found.why + "; allow_unsafe_interrupts=Y lets VFIO assign "
                    "devices anyway, so a guest can forge MSI writes and raise interrupts on the host",
                    "this is a security trade-off someone accepted for this host; to undo it, "
                    "remove \"" + std::string(unsafe_line) + "\" from /etc/modprobe.d/ and reboot");
    std::string fix;
    if (found.why.find("intremap") != std::string::npos)
        fix = "re-enable it: " + kernel_param_fix(fs, ParamChange::remove,
                                                  found.why.starts_with("nointremap") ? "nointremap"
                                                                                     : "intremap=off") +
              "\nor, ";
    else
        fix = "use a platform with interrupt remapping (VT-d with IR, or AMD-Vi); or, ";
    fix += "only if you accept that a guest could forge interrupts on the host:\necho '" +
           std::string(unsafe_line) +
           "' > /etc/modprobe.d/vfio.conf, then reload vfio_iommu_type1 (or reboot); vpt never "
           "sets this itself";
    return fail("not available: " + found.why + "; VFIO refuses to assign devices without it", fix);
}

}  // namespace vpt
