#include <doctest/doctest.h>

#include "test_pci_devices.hpp"

using namespace vpt;

TEST_CASE("is_bridge_class: every kind of bridge, and nothing else") {
    for (uint32_t code : {0x060000u, 0x060100u, 0x060400u, 0x060401u, 0x060700u, 0x060940u}) {
        CAPTURE(code);
        CHECK(is_bridge_class(code));
    }
    for (uint32_t code : {0x020000u, 0x030000u, 0x010802u, 0x0c0500u, 0x0c0330u, 0x068000u, 0x000000u}) {
        CAPTURE(code);
        CHECK_FALSE(is_bridge_class(code));
    }
}

TEST_CASE("PciDevice::is_bridge and is_platform_bridge") {
    auto with_class = [](uint32_t code) { return test::make_device("00:1f.0", std::nullopt, 7, {"00:1f.0"}, code); };
    SUBCASE("host and ISA/LPC bridges are bridges with an endpoint's header") {
        for (uint32_t code : {0x060000u, 0x060100u}) {
            CAPTURE(code);
            CHECK(with_class(code).is_bridge());
            CHECK(with_class(code).is_platform_bridge());
        }
    }
    SUBCASE("a PCI bridge is a bridge, not a platform bridge") {
        CHECK(with_class(0x060400).is_bridge());
        CHECK_FALSE(with_class(0x060400).is_platform_bridge());
    }
    SUBCASE("libvirt's pci-bridge capability makes a bridge whatever the class says") {
        auto device = with_class(0x088000);
        device.pci_bridge_capability = true;
        CHECK(device.is_bridge());
        CHECK_FALSE(device.is_platform_bridge());
    }
    SUBCASE("an endpoint, and a device whose class libvirt did not give") {
        CHECK_FALSE(with_class(0x0c0500).is_bridge());
        auto unknown = with_class(0);
        unknown.class_code.reset();
        CHECK_FALSE(unknown.is_bridge());
        CHECK_FALSE(unknown.is_platform_bridge());
    }
}

TEST_CASE("bridge_kind names the bridge in messages") {
    auto with_class = [](uint32_t code) { return test::make_device("00:00.0", std::nullopt, 0, {"00:00.0"}, code); };
    CHECK(bridge_kind(with_class(0x060000)) == "a host bridge");
    CHECK(bridge_kind(with_class(0x060100)) == "an ISA/LPC bridge");
    CHECK(bridge_kind(with_class(0x060700)) == "a CardBus bridge");
    CHECK(bridge_kind(with_class(0x060400)) == "a PCI bridge or root port");
    CHECK(bridge_kind(with_class(0x060940)) == "a PCI bridge or root port");
}
