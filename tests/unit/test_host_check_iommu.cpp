#include <doctest/doctest.h>

#include "host/checks.hpp"
#include "test_host_tree.hpp"

using namespace vpt;
using vpt::test::fixture;
using vpt::test::has_text;
using vpt::test::TempTree;

TEST_CASE("read_iommu_state") {
    auto intel = read_iommu_state(fixture("intel-ir"));
    CHECK(intel.dmar_table);
    CHECK_FALSE(intel.ivrs_table);
    CHECK(intel.units == std::vector<std::string>{"dmar0", "dmar1"});
    CHECK(intel.groups == 12);
    CHECK(intel.active());
    auto none = read_iommu_state(fixture("no-iommu"));
    CHECK_FALSE(none.dmar_table);
    CHECK(none.units.empty());
    CHECK_FALSE(none.active());
}

TEST_CASE("check_iommu_firmware") {
    SUBCASE("DMAR and IVRS") {
        auto intel = check_iommu_firmware(fixture("intel-ir"));
        CHECK(intel.status == CheckStatus::pass);
        CHECK(has_text(intel.finding, "DMAR"));
        auto amd = check_iommu_firmware(fixture("amd"));
        CHECK(amd.status == CheckStatus::pass);
        CHECK(has_text(amd.finding, "IVRS"));
    }
    SUBCASE("no table: enable VT-d in the firmware setup") {
        auto v = check_iommu_firmware(fixture("no-iommu"));
        CHECK(v.status == CheckStatus::fail);
        CHECK(has_text(v.fix, "VT-d"));
        CHECK(has_text(v.fix, "firmware"));
    }
    SUBCASE("no table on an AMD host: AMD-Vi") {
        TempTree tree;
        tree.write("/proc/cpuinfo", "vendor_id\t: AuthenticAMD\nflags\t\t: svm\n");
        CHECK(has_text(check_iommu_firmware(tree.fs()).fix, "AMD-Vi"));
    }
}

TEST_CASE("check_iommu_cmdline") {
    SUBCASE("intel_iommu=on, with iommu=pt noted") {
        auto v = check_iommu_cmdline(fixture("intel-ir"));
        CHECK(v.status == CheckStatus::pass);
        CHECK(has_text(v.finding, "intel_iommu=on"));
        CHECK(has_text(v.finding, "iommu=pt:"));
    }
    SUBCASE("IOMMU in firmware but not on the command line: the GRUB fix") {
        auto v = check_iommu_cmdline(fixture("iommu-not-enabled"));
        CHECK(v.status == CheckStatus::fail);
        CHECK(has_text(v.finding, "intel_iommu=on is missing"));
        CHECK(has_text(v.fix, "add intel_iommu=on iommu=pt to GRUB_CMDLINE_LINUX_DEFAULT in /etc/default/grub"));
        CHECK(has_text(v.fix, "update-grub"));
        CHECK(has_text(v.fix, "/etc/kernel/cmdline"));
        CHECK(has_text(v.fix, "kernelstub"));
    }
    SUBCASE("AMD needs no parameter") {
        auto v = check_iommu_cmdline(fixture("amd"));
        CHECK(v.status == CheckStatus::pass);
        CHECK(has_text(v.finding, "AMD"));
    }
    SUBCASE("a kernel that enables the Intel IOMMU by default") {
        TempTree tree("intel-ir");
        tree.write("/proc/cmdline", "ro quiet\n");
        auto v = check_iommu_cmdline(tree.fs());
        CHECK(v.status == CheckStatus::pass);
        CHECK(has_text(v.finding, "by default"));
    }
    SUBCASE("intel_iommu=off is removed and intel_iommu=on added") {
        TempTree tree("iommu-not-enabled");
        tree.write("/proc/cmdline", "ro quiet intel_iommu=off\n");
        auto v = check_iommu_cmdline(tree.fs());
        CHECK(v.status == CheckStatus::fail);
        CHECK(has_text(v.finding, "intel_iommu=off"));
        CHECK(has_text(v.fix, "remove intel_iommu=off from GRUB_CMDLINE_LINUX_DEFAULT"));
        CHECK(has_text(v.fix, "add intel_iommu=on"));
    }
    SUBCASE("amd_iommu=off on Fedora: grubby") {
        TempTree tree("amd");
        tree.write("/proc/cmdline", "ro amd_iommu=off\n");
        auto v = check_iommu_cmdline(tree.fs());
        CHECK(v.status == CheckStatus::fail);
        CHECK(has_text(v.fix, "grubby --update-kernel=ALL --remove-args=\"amd_iommu=off\""));
    }
}

TEST_CASE("check_iommu_active") {
    SUBCASE("units and groups counted") {
        auto v = check_iommu_active(fixture("intel-ir"));
        CHECK(v.status == CheckStatus::pass);
        CHECK(v.finding == "2 IOMMUs (dmar0, dmar1), 12 IOMMU groups");
        CHECK(check_iommu_active(fixture("amd")).finding == "1 IOMMU (ivhd0), 4 IOMMU groups");
    }
    SUBCASE("no IOMMU at all: the firmware fix") {
        auto v = check_iommu_active(fixture("no-iommu"));
        CHECK(v.status == CheckStatus::fail);
        CHECK(has_text(v.fix, "VT-d"));
    }
    SUBCASE("in firmware, not enabled by the kernel: the command line") {
        auto v = check_iommu_active(fixture("iommu-not-enabled"));
        CHECK(v.status == CheckStatus::fail);
        CHECK(has_text(v.finding, "DMAR table"));
        CHECK(has_text(v.fix, "intel_iommu=on"));
    }
    SUBCASE("in firmware, enabled, still nothing: look at the kernel log") {
        TempTree tree("amd");
        tree.remove("/sys/kernel/iommu_groups");
        tree.remove("/sys/class/iommu");
        auto v = check_iommu_active(tree.fs());
        CHECK(v.status == CheckStatus::fail);
        CHECK(has_text(v.fix, "dmesg"));
    }
}

TEST_CASE("check_acs_override") {
    CHECK(check_acs_override(fixture("intel-ir")).status == CheckStatus::pass);
    auto v = check_acs_override(fixture("acs-override"));
    CHECK(v.status == CheckStatus::warn);
    CHECK(has_text(v.finding, "pcie_acs_override=downstream,multifunction"));
    CHECK(has_text(v.finding, "DMA"));
    CHECK(has_text(v.fix, "remove pcie_acs_override=downstream,multifunction from /etc/kernel/cmdline"));
}

TEST_CASE("the IOMMU's vendor comes from its ACPI table, not the CPU (a VM can mix them)") {
    TempTree tree("intel-ir");
    tree.write("/proc/cpuinfo", "processor\t: 0\nvendor_id\t: AuthenticAMD\nflags\t\t: svm\n");
    auto v = check_iommu_cmdline(HostFs(tree.path));
    CHECK(v.status == CheckStatus::pass);
    CHECK_FALSE(has_text(v.finding, "AMD"));
    CHECK(has_text(v.finding, "intel_iommu=on"));
}
