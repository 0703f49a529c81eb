#include <doctest/doctest.h>

#include <pugixml.hpp>
#include <vector>

#include "test_xml_support.hpp"
#include "xml/pool_network_xml.hpp"

using namespace vpt;
using namespace vpt::test;

namespace {

PciAddress addr(const char* text) { return *PciAddress::parse(text); }

std::string generated(const PoolSpec& spec) {
    auto xml = pool_network_xml(spec);
    REQUIRE_MESSAGE(xml.ok(), xml.error());
    return *xml;
}

}  // namespace

TEST_CASE("pool_network_xml: the template filled") {
    SUBCASE("by PF") {
        auto xml = generated({"sriov-pool", "enp3s0f0"});
        check_golden(xml, "network-hostdev-pool.xml");
        check_network_schema(xml);
    }
    SUBCASE("by VF list, with a VLAN") {
        auto xml = generated({"sriov-pool-pf1", std::nullopt, {addr("03:10.1"), addr("03:10.3")}, 100});
        check_golden(xml, "network-hostdev-pool-vfs.xml");
        check_network_schema(xml);
    }
    SUBCASE("a hostile name is text, not markup") {
        const std::string name = "pool <x> & 'y' \"z\"";
        auto xml = generated({name, "enp3s0f0"});
        check_golden(xml, "network-hostdev-pool-hostile.xml");
        check_network_schema(xml);
        pugi::xml_document doc;
        REQUIRE(doc.load_string(xml.c_str()));
        CHECK(std::string(doc.child("network").child_value("name")) == name);
    }
}

TEST_CASE("pool_network_xml refuses bad pools") {
    struct Case {
        PoolSpec spec;
        const char* expected;
    };
    for (const auto& c : std::vector<Case>{
             {{"", "enp3s0f0"}, "pool name must not be empty"},
             {{"a/b", "enp3s0f0"}, "must not contain '/'"},
             {{"pool"}, "either a PF interface or a list of VFs"},
             {{"pool", "enp3s0f0", {addr("03:10.1")}}, "either a PF interface or a list of VFs"},
             {{"pool", "enp3s0f0'/>"}, "invalid interface name"},
             {{"pool", "", {}}, "interface name must not be empty"},
             {{"pool", std::nullopt, {addr("03:10.1"), addr("03:10.3"), addr("03:10.1")}},
              "0000:03:10.1 is listed twice"},
             {{"pool", "enp3s0f0", {}, 0}, "VLAN id 0"},
         }) {
        auto xml = pool_network_xml(c.spec);
        REQUIRE_FALSE(xml.ok());
        CHECK_MESSAGE(xml.error().find(c.expected) != std::string::npos, xml.error());
    }
}
