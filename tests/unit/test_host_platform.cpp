#include <doctest/doctest.h>

#include "host/platform.hpp"
#include "test_host_tree.hpp"

using namespace vpt;
using vpt::test::fixture;
using vpt::test::TempTree;

TEST_CASE("parse_cpu_vendor") {
    CHECK(parse_cpu_vendor("vendor_id\t: GenuineIntel\n") == CpuVendor::intel);
    CHECK(parse_cpu_vendor("vendor_id\t: AuthenticAMD\n") == CpuVendor::amd);
    CHECK(parse_cpu_vendor("vendor_id\t: HygonGenuine\n") == CpuVendor::amd);
    CHECK(parse_cpu_vendor("Features\t: fp asimd\n") == CpuVendor::other);
}

TEST_CASE("cpu_vendor falls back to the firmware's IOMMU table") {
    CHECK(cpu_vendor(fixture("intel-ir")) == CpuVendor::intel);
    CHECK(cpu_vendor(fixture("amd")) == CpuVendor::amd);
    TempTree tree;
    CHECK(cpu_vendor(tree.fs()) == CpuVendor::other);
    tree.write("/sys/firmware/acpi/tables/IVRS", "");
    CHECK(cpu_vendor(tree.fs()) == CpuVendor::amd);
}

TEST_CASE("parse_os_release") {
    auto release = parse_os_release("# comment\nPRETTY_NAME=\"Rocky Linux 9.3 (Blue Onyx)\"\nID=\"rocky\"\n"
                                    "ID_LIKE=\"rhel centos fedora\"\n");
    CHECK(release.id == "rocky");
    CHECK(release.pretty_name == "Rocky Linux 9.3 (Blue Onyx)");
    CHECK(release.is("rocky"));
    CHECK(release.is("rhel"));
    CHECK(release.is("fedora"));
    CHECK_FALSE(release.is("debian"));
    CHECK(read_os_release(fixture("iommu-not-enabled")).is("debian"));
    CHECK(read_os_release(TempTree().fs()).id.empty());
}
