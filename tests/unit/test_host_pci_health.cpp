#include <doctest/doctest.h>

#include "host/pci_health.hpp"
#include "test_host_tree.hpp"

using namespace vpt;
using namespace vpt::test;

namespace {

// A GPU as the kernel prints it: a 32-bit register BAR, a 16 GiB and a
// 32 MiB 64-bit prefetchable BAR, an I/O BAR, a 128 KiB ROM, then the
// lines a PF would have for its VFs (not the function's own).
const char* gpu_resource =
    "0x00000000fb000000 0x00000000fbffffff 0x0000000000040200\n"
    "0x0000004000000000 0x00000043ffffffff 0x000000000014220c\n"
    "0x0000000000000000 0x0000000000000000 0x0000000000000000\n"
    "0x0000004400000000 0x0000004401ffffff 0x000000000014220c\n"
    "0x0000000000000000 0x0000000000000000 0x0000000000000000\n"
    "0x000000000000e000 0x000000000000e07f 0x0000000000040101\n"
    "0x00000000fc000000 0x00000000fc01ffff 0x0000000000046200\n"
    "0x0000005000000000 0x00000050ffffffff 0x000000000014220c\n";

const PciAddress gpu = *PciAddress::parse("0000:19:00.0");

}  // namespace

TEST_CASE("parse_resource_table sums BARs by window and keeps the ROM apart") {
    BarTotals totals = parse_resource_table(gpu_resource);
    CHECK(totals.mem32 == 16u << 20);
    CHECK(totals.mem64_prefetch == (16ull << 30) + (32ull << 20));
    CHECK(totals.mem64 == 0);
    CHECK(totals.io == 0x80);
    CHECK(totals.rom == 128u << 10);
    CHECK(totals.mem64_total() == (16ull << 30) + (32ull << 20));

    SUBCASE("a 64-bit BAR that is not prefetchable") {
        BarTotals nvme = parse_resource_table("0x00000000fe000000 0x00000000fe003fff 0x0000000000140204\n");
        CHECK(nvme.mem64 == 0x4000);
        CHECK(nvme.mem64_prefetch == 0);
        CHECK(nvme.rom == 0);
    }
    SUBCASE("junk lines count as unused BARs") {
        BarTotals junk = parse_resource_table("garbage\n0x10 0x0f 0x200\n0xzz 0x10 0x200\n");
        CHECK(junk.mem32 == 0);
        CHECK(junk.mem64_total() == 0);
    }
}

TEST_CASE("read_pci_health reads BARs, reset methods and power state from sysfs") {
    TempTree tree;
    const std::string dir = "/sys/bus/pci/devices/0000:19:00.0/";
    tree.write(dir + "resource", gpu_resource);

    SUBCASE("a kernel that lists its reset methods") {
        tree.write(dir + "reset_method", "flr bus\n");
        tree.write(dir + "power_state", "D0\n");
        PciHealth health = read_pci_health(tree.fs(), gpu);
        REQUIRE(health.bars);
        CHECK(health.bars->rom == 128u << 10);
        REQUIRE(health.reset);
        CHECK(health.reset->listed);
        CHECK(health.reset->methods == std::vector<std::string>{"flr", "bus"});
        CHECK(health.power_state == "D0");
    }
    SUBCASE("an older kernel: a reset file, methods unknown") {
        tree.write(dir + "reset", "");
        PciHealth health = read_pci_health(tree.fs(), gpu);
        REQUIRE(health.reset);
        CHECK_FALSE(health.reset->listed);
        CHECK(health.reset->methods.empty());
        CHECK_FALSE(health.power_state);
    }
    SUBCASE("no way to reset it") {
        PciHealth health = read_pci_health(tree.fs(), gpu);
        REQUIRE(health.reset);
        CHECK(health.reset->listed);
        CHECK(health.reset->methods.empty());
    }
    SUBCASE("a device sysfs does not have") {
        PciHealth health = read_pci_health(tree.fs(), *PciAddress::parse("0000:01:00.0"));
        CHECK_FALSE(health.bars);
        CHECK_FALSE(health.reset);
        CHECK_FALSE(health.power_state);
    }
}
