#include <doctest/doctest.h>

#include "host/checks.hpp"
#include "test_host_tree.hpp"

using namespace vpt;
using vpt::test::has_text;
using vpt::test::fixture;
using vpt::test::TempTree;

namespace {

const char* unsafe_line = "options vfio_iommu_type1 allow_unsafe_interrupts=1";

}  // namespace

TEST_CASE("check_interrupt_remapping: the fixture hosts") {
    SUBCASE("Intel with IR in every DMAR unit's ecap") {
        auto v = check_interrupt_remapping(fixture("intel-ir"));
        CHECK(v.status == CheckStatus::pass);
        CHECK(has_text(v.finding, "ecap bit 3"));
    }
    SUBCASE("Intel without IR, unsafe interrupts off: fail, the trade-off spelled out") {
        auto v = check_interrupt_remapping(fixture("intel-no-ir"));
        CHECK(v.status == CheckStatus::fail);
        CHECK(has_text(v.finding, "dmar0 cannot remap interrupts"));
        CHECK(has_text(v.finding, "VFIO refuses"));
        CHECK(has_text(v.fix, unsafe_line));
        CHECK(has_text(v.fix, "/etc/modprobe.d/vfio.conf"));
        CHECK(has_text(v.fix, "only if you accept"));
    }
    SUBCASE("Intel without IR, unsafe interrupts on: a warning naming the risk") {
        auto v = check_interrupt_remapping(fixture("intel-no-ir-unsafe"));
        CHECK(v.status == CheckStatus::warn);
        CHECK(has_text(v.finding, "allow_unsafe_interrupts=Y"));
        CHECK(has_text(v.finding, "forge MSI"));
        CHECK(has_text(v.fix, "security trade-off"));
    }
    SUBCASE("AMD, seen in /proc/interrupts") {
        auto v = check_interrupt_remapping(fixture("amd"));
        CHECK(v.status == CheckStatus::pass);
        CHECK(has_text(v.finding, "/proc/interrupts"));
    }
    SUBCASE("no IOMMU: skipped") {
        CHECK(check_interrupt_remapping(fixture("no-iommu")).status == CheckStatus::skip);
    }
}

TEST_CASE("check_interrupt_remapping: what the kernel uses beats what the hardware can") {
    SUBCASE("/proc/interrupts without IR- chips on IR-capable hardware") {
        TempTree tree("intel-ir");
        tree.write("/proc/interrupts",
                   "           CPU0\n  0:  44  IO-APIC   2-edge  timer\n 24:  0  PCI-MSI 327680-edge  xhci_hcd\n");
        auto v = check_interrupt_remapping(tree.fs());
        CHECK(v.status == CheckStatus::fail);
        CHECK(has_text(v.finding, "no remapped (IR-) interrupt chip"));
    }
    SUBCASE("intremap=off: the fix re-enables it first") {
        TempTree tree("intel-ir");
        tree.write("/proc/cmdline", "ro intel_iommu=on intremap=off\n");
        auto v = check_interrupt_remapping(tree.fs());
        CHECK(v.status == CheckStatus::fail);
        CHECK(has_text(v.finding, "intremap=off"));
        CHECK(v.fix.starts_with("re-enable it: remove intremap=off from GRUB_CMDLINE_LINUX_DEFAULT"));
        CHECK(has_text(v.fix, unsafe_line));
    }
    SUBCASE("the AMD IOMMU remaps interrupts when nothing else says otherwise") {
        TempTree tree("amd");
        tree.remove("/proc/interrupts");
        auto v = check_interrupt_remapping(tree.fs());
        CHECK(v.status == CheckStatus::pass);
        CHECK(has_text(v.finding, "ivhd0"));
    }
}

TEST_CASE("check_interrupt_remapping: the kernel log as a fallback") {
    TempTree tree("amd");
    tree.remove("/proc/interrupts");
    tree.remove("/sys/class/iommu");
    tree.link("/sys/class/iommu/iommu0", "/sys/devices/virtual/iommu/iommu0");
    SUBCASE("nothing to read: a warning with the command to find out") {
        auto v = check_interrupt_remapping(tree.fs());
        CHECK(v.status == CheckStatus::warn);
        CHECK(has_text(v.fix, "grep -c IR- /proc/interrupts"));
    }
    SUBCASE("enabled, the last boot's message quoted without its prefix") {
        tree.write("/var/log/kern.log",
                   "Nov 20 09:00:01 host kernel: [    0.512345] AMD-Vi: Interrupt remapping enabled\n");
        auto v = check_interrupt_remapping(tree.fs());
        CHECK(v.status == CheckStatus::pass);
        CHECK(has_text(v.finding, "/var/log/kern.log: \"AMD-Vi: Interrupt remapping enabled\""));
    }
    SUBCASE("the latest message wins") {
        tree.write("/var/log/kern.log",
                   "Nov 19 kernel: [0.5] DMAR-IR: Enabled IRQ remapping in x2apic mode\n"
                   "Nov 20 kernel: [0.5] DMAR-IR: Not enabling interrupt remapping\n");
        auto v = check_interrupt_remapping(tree.fs());
        CHECK(v.status == CheckStatus::fail);
        CHECK(has_text(v.finding, "Not enabling interrupt remapping"));
    }
}
