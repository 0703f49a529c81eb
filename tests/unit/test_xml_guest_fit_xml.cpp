#include <doctest/doctest.h>

#include "xml/guest_fit_xml.hpp"

using namespace vpt;

TEST_CASE("read_guest_fit") {
    SUBCASE("placement, limits, vIOMMU, window and devices") {
        auto facts = read_guest_fit(R"(<domain type='kvm'><name>g</name>
            <memory unit='GiB'>8</memory>
            <memtune><hard_limit unit='KiB'>9437184</hard_limit></memtune>
            <vcpu placement='static' cpuset='8-9'>4</vcpu>
            <cputune><vcpupin vcpu='0' cpuset='0-1'/><vcpupin vcpu='1' cpuset='2,^1'/></cputune>
            <numatune><memory mode='strict' nodeset='1'/></numatune>
            <os firmware='efi'><type arch='x86_64' machine='pc-q35-7.2'>hvm</type></os>
            <devices>
              <controller type='pci' index='0' model='pcie-root'><pcihole64 unit='KiB'>67108864</pcihole64></controller>
              <hostdev mode='subsystem' type='pci'/><interface type='hostdev'/><interface type='network'/>
              <iommu model='intel'/>
            </devices></domain>)");
        REQUIRE(facts);
        CHECK(facts->memory_kib == uint64_t(8) << 20);
        CHECK(facts->hard_limit_kib == 9437184);
        CHECK(facts->placement.memory_nodes == CpuSet{1});
        CHECK(facts->placement.vcpu_cpus == CpuSet{0, 1, 2, 8, 9});
        CHECK(facts->q35);
        CHECK(facts->uefi);
        CHECK(facts->viommu);
        CHECK(facts->pcihole64_kib == uint64_t(64) << 20);
        CHECK(facts->pci_hostdevs == 2);
    }
    SUBCASE("a bare guest floats and has no limits") {
        auto facts = read_guest_fit("<domain><memory>4194304</memory><os><type machine='pc-i440fx-7.2'>hvm</type></os></domain>");
        REQUIRE(facts);
        CHECK(!facts->placement.memory_nodes);
        CHECK(!facts->placement.vcpu_cpus);
        CHECK(!facts->hard_limit_kib);
        CHECK(!facts->q35);
        CHECK(!facts->viommu);
    }
    SUBCASE("a bad nodeset fails") { CHECK(!read_guest_fit("<domain><numatune><memory nodeset='x'/></numatune></domain>")); }
    SUBCASE("not a domain fails") { CHECK(!read_guest_fit("<network/>")); }
}

TEST_CASE("parse_cpu_nodes") {
    auto nodes = parse_cpu_nodes(R"(<capabilities><host><topology><cells num='2'>
        <cell id='0'><cpus num='2'><cpu id='0'/><cpu id='1'/></cpus></cell>
        <cell id='1'><cpus num='2'><cpu id='2'/><cpu id='3'/></cpus></cell>
        </cells></topology></host></capabilities>)");
    REQUIRE(nodes);
    CHECK(*nodes == CpuNodes{{0, 0}, {1, 0}, {2, 1}, {3, 1}});
    CHECK(parse_cpu_nodes("<capabilities><host><topology><cells num='0'/></topology></host></capabilities>")->empty());
}

TEST_CASE("scaled_kib") {
    CHECK(scaled_kib("4", "GiB") == uint64_t(4) << 20);
    CHECK(scaled_kib("1024", "") == 1024);
    CHECK(scaled_kib("2048", "bytes") == 2);
    CHECK(!scaled_kib("x", "KiB"));
    CHECK(!scaled_kib("1", "parsecs"));
}
