#include <doctest/doctest.h>

#include "core/device_selector.hpp"
#include "test_pci_devices.hpp"

using namespace vpt;
using vpt::test::addr;

namespace {

DeviceSelector parsed(const char* text) {
    auto selector = DeviceSelector::parse(text);
    REQUIRE_MESSAGE(selector.ok(), selector.error());
    return *selector;
}

std::string error_of(const char* text) {
    auto selector = DeviceSelector::parse(text);
    REQUIRE_FALSE(selector.ok());
    return selector.error();
}

PciDevice with_ids(const char* address, uint32_t vendor, uint32_t product) {
    PciDevice device;
    device.address = addr(address);
    device.vendor_id = vendor;
    device.product_id = product;
    return device;
}

}  // namespace

TEST_CASE("DeviceSelector::parse takes an address, a slot or vendor:device") {
    SUBCASE("the three address forms name one function") {
        for (const char* text : {"01:00.0", "0000:01:00.0", "pci_0000_01_00_0"}) {
            CAPTURE(text);
            auto selector = parsed(text);
            CHECK(selector.kind == DeviceSelector::Kind::address);
            CHECK(selector.address == addr("01:00.0"));
            CHECK(selector.names_one());
        }
    }
    SUBCASE("a slot without its function, with or without the domain") {
        auto slot = parsed("01:00");
        CHECK(slot.kind == DeviceSelector::Kind::slot);
        CHECK(slot.address == PciAddress{0, 1, 0, 0});
        CHECK_FALSE(slot.names_one());
        CHECK(parsed("0000:01:00").kind == DeviceSelector::Kind::slot);
        CHECK(parsed("0001:81:1f").address == PciAddress{1, 0x81, 0x1f, 0});
    }
    SUBCASE("vendor:device as lspci -d takes it") {
        auto ids = parsed("10de:2204");
        CHECK(ids.kind == DeviceSelector::Kind::ids);
        CHECK(ids.vendor_id == 0x10de);
        CHECK(ids.product_id == 0x2204);
        CHECK_FALSE(ids.names_one());
    }
    SUBCASE("upper-case hex in every form") {
        CHECK(parsed("10DE:22Ab").product_id == 0x22ab);
        CHECK(parsed("AF:1F").address == PciAddress{0, 0xaf, 0x1f, 0});
        CHECK(parsed("0000:AF:1F.7").address == PciAddress{0, 0xaf, 0x1f, 7});
    }
}

TEST_CASE("DeviceSelector::parse refuses anything else, saying which forms it takes") {
    for (const char* bad : {"", "1:0", "1:00", "01:0", "001:00", "0:01:00", "00000:01:00", "10de:220", "10de:22045",
                            "10d:2204", "10de:zz04", "0x10de:2204", "10de:-204", ":", "01:", ":00", "01:00:",
                            "0000:01:00:00", "10de::2204", "zz", "01 00", " 01:00", "01:00 ", "+1:00",
                            "10de:2204:0000", "10de_2204", "net_eth0"}) {
        CAPTURE(bad);
        CHECK(error_of(bad).find("malformed device name '" + std::string(bad) + "'") == 0);
    }
    SUBCASE("the message lists every form") {
        auto message = error_of("zz");
        for (const char* form : {"0000:01:00.0", "01:00.0", "pci_0000_01_00_0", "01:00", "10de:2204"})
            CHECK(message.find(form) != std::string::npos);
    }
    SUBCASE("text with a function or libvirt's prefix is an address, and told as one") {
        CHECK(error_of("01:00.").find("malformed PCI address '01:00.'") == 0);
        CHECK(error_of("pci_0000_01_00").find("malformed PCI address") == 0);
        CHECK(error_of("00:00.8").find("out of range") != std::string::npos);
    }
    SUBCASE("a slot above 1f is out of range") {
        CHECK(error_of("01:20") == "invalid PCI slot '01:20': slot out of range (00 to 1f)");
        CHECK(error_of("0000:01:ff").find("out of range") != std::string::npos);
    }
}

TEST_CASE("DeviceSelector::matches") {
    auto gpu = with_ids("0000:01:00.0", 0x10de, 0x2204);
    auto audio = with_ids("0000:01:00.1", 0x10de, 0x1aef);
    auto other_domain = with_ids("0001:01:00.0", 0x10de, 0x2204);
    auto next_slot = with_ids("0000:01:01.0", 0x8086, 0x10ca);

    SUBCASE("an address: that function only") {
        auto selector = parsed("01:00.1");
        CHECK(selector.matches(audio));
        CHECK_FALSE(selector.matches(gpu));
    }
    SUBCASE("a slot: its functions, in its domain and bus only") {
        auto selector = parsed("01:00");
        CHECK(selector.matches(gpu));
        CHECK(selector.matches(audio));
        CHECK_FALSE(selector.matches(other_domain));
        CHECK_FALSE(selector.matches(next_slot));
        CHECK(parsed("0001:01:00").matches(other_domain));
    }
    SUBCASE("vendor:device: both ids, wherever the device is") {
        auto selector = parsed("10de:2204");
        CHECK(selector.matches(gpu));
        CHECK(selector.matches(other_domain));
        CHECK_FALSE(selector.matches(audio));
        CHECK_FALSE(parsed("2204:10de").matches(gpu));
    }
}

TEST_CASE("ids_str prints vendor:device as lspci does") {
    CHECK(ids_str(0x10de, 0x2204) == "10de:2204");
    CHECK(ids_str(0x8086, 0xa) == "8086:000a");
}
