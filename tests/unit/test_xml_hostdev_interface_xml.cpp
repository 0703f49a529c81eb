#include <doctest/doctest.h>

#include <pugixml.hpp>
#include <vector>

#include "test_xml_support.hpp"
#include "xml/hostdev_interface_xml.hpp"

using namespace vpt;
using namespace vpt::test;

namespace {

PciAddress addr(const char* text) { return *PciAddress::parse(text); }
MacAddress mac(const char* text) { return *MacAddress::parse(text); }

std::string generated(const HostdevInterfaceSpec& spec) {
    auto xml = hostdev_interface_xml(spec);
    REQUIRE_MESSAGE(xml.ok(), xml.error());
    return *xml;
}

}  // namespace

TEST_CASE("hostdev_interface_xml: the template filled") {
    SUBCASE("a VF with its MAC") {
        auto xml = generated({addr("03:10.4"), true, mac("52:54:00:6D:90:02")});
        check_golden(xml, "interface-hostdev.xml");
        check_device_schema(xml);
    }
    SUBCASE("unmanaged, with VLAN, boot order and guest address") {
        HostdevInterfaceSpec spec{addr("03:10.4"), false, mac("52:54:00:6d:90:02")};
        spec.vlan = 42;
        spec.boot_order = 1;
        spec.guest_address = addr("00:08.0");
        auto xml = generated(spec);
        check_golden(xml, "interface-hostdev-vlan.xml");
        check_device_schema(xml);
    }
    SUBCASE("an 802.1Qbh port profile with a hostile profile id") {
        HostdevInterfaceSpec spec{addr("03:10.6"), true, mac("52:54:00:0a:0b:0c")};
        spec.virtualport = VirtualPortSpec{"802.1Qbh", {{"profileid", "finance <&> 'q' \"d\""}}};
        auto xml = generated(spec);
        check_golden(xml, "interface-hostdev-virtualport.xml");
        check_device_schema(xml);
        pugi::xml_document doc;
        REQUIRE(doc.load_string(xml.c_str()));
        CHECK(std::string(doc.select_node("//parameters").node().attribute("profileid").value()) ==
              "finance <&> 'q' \"d\"");
    }
    SUBCASE("a generated MAC") {
        auto xml = generated({addr("03:10.4"), true, MacAddress::generate()});
        CHECK(xml.find("<mac address='52:54:00:") != std::string::npos);
        check_device_schema(xml);
    }
}

TEST_CASE("hostdev_interface_xml refuses what libvirt would refuse") {
    struct Case {
        HostdevInterfaceSpec spec;
        const char* expected;
    };
    auto with = [](auto change) {
        HostdevInterfaceSpec spec{addr("03:10.4"), true, mac("52:54:00:6d:90:02")};
        change(spec);
        return spec;
    };
    for (const auto& c : std::vector<Case>{
             {with([](auto& s) { s.mac = MacAddress(); }), "needs a MAC address"},
             {with([](auto& s) { s.vlan = 0; }), "VLAN id 0 is out of range"},
             {with([](auto& s) { s.vlan = 4095; }), "VLAN id 4095 is out of range"},
             {with([](auto& s) { s.boot_order = 0; }), "boot order"},
             {with([](auto& s) { s.virtualport = VirtualPortSpec{"802.1Qbh", {}}; }),
              "needs the parameter profileid"},
             {with([](auto& s) { s.virtualport = VirtualPortSpec{"openvswitch", {}}; }),
              "not supported on a hostdev interface"},
             {with([](auto& s) {
                  s.virtualport = VirtualPortSpec{"802.1Qbh", {{"profileid", "p"}}};
                  s.vlan = 5;
              }),
              "both a VLAN and a virtualport"},
         }) {
        auto xml = hostdev_interface_xml(c.spec);
        REQUIRE_FALSE(xml.ok());
        CHECK_MESSAGE(xml.error().find(c.expected) != std::string::npos, xml.error());
    }
}
