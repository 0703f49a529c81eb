#include <doctest/doctest.h>

#include <pugixml.hpp>
#include <vector>

#include "test_xml_support.hpp"
#include "xml/hostdev_xml.hpp"

using namespace vpt;
using namespace vpt::test;

namespace {

PciAddress addr(const char* text) { return *PciAddress::parse(text); }

std::string generated(const HostdevSpec& spec) {
    auto xml = hostdev_xml(spec);
    REQUIRE_MESSAGE(xml.ok(), xml.error());
    return *xml;
}

}  // namespace

TEST_CASE("hostdev_xml: the template filled") {
    SUBCASE("a managed device, nothing else") {
        auto xml = generated({addr("19:00.0")});
        check_golden(xml, "hostdev-pci.xml");
        check_device_schema(xml);
        // libvirt's layout: two-space indent, single quotes, "<a/>".
        CHECK(xml.find("  <driver name='vfio'/>\n") != std::string::npos);
        CHECK(xml.back() == '\n');
    }
    SUBCASE("every option") {
        HostdevSpec spec{addr("0000:19:00.0")};
        spec.managed = false;
        spec.rom_bar = false;
        spec.rom_file = "/usr/share/vgabios/rx6800.rom";
        spec.boot_order = 2;
        spec.guest_address = addr("05:00.0");
        auto xml = generated(spec);
        check_golden(xml, "hostdev-pci-full.xml");
        check_device_schema(xml);
    }
    SUBCASE("an unassigned placeholder") {
        HostdevSpec spec{addr("3f:00.0")};
        spec.unassigned = true;
        auto xml = generated(spec);
        check_golden(xml, "hostdev-pci-unassigned.xml");
        check_device_schema(xml);
    }
    SUBCASE("rom bar alone") {
        HostdevSpec spec{addr("19:00.0")};
        spec.rom_bar = true;
        auto xml = generated(spec);
        CHECK(xml.find("<rom bar='on'/>") != std::string::npos);
        check_device_schema(xml);
    }
}

TEST_CASE("hostdev_xml: a hostile ROM path is escaped, never markup") {
    HostdevSpec spec{addr("19:00.0")};
    spec.rom_file = "/roms/<a> & 'b' \"c\".rom";
    auto xml = generated(spec);
    check_golden(xml, "hostdev-pci-hostile-rom.xml");
    check_device_schema(xml);
    pugi::xml_document doc;
    REQUIRE(doc.load_string(xml.c_str()));
    CHECK(std::string(doc.child("hostdev").child("rom").attribute("file").value()) == *spec.rom_file);
    CHECK(doc.child("hostdev").select_nodes("//*").size() == 5);  // no injected element
}

TEST_CASE("hostdev_xml refuses bad values and emits nothing") {
    struct Case {
        HostdevSpec spec;
        const char* expected;
    };
    auto with = [](auto change) {
        HostdevSpec spec{addr("19:00.0")};
        change(spec);
        return spec;
    };
    for (const auto& c : std::vector<Case>{
             {with([](auto& s) { s.rom_file = "vbios.rom"; }), "must be an absolute path"},
             {with([](auto& s) { s.rom_file = "/roms/x\n.rom"; }), "control characters"},
             {with([](auto& s) { s.boot_order = 0; }), "boot order must be 1 or more"},
             {with([](auto& s) {
                  s.unassigned = true;
                  s.guest_address = addr("05:00.0");
              }),
              "cannot also have a guest address"},
             {with([](auto& s) {
                  s.unassigned = true;
                  s.boot_order = 1;
              }),
              "cannot be a boot device"},
             {with([](auto& s) {
                  s.unassigned = true;
                  s.rom_bar = false;
              }),
              "no ROM"},
         }) {
        auto xml = hostdev_xml(c.spec);
        REQUIRE_FALSE(xml.ok());
        CHECK_MESSAGE(xml.error().find(c.expected) != std::string::npos, xml.error());
    }
}
