// What libvirt says: the connection and versions, whether it can assign
// PCI devices through VFIO, the UEFI firmware it offers, and the
// locked-memory limit a session guest would run under.
#include <algorithm>

#include "core/text_escape.hpp"
#include "host/checks.hpp"

namespace vpt {
namespace {

std::string bytes_text(uint64_t bytes) {
    const char* units[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
    size_t unit = 0;
    while (unit + 1 < std::size(units) && bytes >= 1024 && bytes % 1024 == 0) {
        bytes /= 1024;
        ++unit;
    }
    return std::to_string(bytes) + " " + units[unit];
}

std::string limit_text(const std::optional<uint64_t>& limit) {
    return limit ? bytes_text(*limit) : std::string("unlimited");
}

std::optional<Verdict> not_connected(const LibvirtFacts& facts) {
    if (!facts.connected) return skip("no libvirt connection");
    return std::nullopt;
}

std::optional<Verdict> no_domain_caps(const LibvirtFacts& facts) {
    if (auto verdict = not_connected(facts)) return verdict;
    if (!facts.domain_caps)
        return skip("libvirt gave no domain capabilities for " + facts.caps_arch + "/" +
                    facts.caps_machine + "/kvm: " + facts.domain_caps_error);
    return std::nullopt;
}

}  // namespace

Verdict check_libvirt_connection(const LibvirtFacts& facts) {
    std::string uri = facts.uri.empty() ? std::string("the default URI") : facts.uri;
    if (!facts.connected)
        // The URI is the user's, and is printed in the report: one safe line.
        return fail(error_line("cannot connect to libvirt at " + uri + ": " + facts.connect_error),
                    facts.local ? "start libvirt: systemctl enable --now libvirtd (modular daemons: "
                                  "systemctl enable --now virtqemud.socket virtnodedevd.socket); "
                                  "is the URI right (-c qemu:///system)?"
                                : "check the URI and that the remote host runs libvirtd and accepts "
                                  "you (e.g. ssh access for qemu+ssh://)");
    std::string version = facts.libvirt_version ? "libvirt " + version_text(*facts.libvirt_version)
                                                : std::string("libvirt (version unknown)");
    std::string where = facts.test_driver ? " (libvirt's test driver: no host)"
                        : facts.local     ? ""
                                          : " (not this machine: " + facts.locality_reason + ")";
    return pass(version + " at " + facts.uri + where);
}

Verdict check_hypervisor(const LibvirtFacts& facts) {
    if (auto verdict = not_connected(facts)) return *verdict;
    if (facts.driver != "QEMU")
        return skip("the " + (facts.driver.empty() ? std::string("unknown") : facts.driver) +
                    " driver is not QEMU/KVM: no QEMU to check");
    if (!facts.hypervisor_version) return skip("libvirt did not report the QEMU version");
    return pass("QEMU " + version_text(*facts.hypervisor_version));
}

Verdict check_hostdev_support(const LibvirtFacts& facts) {
    if (auto verdict = no_domain_caps(facts)) return *verdict;
    const DomainCaps& caps = *facts.domain_caps;
    std::string target = facts.caps_machine + "/kvm guests";
    if (!caps.hostdev_supported)
        return fail("libvirt reports no host device assignment for " + target,
                    "install the QEMU system emulator for " + facts.caps_arch +
                        " with KVM support and restart libvirt");
    if (std::ranges::find(caps.pci_backends, "vfio") == caps.pci_backends.end())
        return fail("libvirt offers no VFIO PCI backend for " + target +
                        " (it needs /dev/vfio/vfio and IOMMU groups)",
                    "enable the IOMMU and load the vfio modules (the checks above), then restart "
                    "libvirt so it probes again");
    return pass("libvirt assigns PCI devices with VFIO to " + target +
                (caps.machine.empty() ? std::string() : " (" + caps.machine + ")"));
}

Verdict check_uefi_firmware(const LibvirtFacts& facts) {
    if (auto verdict = no_domain_caps(facts)) return *verdict;
    const auto& loaders = facts.domain_caps->loaders;
    if (loaders.empty())
        return warn("no UEFI firmware for " + facts.caps_machine +
                        " guests: most GPUs and many modern devices need a UEFI guest",
                    "install OVMF: apt install ovmf (Debian, Ubuntu), dnf install edk2-ovmf (Fedora, "
                    "RHEL), pacman -S edk2-ovmf (Arch); then restart libvirt");
    std::string text = "OVMF " + loaders.front();
    if (loaders.size() > 1) text += " (+" + std::to_string(loaders.size() - 1) + " more)";
    return pass(text);
}

Verdict check_memlock(const LibvirtFacts& facts) {
    if (!facts.session)
        return skip("not a session URI: libvirt's system daemon raises the locked-memory limit for "
                    "each guest itself");
    if (!facts.local) return skip("remote session URI: the limit that counts is on that host");
    const auto& limit = facts.memlock;
    if (!limit.soft && !limit.hard) return pass("unlimited");
    std::string shown = "soft " + limit_text(limit.soft) + ", hard " + limit_text(limit.hard);
    std::string user = facts.user.empty() ? std::string("USER") : facts.user;
    std::string fix = "raise it for " + user + ": add \"" + user + " soft memlock unlimited\" and \"" +
                      user + " hard memlock unlimited\" to /etc/security/limits.d/vfio.conf (or a "
                      "size in KiB above the guests' memory), then log in again; qemu:///system "
                      "needs none of this";
    uint64_t effective = limit.soft ? *limit.soft : *limit.hard;
    const std::string consequence =
        "a session guest with a passthrough device must lock all its memory (QEMU fails with "
        "\"VFIO_MAP_DMA failed: Cannot allocate memory\")";
    if (effective < (uint64_t(1) << 30))
        return fail("locked-memory limit is " + shown + ": " + consequence, fix);
    return warn("locked-memory limit is " + shown + ": " + consequence + "; guests larger than it fail",
                fix);
}

}  // namespace vpt
