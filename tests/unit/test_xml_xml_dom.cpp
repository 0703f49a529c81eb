#include <doctest/doctest.h>

#include <filesystem>
#include <pugixml.hpp>

#include "test_xml_support.hpp"
#include "xml/xml_templates.hpp"

using namespace vpt;
using namespace vpt::test;

namespace {

bool has_placeholder(const pugi::xml_node& element) {
    for (auto attribute : element.attributes())
        if (!*attribute.value()) return true;
    return false;
}

// Every element and attribute of the template appears in `golden`, in the
// same order, with the template's value unless that is an empty placeholder
// or managed='yes' (a default the generators switch). An element holding a
// placeholder (<mac address=''/>) may be left out when it has no value.
bool has_shape_of(const pugi::xml_node& shape, const pugi::xml_node& golden, std::string& why) {
    if (std::string_view(shape.name()) != golden.name()) {
        why = std::string("<") + golden.name() + "> where the template has <" + shape.name() + ">";
        return false;
    }
    for (auto attribute : shape.attributes()) {
        auto actual = golden.attribute(attribute.name());
        if (!actual) {
            why = std::string("<") + shape.name() + "> lacks " + attribute.name();
            return false;
        }
        bool variable = !*attribute.value() || std::string_view(attribute.name()) == "managed";
        if (!variable && std::string_view(attribute.value()) != actual.value()) {
            why = std::string("<") + shape.name() + "> changes " + attribute.name();
            return false;
        }
    }
    auto next = golden.first_child();
    for (auto child : shape.children()) {
        if (child.type() != pugi::node_element) continue;
        auto from = next;
        while (next && std::string_view(next.name()) != child.name()) next = next.next_sibling();
        if (!next && has_placeholder(child)) {
            next = from;
            continue;
        }
        if (!next) {
            why = std::string("no <") + child.name() + "> under <" + shape.name() + ">";
            return false;
        }
        if (!has_shape_of(child, next, why)) return false;
        next = next.next_sibling();
    }
    return true;
}

}  // namespace

TEST_CASE("the templates are embedded, well-formed and the base of the goldens") {
    auto templates = xml_templates::all();
    REQUIRE(templates.size() == 4);
    CHECK(templates[0].file == "hostdev-pci.xml");
    CHECK(xml_templates::hostdev_pci == templates[0].text);
    for (const auto& entry : templates) {
        CAPTURE(entry.file);
        // The embedded bytes are the file's bytes.
        CHECK(entry.text == read_text_file(std::string(VPT_SOURCE_DIR) + "/xml-templates/" + std::string(entry.file)));
        auto shape = load_template(entry.text);
        std::string stem(entry.file.substr(0, entry.file.size() - 4));
        int goldens = 0;
        for (const auto& file : std::filesystem::directory_iterator(VPT_GOLDEN)) {
            std::string name = file.path().filename().string();
            if (name != stem + ".xml" && name.rfind(stem + "-", 0) != 0) continue;
            if (stem == "interface-hostdev" && name.rfind("interface-hostdev", 0) != 0) continue;
            CAPTURE(name);
            pugi::xml_document golden_doc;
            REQUIRE(golden_doc.load_string(golden(name).c_str()));
            std::string why;
            CHECK_MESSAGE(has_shape_of(shape->document_element(), golden_doc.document_element(), why), why);
            ++goldens;
        }
        CHECK(goldens >= 1);
    }
}

TEST_CASE("canonical_xml compares content, not layout") {
    auto a = canonical_xml("<a x='1' y=\"2\">\n  <!-- note -->\n  <b>t&amp;</b>\n  <c/>\n</a>\n");
    auto b = canonical_xml("<?xml version='1.0'?><a y='2' x='1'><b>t&#38;</b><c></c></a>");
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    CHECK(*a == *b);
    CHECK(*canonical_xml("<a x='1'/>") != *canonical_xml("<a x='2'/>"));
    CHECK(*canonical_xml("<a><b/><c/></a>") != *canonical_xml("<a><c/><b/></a>"));
    CHECK_FALSE(canonical_xml("<a>").ok());
    CHECK_FALSE(canonical_xml("").ok());
}

TEST_CASE("element_text writes libvirt's layout") {
    pugi::xml_document doc;
    auto root = doc.append_child("hostdev");
    root.append_attribute("mode") = "subsystem";
    root.append_child("driver").append_attribute("name") = "vfio";
    auto source = root.append_child("source");
    set_pci_address(source.append_child("address"), *PciAddress::parse("0000:81:1f.7"));
    root.append_child("name").text() = "a<b";
    CHECK(element_text(root) ==
          "<hostdev mode='subsystem'>\n"
          "  <driver name='vfio'/>\n"
          "  <source>\n"
          "    <address domain='0x0000' bus='0x81' slot='0x1f' function='0x7'/>\n"
          "  </source>\n"
          "  <name>a&lt;b</name>\n"
          "</hostdev>\n");
}

TEST_CASE("set_attribute and set_pci_address fill placeholders in place") {
    pugi::xml_document doc;
    doc.load_string("<address type='pci' domain='' bus='' slot='' function=''/>");
    auto address = doc.child("address");
    set_pci_address(address, *PciAddress::parse("03:10.4"));
    set_attribute(address, "multifunction", "on");
    CHECK(element_text(address) ==
          "<address type='pci' domain='0x0000' bus='0x03' slot='0x10' function='0x4' multifunction='on'/>\n");
}

TEST_CASE("holds_all_of: what vpt wrote, with libvirt's additions beside it and its own order") {
    const std::string written =
        "<domain type='kvm'><name>g</name><os><type arch='x86_64'>hvm</type></os><devices>"
        "<disk type='file'><source file='/d.qcow2'/></disk>"
        "<hostdev mode='subsystem' type='pci' managed='yes'><source><address domain='0x0000' bus='0x02' "
        "slot='0x00' function='0x0'/></source></hostdev></devices></domain>";
    // libvirt's form: a machine, addresses and a controller added; devices in its order; its layout
    const std::string stored =
        "<domain type='kvm'>\n  <name>g</name>\n  <uuid>1</uuid>\n  <os>\n"
        "    <type arch='x86_64' machine='pc-i440fx-7.2'>hvm</type>\n  </os>\n  <devices>\n"
        "    <controller type='pci' index='0' model='pci-root'/>\n"
        "    <hostdev mode='subsystem' type='pci' managed='yes'>\n      <source>\n"
        "        <address domain='0x0000' bus='0x02' slot='0x00' function='0x0'/>\n      </source>\n"
        "      <address type='pci' domain='0x0000' bus='0x00' slot='0x05' function='0x0'/>\n    </hostdev>\n"
        "    <disk type='file'>\n      <source file='/d.qcow2'/>\n    </disk>\n  </devices>\n</domain>\n";
    CHECK(holds_all_of(stored, written));
    CHECK(holds_all_of(written, written));
    SUBCASE("anything of the write missing or different is not held") {
        CHECK_FALSE(holds_all_of(stored, "<domain type='kvm'><name>h</name></domain>"));
        CHECK_FALSE(holds_all_of(stored, "<domain type='qemu'><name>g</name></domain>"));
        std::string other_device = written;
        other_device.replace(other_device.find("bus='0x02'"), 10, "bus='0x03'");
        CHECK_FALSE(holds_all_of(stored, other_device));
        std::string other_text = written;
        other_text.replace(other_text.find(">hvm<"), 5, ">xen<");
        CHECK_FALSE(holds_all_of(stored, other_text));
        // one written element is held by one stored element, not by the same one twice
        std::string two_disks = written;
        two_disks.insert(two_disks.find("<hostdev"), "<disk type='file'><source file='/d.qcow2'/></disk>");
        CHECK_FALSE(holds_all_of(stored, two_disks));
        CHECK_FALSE(holds_all_of(stored, "<domain"));
        CHECK_FALSE(holds_all_of("<domain", written));
    }
}
