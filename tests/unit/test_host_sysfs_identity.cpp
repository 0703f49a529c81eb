#include <doctest/doctest.h>

#include "host/sysfs_identity.hpp"
#include "test_host_tree.hpp"

using namespace vpt;
using vpt::test::TempTree;

namespace {

// A config space with a DSN capability at 0x100.
std::string config_with_dsn() {
    std::string bytes(4096, '\0');
    auto dword = [&](size_t at, uint32_t v) {
        for (int i = 0; i < 4; ++i) bytes[at + i] = char((v >> (8 * i)) & 0xff);
    };
    dword(0x100, 0x0003 | 1u << 16);
    dword(0x104, 0x44332211);
    dword(0x108, 0x88776655);
    return bytes;
}

void add_device(const TempTree& tree, const std::string& address, const std::string& vendor,
                const std::string& device, const std::string& group) {
    std::string dir = "/sys/bus/pci/devices/" + address;
    tree.write(dir + "/vendor", vendor + "\n");
    tree.write(dir + "/device", device + "\n");
    tree.write(dir + "/class", "0x020000\n");
    tree.write(dir + "/subsystem_vendor", "0x15d9\n");
    tree.write(dir + "/subsystem_device", "0x1533\n");
    tree.write(dir + "/config", config_with_dsn());
    tree.write("/sys/kernel/iommu_groups/" + group + "/devices/" + address, "");
    tree.link(dir + "/iommu_group", "/sys/kernel/iommu_groups/" + group);
}

}  // namespace

TEST_CASE("add_sysfs_identity adds the subsystem ids and the DSN") {
    TempTree tree;
    add_device(tree, "0000:01:00.0", "0x8086", "0x1533", "7");
    DeviceIdentity identity;
    identity.address = *PciAddress::parse("0000:01:00.0");
    identity.serials.push_back({DeviceSerial::Kind::vpd, "V1"});
    add_sysfs_identity(tree.fs(), identity);
    CHECK(identity.subsystem_vendor == 0x15d9);
    CHECK(identity.subsystem_device == 0x1533);
    CHECK(identity.serial(DeviceSerial::Kind::dsn) == "88-77-66-55-44-33-22-11");
    CHECK(identity.strongest_serial()->kind == DeviceSerial::Kind::dsn);

    SUBCASE("a config space unprivileged users see (64 bytes): no DSN, nothing invented") {
        tree.write("/sys/bus/pci/devices/0000:01:00.0/config", std::string(64, '\x01'));
        DeviceIdentity plain;
        plain.address = identity.address;
        add_sysfs_identity(tree.fs(), plain);
        CHECK_FALSE(plain.serial(DeviceSerial::Kind::dsn));
        CHECK(plain.subsystem_vendor == 0x15d9);
    }
    SUBCASE("a device sysfs does not have: nothing added") {
        DeviceIdentity absent;
        absent.address = *PciAddress::parse("0000:09:00.0");
        add_sysfs_identity(tree.fs(), absent);
        CHECK_FALSE(absent.subsystem_vendor);
        CHECK(absent.serials.empty());
    }
}

TEST_CASE("read_sysfs_identities reads every device, skipping what is not one") {
    TempTree tree;
    add_device(tree, "0000:01:00.0", "0x8086", "0x1533", "7");
    add_device(tree, "0000:02:00.0", "0x144d", "0xa808", "8");
    tree.write("/sys/bus/pci/devices/not-an-address/vendor", "0x8086\n");
    tree.write("/sys/bus/pci/devices/0000:03:00.0/vendor", "garbage\n");
    tree.write("/sys/bus/pci/devices/0000:03:00.0/device", "0x1533\n");
    auto devices = read_sysfs_identities(tree.fs());
    REQUIRE(devices.size() == 2);
    CHECK(devices[0].address.str() == "0000:01:00.0");
    CHECK(devices[0].vendor == 0x8086);
    CHECK(devices[0].class_code == 0x020000);
    CHECK(devices[0].iommu_group == 7);
    REQUIRE(devices[0].group_members.size() == 1);
    CHECK(devices[1].device == 0xa808);
}
