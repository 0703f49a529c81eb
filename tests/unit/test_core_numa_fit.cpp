#include <doctest/doctest.h>

#include "core/numa_fit.hpp"

using namespace vpt;

namespace {
// Two nodes: CPUs 0-3 on node 0, 4-7 on node 1.
CpuNodes two_nodes() { return {{0, 0}, {1, 0}, {2, 0}, {3, 0}, {4, 1}, {5, 1}, {6, 1}, {7, 1}}; }
}  // namespace

TEST_CASE("nodes_of_cpus") {
    CHECK(*nodes_of_cpus({0, 5}, two_nodes()) == CpuSet{0, 1});
    CHECK(!nodes_of_cpus({9}, two_nodes()));
    CHECK(!nodes_of_cpus({0}, {}));
}

TEST_CASE("numa_warnings") {
    const std::string dev = "0000:19:00.0";
    SUBCASE("memory on another node: pin it to the device's node") {
        GuestPlacement placement{CpuSet{1}, std::nullopt};
        auto warnings = numa_warnings(dev, 0, "media-server", placement, {});
        REQUIRE(warnings.size() == 1);
        CHECK(warnings[0].code == "numa-mismatch");
        CHECK(warnings[0].device == dev);
        CHECK(warnings[0].text ==
              "0000:19:00.0 is on NUMA node 0, media-server's memory is on node 1: pin it to node 0 "
              "(virsh numatune media-server --nodeset 0 --config)");
    }
    SUBCASE("memory on the device's node, or on several including it: no warning") {
        CHECK(numa_warnings(dev, 1, "g", {CpuSet{1}, std::nullopt}, {}).empty());
        CHECK(numa_warnings(dev, 1, "g", {CpuSet{0, 1}, std::nullopt}, {}).empty());
    }
    SUBCASE("vCPUs pinned to another node: name the node's CPUs") {
        auto warnings = numa_warnings(dev, 1, "g", {std::nullopt, CpuSet{0, 1}}, two_nodes());
        REQUIRE(warnings.size() == 1);
        CHECK(warnings[0].text.find("g's vCPUs are pinned to node 0: pin them to node 1's CPUs") != std::string::npos);
        CHECK(warnings[0].text.find("virsh vcpupin g VCPU 4-7 --config") != std::string::npos);
    }
    SUBCASE("vCPUs spanning the device's node: no warning") {
        CHECK(numa_warnings(dev, 1, "g", {std::nullopt, CpuSet{3, 4}}, two_nodes()).empty());
    }
    SUBCASE("both memory and vCPUs elsewhere: two warnings") {
        CHECK(numa_warnings(dev, 1, "g", {CpuSet{0}, CpuSet{0}}, two_nodes()).size() == 2);
    }
    SUBCASE("pinned CPUs without a host topology cannot be checked") {
        CHECK(numa_warnings(dev, 1, "g", {std::nullopt, CpuSet{0}}, {}).empty());
    }
    SUBCASE("a floating guest, or a device without a node: no warning") {
        CHECK(numa_warnings(dev, 0, "g", {}, two_nodes()).empty());
        CHECK(numa_warnings(dev, std::nullopt, "g", {CpuSet{1}, std::nullopt}, {}).empty());
        CHECK(numa_warnings(dev, -1, "g", {CpuSet{1}, std::nullopt}, {}).empty());
    }
}
