#include <doctest/doctest.h>

#include "core/pci_address.hpp"

using vpt::PciAddress;

TEST_CASE("PciAddress::parse accepts the three forms users type") {
    PciAddress expected{0, 0x01, 0x00, 0};
    SUBCASE("sysfs form") { CHECK(*PciAddress::parse("0000:01:00.0") == expected); }
    SUBCASE("lspci form means domain 0") { CHECK(*PciAddress::parse("01:00.0") == expected); }
    SUBCASE("libvirt nodedev name") { CHECK(*PciAddress::parse("pci_0000_01_00_0") == expected); }
    SUBCASE("upper-case hex") {
        CHECK(*PciAddress::parse("0000:AF:1F.7") == PciAddress{0, 0xaf, 0x1f, 7});
    }
    SUBCASE("non-zero domain") {
        CHECK(*PciAddress::parse("10de:81:00.1") == PciAddress{0x10de, 0x81, 0, 1});
        CHECK(*PciAddress::parse("pci_0001_81_00_1") == PciAddress{1, 0x81, 0, 1});
    }
}

TEST_CASE("PciAddress::parse rejects malformed text and out-of-range fields") {
    for (const char* bad :
         {"", "1:00.0", "01:0.0", "01:00", "01:00.", "0000:01:00.08", "000:01:00.0", "00000:01:00.0",
          "01-00.0", "zz:00.0", "01:00.0 ", " 01:00.0", "pci_0000_01_00", "pci_1002_71c4",
          "pci_0000_01_00_0_0", "0000:01:00.0.0", "0000:0001:00.0", "+1:00.0"}) {
        CAPTURE(bad);
        auto parsed = PciAddress::parse(bad);
        CHECK_FALSE(parsed.ok());
    }
    SUBCASE("slot above 0x1f") {
        auto parsed = PciAddress::parse("00:20.0");
        REQUIRE_FALSE(parsed.ok());
        CHECK(parsed.error().find("out of range") != std::string::npos);
    }
    SUBCASE("function above 7") { CHECK_FALSE(PciAddress::parse("00:1f.8").ok()); }
    SUBCASE("the message quotes the input") {
        CHECK(PciAddress::parse("bogus").error().find("'bogus'") != std::string::npos);
    }
}

TEST_CASE("PciAddress prints one form and orders by domain, bus, slot, function") {
    PciAddress address{0, 0x81, 0x1f, 7};
    CHECK(address.str() == "0000:81:1f.7");
    CHECK(address.nodedev_name() == "pci_0000_81_1f_7");
    CHECK(*PciAddress::parse(address.str()) == address);
    CHECK(PciAddress{0, 1, 0, 0} < PciAddress{0, 1, 0, 1});
    CHECK(PciAddress{0, 1, 0x1f, 0} < PciAddress{0, 2, 0, 0});
    CHECK(PciAddress{0, 0xff, 0, 0} < PciAddress{1, 0, 0, 0});
}

TEST_CASE("PciAddress::from_fields checks ranges") {
    CHECK(PciAddress::from_fields(0xffff, 0xff, 0x1f, 7).ok());
    CHECK_FALSE(PciAddress::from_fields(0x10000, 0, 0, 0).ok());
    CHECK_FALSE(PciAddress::from_fields(0, 0x100, 0, 0).ok());
    CHECK_FALSE(PciAddress::from_fields(0, 0, 0x20, 0).ok());
    CHECK_FALSE(PciAddress::from_fields(0, 0, 0, 8).ok());
}
