#include <doctest/doctest.h>

#include <pugixml.hpp>

#include "test_xml_support.hpp"
#include "xml/network_interface_xml.hpp"

using namespace vpt;
using namespace vpt::test;

namespace {

std::string generated(const NetworkInterfaceSpec& spec) {
    auto xml = network_interface_xml(spec);
    REQUIRE_MESSAGE(xml.ok(), xml.error());
    return *xml;
}

}  // namespace

TEST_CASE("network_interface_xml: the template filled") {
    SUBCASE("a pool and a MAC") {
        auto xml = generated({"sriov-pool", *MacAddress::parse("52:54:00:44:55:66")});
        check_golden(xml, "interface-network.xml");
        check_device_schema(xml);
    }
    SUBCASE("no MAC (libvirt picks one), a VLAN") {
        auto xml = generated({"sriov-pool-pf1", std::nullopt, 100});
        check_golden(xml, "interface-network-vlan.xml");
        check_device_schema(xml);
        CHECK(xml.find("<mac") == std::string::npos);
    }
}

TEST_CASE("network_interface_xml: a hostile network name stays a value") {
    const std::string name = "pool <x> & 'y' \"z\"";
    auto xml = generated({name, *MacAddress::parse("52:54:00:44:55:66")});
    check_golden(xml, "interface-network-hostile.xml");
    check_device_schema(xml);
    pugi::xml_document doc;
    REQUIRE(doc.load_string(xml.c_str()));
    CHECK(std::string(doc.child("interface").child("source").attribute("network").value()) == name);
    CHECK(doc.select_nodes("//*").size() == 3);

    // Markup in a name is a value; only '/' (libvirt forbids it) is refused.
    CHECK_FALSE(network_interface_xml({"x'/><hostdev mode='subsystem"}).ok());
    for (const char* injection : {"x' type='bridge' a='", "x\"><evil><a b=\"", "]]><!--", "&amp;&#x41;"}) {
        auto out = generated({injection});
        pugi::xml_document parsed;
        REQUIRE(parsed.load_string(out.c_str()));
        CHECK(std::string(parsed.child("interface").child("source").attribute("network").value()) == injection);
        CHECK(parsed.select_nodes("//*").size() == 2);
        check_device_schema(out);
    }
}

TEST_CASE("network_interface_xml refuses bad values") {
    CHECK(network_interface_xml({""}).error() == "network name must not be empty");
    CHECK(network_interface_xml({"a/b"}).error().find("'/'") != std::string::npos);
    CHECK(network_interface_xml({"a\nb"}).error().find("control") != std::string::npos);
    CHECK(network_interface_xml({"pool", MacAddress()}).error().find("00:00:00:00:00:00") != std::string::npos);
    CHECK(network_interface_xml({"pool", std::nullopt, 4095}).error().find("out of range") != std::string::npos);
}
