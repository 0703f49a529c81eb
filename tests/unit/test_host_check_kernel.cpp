#include <doctest/doctest.h>

#include "host/checks.hpp"
#include "test_host_tree.hpp"

using namespace vpt;
using vpt::test::fixture;
using vpt::test::has_text;
using vpt::test::TempTree;

TEST_CASE("check_kernel_version") {
    SUBCASE("a current kernel passes and is named") {
        auto v = check_kernel_version(fixture("intel-ir"));
        CHECK(v.status == CheckStatus::pass);
        CHECK(has_text(v.finding, "Linux 6.1.0-18-amd64"));
    }
    SUBCASE("older than 3.6 fails") {
        TempTree tree;
        tree.write("/proc/sys/kernel/osrelease", "3.2.0-4-amd64\n");
        CHECK(check_kernel_version(tree.fs()).status == CheckStatus::fail);
    }
    SUBCASE("3.6 itself passes, 3.10 is not read as 3.1") {
        TempTree tree;
        tree.write("/proc/sys/kernel/osrelease", "3.6.0\n");
        CHECK(check_kernel_version(tree.fs()).status == CheckStatus::pass);
        tree.write("/proc/sys/kernel/osrelease", "3.10.0-1160.el7.x86_64\n");
        CHECK(check_kernel_version(tree.fs()).status == CheckStatus::pass);
    }
    SUBCASE("unreadable: skipped with the reason") {
        auto v = check_kernel_version(TempTree().fs());
        CHECK(v.status == CheckStatus::skip);
        CHECK(has_text(v.finding, "/proc/sys/kernel/osrelease"));
    }
}

TEST_CASE("check_cpu_virtualization") {
    SUBCASE("vmx and svm") {
        auto intel = check_cpu_virtualization(fixture("intel-ir"));
        CHECK(intel.status == CheckStatus::pass);
        CHECK(has_text(intel.finding, "VT-x"));
        auto amd = check_cpu_virtualization(fixture("amd"));
        CHECK(amd.status == CheckStatus::pass);
        CHECK(has_text(amd.finding, "AMD-V"));
    }
    SUBCASE("no flag on bare metal: the firmware fix for the vendor") {
        TempTree tree;
        tree.write("/proc/cpuinfo", "vendor_id\t: GenuineIntel\nflags\t\t: fpu vme sse2\n");
        auto v = check_cpu_virtualization(tree.fs());
        CHECK(v.status == CheckStatus::fail);
        CHECK(has_text(v.fix, "VT-x"));
    }
    SUBCASE("no flag inside a VM: nested virtualization") {
        TempTree tree;
        tree.write("/proc/cpuinfo", "vendor_id\t: AuthenticAMD\nflags\t\t: fpu sse2 hypervisor\n");
        auto v = check_cpu_virtualization(tree.fs());
        CHECK(v.status == CheckStatus::fail);
        CHECK(has_text(v.fix, "kvm_amd nested=1"));
    }
    SUBCASE("not x86: skipped") {
        TempTree tree;
        tree.write("/proc/cpuinfo", "processor\t: 0\nFeatures\t: fp asimd evtstrm\n");
        CHECK(check_cpu_virtualization(tree.fs()).status == CheckStatus::skip);
    }
}

TEST_CASE("check_kvm_device") {
    CHECK(check_kvm_device(fixture("intel-ir")).status == CheckStatus::pass);
    TempTree tree("amd");
    tree.remove("/dev/kvm");
    auto v = check_kvm_device(tree.fs());
    CHECK(v.status == CheckStatus::fail);
    CHECK(has_text(v.fix, "modprobe kvm_amd"));
}
