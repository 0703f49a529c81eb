#include <doctest/doctest.h>

#include "core/device_lookup.hpp"
#include "core/error.hpp"
#include "test_pci_devices.hpp"

using namespace vpt;
using vpt::test::addr;
using vpt::test::make_device;

namespace {

PciDevice device(const char* address, uint32_t vendor, uint32_t product, int group,
                 const std::vector<const char*>& members) {
    PciDevice d = make_device(address, std::nullopt, group, members, 0x020000);
    d.vendor_id = vendor;
    d.product_id = product;
    return d;
}

// A GPU with its audio function (one group), a dual-port NIC (a group a
// port) with two VFs, and a device libvirt named by its ids.
Inventory host() {
    PciDevice legacy = device("05:00.0", 0x1002, 0x71c4, 9, {"05:00.0"});
    legacy.name = "pci_1002_71c4";
    return Inventory({device("01:00.0", 0x10de, 0x2204, 1, {"01:00.0", "01:00.1"}),
                      device("01:00.1", 0x10de, 0x1aef, 1, {"01:00.0", "01:00.1"}),
                      device("03:00.0", 0x8086, 0x10c9, 2, {"03:00.0"}),
                      device("03:00.1", 0x8086, 0x10c9, 3, {"03:00.1"}),
                      device("03:10.0", 0x8086, 0x10ca, 4, {"03:10.0"}),
                      device("03:10.1", 0x8086, 0x10ca, 5, {"03:10.1"}), legacy},
                     {});
}

std::vector<std::string> addresses(const std::vector<const PciDevice*>& devices) {
    std::vector<std::string> out;
    for (const auto* d : devices) out.push_back(d->address.str());
    return out;
}

// The message of the bad_input `call` throws.
template <typename Call>
std::string bad_input_of(Call call) {
    try {
        call();
    } catch (const Error& e) {
        CHECK(e.code() == ExitCode::bad_input);
        return e.what();
    }
    FAIL("expected bad input");
    return "";
}

using List = std::vector<std::string>;

}  // namespace

TEST_CASE("select_devices: every device a name, address, slot or vendor:device names") {
    Inventory inventory = host();
    CHECK(addresses(select_devices(inventory, "01:00.1")) == List{"0000:01:00.1"});
    CHECK(addresses(select_devices(inventory, "pci_0000_03_00_0")) == List{"0000:03:00.0"});
    CHECK(addresses(select_devices(inventory, "01:00")) == List{"0000:01:00.0", "0000:01:00.1"});
    CHECK(addresses(select_devices(inventory, "0000:03:10")) == List{"0000:03:10.0", "0000:03:10.1"});
    CHECK(addresses(select_devices(inventory, "10de:2204")) == List{"0000:01:00.0"});
    CHECK(addresses(select_devices(inventory, "8086:10CA")) == List{"0000:03:10.0", "0000:03:10.1"});
    SUBCASE("a legacy nodedev name is found by name, and its device by slot and ids too") {
        CHECK(addresses(select_devices(inventory, "pci_1002_71c4")) == List{"0000:05:00.0"});
        CHECK(select_devices(inventory, "05:00")[0]->name == "pci_1002_71c4");
        CHECK(select_devices(inventory, "1002:71c4")[0]->name == "pci_1002_71c4");
    }
    SUBCASE("malformed text is bad input before any lookup") {
        CHECK(bad_input_of([&] { select_devices(inventory, "1:0"); }).find("malformed device name '1:0'") == 0);
        CHECK(bad_input_of([&] { select_devices(inventory, "3:0.0"); }).find("malformed PCI address") == 0);
    }
    SUBCASE("nothing matched: unknown, with close matches in the form typed") {
        CHECK(bad_input_of([&] { select_devices(inventory, "03:00.2"); }) ==
              "unknown PCI device '03:00.2'; did you mean 0000:03:00.0, 0000:03:00.1, 0000:01:00.0?");
        // 03:10 is one edit away: two digits swapped, the commonest slip
        CHECK(bad_input_of([&] { select_devices(inventory, "03:01"); }) ==
              "unknown PCI device '03:01'; did you mean 0000:03:00, 0000:03:10, 0000:01:00?");
        CHECK(bad_input_of([&] { select_devices(inventory, "10de:2205"); })
                  .find("did you mean 10de:2204") != std::string::npos);
        CHECK(bad_input_of([&] { select_devices(inventory, "abcd:ef01"); }) ==
              "unknown PCI device 'abcd:ef01' (see 'vpt list')");
        CHECK(bad_input_of([&] { select_devices(inventory, "pci_1002_71c5"); })
                  .find("did you mean pci_1002_71c4") != std::string::npos);
    }
}

TEST_CASE("select_each: every match of every name, each once, in the order named") {
    Inventory inventory = host();
    CHECK(addresses(select_each(inventory, {"10de:1aef", "01:00", "01:00.0"})) ==
          List{"0000:01:00.1", "0000:01:00.0"});
    CHECK_THROWS_AS(select_each(inventory, {"01:00", "zz"}), Error);
}

TEST_CASE("lookup_device: exactly one device") {
    Inventory inventory = host();
    CHECK(lookup_device(inventory, "03:00.0").address == addr("03:00.0"));
    CHECK(lookup_device(inventory, "10de:2204").address == addr("01:00.0"));
    CHECK(lookup_device(inventory, "05:00").name == "pci_1002_71c4");
    SUBCASE("several matches are refused, listing them") {
        CHECK(bad_input_of([&] { lookup_device(inventory, "01:00"); }) ==
              "01:00 matches 2 devices: 0000:01:00.0, 0000:01:00.1; name one");
        CHECK(bad_input_of([&] { lookup_device(inventory, "8086:10c9"); }) ==
              "8086:10c9 matches 2 devices: 0000:03:00.0, 0000:03:00.1; name one");
    }
}

TEST_CASE("lookup_group: matches that share one IOMMU group name it") {
    Inventory inventory = host();
    CHECK(addresses(lookup_group(inventory, "01:00")) == List{"0000:01:00.0", "0000:01:00.1"});
    CHECK(addresses(lookup_group(inventory, "03:10.1")) == List{"0000:03:10.1"});
    SUBCASE("matches in different groups are refused, listing them") {
        CHECK(bad_input_of([&] { lookup_group(inventory, "03:00"); }) ==
              "03:00 matches 2 devices in different IOMMU groups: 0000:03:00.0, 0000:03:00.1; name one");
    }
    SUBCASE("devices with no IOMMU group share none") {
        PciDevice a = device("07:00.0", 0x1234, 0x5678, 0, {});
        PciDevice b = device("07:00.1", 0x1234, 0x5678, 0, {});
        a.iommu_group.reset();
        b.iommu_group.reset();
        Inventory ungrouped({a, b}, {});
        CHECK_THROWS_AS(lookup_group(ungrouped, "07:00"), Error);
        CHECK(lookup_group(ungrouped, "07:00.1").size() == 1);
    }
}

TEST_CASE("a refusal lists at most eight matches") {
    std::vector<PciDevice> vfs;
    const char* names[] = {"04:10.0", "04:10.1", "04:10.2", "04:10.3", "04:10.4",
                           "04:10.5", "04:10.6", "04:10.7", "04:11.0", "04:11.1"};
    int group = 10;
    for (const char* name : names) vfs.push_back(device(name, 0x8086, 0x10ca, group++, {name}));
    Inventory inventory(vfs, {});
    auto message = bad_input_of([&] { lookup_device(inventory, "8086:10ca"); });
    CHECK(message.find("8086:10ca matches 10 devices: 0000:04:10.0, ") == 0);
    CHECK(message.find("0000:04:11.0") == std::string::npos);
    CHECK(message.find(" and 2 more; name one") != std::string::npos);
}
