#include <doctest/doctest.h>

#include "host/kernel_cmdline.hpp"
#include "test_host_tree.hpp"

using namespace vpt;
using vpt::test::fixture;
using vpt::test::has_text;
using vpt::test::TempTree;

TEST_CASE("KernelCmdline::parse") {
    SUBCASE("flags, values, the last occurrence wins") {
        auto cmdline = KernelCmdline::parse("ro quiet iommu=soft intel_iommu=on iommu=pt\n");
        CHECK(cmdline.has("quiet"));
        CHECK(cmdline.value("quiet") == "");
        CHECK(cmdline.value("intel_iommu") == "on");
        CHECK(cmdline.value("iommu") == "pt");
        CHECK_FALSE(cmdline.has("amd_iommu"));
        CHECK_FALSE(cmdline.value("amd_iommu").has_value());
    }
    SUBCASE("'-' and '_' in names are the same, the written form is kept") {
        auto cmdline = KernelCmdline::parse("pcie-acs-override=downstream,multifunction");
        CHECK(cmdline.has("pcie_acs_override"));
        CHECK(cmdline.written("pcie_acs_override") == "pcie-acs-override=downstream,multifunction");
    }
    SUBCASE("double quotes group, '--' ends the kernel's part") {
        auto cmdline = KernelCmdline::parse(R"(dyndbg="module vfio +p" ro -- intel_iommu=on)");
        CHECK(cmdline.value("dyndbg") == "module vfio +p");
        CHECK(cmdline.has("ro"));
        CHECK_FALSE(cmdline.has("intel_iommu"));
    }
    SUBCASE("an empty line") { CHECK_FALSE(KernelCmdline::parse("").has("ro")); }
}

TEST_CASE("read_cmdline reads /proc/cmdline") {
    CHECK(read_cmdline(fixture("intel-ir")).value("intel_iommu") == "on");
    CHECK_FALSE(read_cmdline(TempTree().fs()).has("ro"));
}

TEST_CASE("kernel_param_fix names the boot loader's file and regeneration command") {
    SUBCASE("Debian with GRUB: /etc/default/grub and update-grub, UEFI variants after") {
        auto fix = kernel_param_fix(fixture("no-iommu"), ParamChange::add, "intel_iommu=on iommu=pt");
        CHECK(fix.starts_with("add intel_iommu=on iommu=pt to GRUB_CMDLINE_LINUX_DEFAULT in "
                              "/etc/default/grub, run update-grub, and reboot"));
        CHECK(has_text(fix, "/etc/kernel/cmdline"));
        CHECK(has_text(fix, "kernelstub -a \"intel_iommu=on iommu=pt\""));
    }
    SUBCASE("Fedora: grubby updates every entry") {
        TempTree tree("amd");
        auto fix = kernel_param_fix(tree.fs(), ParamChange::remove, "amd_iommu=off");
        CHECK(fix.starts_with("run grubby --update-kernel=ALL --remove-args=\"amd_iommu=off\""));
    }
    SUBCASE("systemd-boot only: /etc/kernel/cmdline first, GRUB as the alternative") {
        auto fix = kernel_param_fix(fixture("acs-override"), ParamChange::remove,
                                    "pcie_acs_override=downstream,multifunction");
        CHECK(fix.starts_with("remove pcie_acs_override=downstream,multifunction from "
                              "/etc/kernel/cmdline, run kernel-install"));
        CHECK(has_text(fix, "(GRUB: remove pcie_acs_override"));
    }
    SUBCASE("Pop!_OS: kernelstub") {
        TempTree tree;
        tree.write("/etc/os-release", "ID=pop\nID_LIKE=\"ubuntu debian\"\n");
        tree.write("/etc/kernelstub/configuration", "{}\n");
        auto fix = kernel_param_fix(tree.fs(), ParamChange::add, "intel_iommu=on");
        CHECK(fix.starts_with("kernelstub -a \"intel_iommu=on\", and reboot"));
    }
    SUBCASE("an unknown distribution gets both GRUB commands") {
        TempTree tree;
        tree.write("/etc/default/grub", "GRUB_CMDLINE_LINUX_DEFAULT=\"\"\n");
        auto fix = kernel_param_fix(tree.fs(), ParamChange::add, "intel_iommu=on");
        CHECK(has_text(fix, "update-grub (Debian, Ubuntu) or grub2-mkconfig -o /boot/grub2/grub.cfg"));
    }
}
