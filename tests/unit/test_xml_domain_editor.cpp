#include <doctest/doctest.h>

#include <pugixml.hpp>
#include <sstream>

#include "test_xml_support.hpp"
#include "xml/domain_editor.hpp"
#include "xml/hostdev_xml.hpp"

using namespace vpt;
using namespace vpt::test;

namespace {

PciAddress addr(const char* text) { return *PciAddress::parse(text); }

std::string rich_guest() { return read_text_file(std::string(VPT_FIXTURES) + "/domains/rich-guest.xml"); }

DomainEditor load(const std::string& xml) {
    auto editor = DomainEditor::load(xml);
    REQUIRE_MESSAGE(editor.ok(), editor.error());
    return std::move(editor).value();
}

size_t count(const std::string& text, const std::string& what) {
    size_t n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

// The canonical form of `xml` after removing what `strip` removes.
std::string canonical_without(const std::string& xml, void (*strip)(pugi::xml_document&)) {
    pugi::xml_document doc;
    REQUIRE(doc.load_string(xml.c_str()));
    strip(doc);
    std::ostringstream text;
    doc.save(text, "", pugi::format_raw | pugi::format_no_declaration);
    auto canonical = canonical_xml(text.str());
    REQUIRE(canonical.ok());
    return *canonical;
}

// What `vpt prepare` owns in a guest's XML.
void strip_prepare_nodes(pugi::xml_document& doc) {
    auto domain = doc.child("domain");
    domain.child("os").remove_attribute("firmware");
    domain.child("os").child("type").remove_attribute("machine");
    domain.child("devices").remove_child("iommu");
    auto features = domain.child("features");
    features.remove_child("ioapic");
    if (!features.first_child()) domain.remove_child(features);
}

}  // namespace

TEST_CASE("DomainEditor: an unmodified document comes back byte for byte") {
    SUBCASE("a rich guest full of XML vpt does not know") {
        auto xml = rich_guest();
        auto editor = load(xml);
        CHECK(editor.round_trips_exactly());
        CHECK(editor.xml() == xml);
        CHECK_FALSE(editor.changed());
    }
    SUBCASE("declaration, doctype-free prologue, entities, CDATA, PIs, CRLF and tabs") {
        std::string xml =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<!-- head -->\r\n"
            "<domain type=\"kvm\">\r\n\t<name>a&amp;b&#x41;</name>\r\n"
            "\t<title attr=\"x&#10;y\t z\">t&apos;&quot;</title>\r\n"
            "\t<?vpt-test keep me?>\r\n\t<metadata><![CDATA[<raw> & ]]></metadata>\r\n"
            "</domain>\r\n<!-- tail -->\r\n";
        auto editor = load(xml);
        CHECK(editor.round_trips_exactly());
        CHECK(editor.xml() == xml);
    }
    SUBCASE("one line, no layout at all") {
        std::string xml = "<domain type='kvm'><name>x</name><devices><disk type='file'/></devices></domain>";
        CHECK(load(xml).xml() == xml);
    }
    SUBCASE("what cannot be reproduced is said so, and stays well-formed") {
        auto editor = load("<domain type='kvm' id=\"1\"><name>it's</name><title a=\"it's\"/></domain>\n");
        CHECK_FALSE(editor.round_trips_exactly());
        pugi::xml_document doc;
        CHECK(doc.load_string(editor.xml().c_str()));
        CHECK(std::string(doc.child("domain").child("title").attribute("a").value()) == "it's");
        CHECK(editor.xml().back() == '\n');
    }
    SUBCASE("what follows the root is kept whole, even a comment naming </domain>") {
        auto editor = load("<domain type=\"kvm\"><name a='x'/></domain>\n<!-- </domain> -->\n<?pi y?>\n");
        CHECK_FALSE(editor.round_trips_exactly());
        CHECK(editor.xml() == "<domain type=\"kvm\"><name a=\"x\"/></domain>\n<!-- </domain> -->\n<?pi y?>\n");
    }
    SUBCASE("not a domain") {
        CHECK(DomainEditor::load("<network/>").error() == "domain XML has no <domain> root");
        CHECK(DomainEditor::load("<domain>").error().find("malformed domain XML") == 0);
    }
}

TEST_CASE("DomainEditor::add_device") {
    auto xml = rich_guest();
    auto device = hostdev_xml({addr("02:00.0")});
    REQUIRE(device.ok());

    SUBCASE("appended last in <devices>, indented like its siblings") {
        auto editor = load(xml);
        REQUIRE(editor.add_device(*device).ok());
        CHECK(editor.changed());
        auto edited = editor.xml();
        CHECK(edited.find("    </rng>\n"
                          "    <hostdev mode='subsystem' type='pci' managed='yes'>\n"
                          "      <driver name='vfio'/>\n"
                          "      <source>\n"
                          "        <address domain='0x0000' bus='0x02' slot='0x00' function='0x0'/>\n"
                          "      </source>\n"
                          "    </hostdev>\n"
                          "  </devices>\n") != std::string::npos);
        CHECK(validate_domain_xml(edited).ok());
        CHECK(editor.find_pci_device(addr("02:00.0")).has_value());

        // Taking it out again restores the input exactly.
        auto removed = editor.remove_pci_devices({addr("02:00.0")});
        REQUIRE(removed.size() == 1);
        CHECK(editor.xml() == xml);
    }
    SUBCASE("into a one-line guest: inline") {
        auto editor = load("<domain type='kvm'><name>x</name><devices><disk type='file'/></devices></domain>");
        REQUIRE(editor.add_device("<hostdev type='pci'><source><address bus='0x2' slot='0' function='0'/></source></hostdev>").ok());
        CHECK(editor.xml() == "<domain type='kvm'><name>x</name><devices><disk type='file'/><hostdev type='pci'><source>"
                              "<address bus='0x2' slot='0' function='0'/></source></hostdev></devices></domain>");
    }
    SUBCASE("into an empty or missing <devices>") {
        auto empty = load("<domain type='kvm'>\n  <name>x</name>\n  <devices/>\n</domain>\n");
        REQUIRE(empty.add_device("<watchdog model='i6300esb'/>").ok());
        CHECK(empty.xml() == "<domain type='kvm'>\n  <name>x</name>\n  <devices>\n    <watchdog model='i6300esb'/>\n"
                             "  </devices>\n</domain>\n");
        auto missing = load("<domain type='kvm'>\n  <name>x</name>\n</domain>\n");
        REQUIRE(missing.add_device("<watchdog model='i6300esb'/>").ok());
        CHECK(missing.xml() == "<domain type='kvm'>\n  <name>x</name>\n  <devices>\n    <watchdog model='i6300esb'/>\n"
                               "  </devices>\n</domain>\n");
    }
    SUBCASE("a guest indented with tabs and double quotes keeps its style") {
        auto editor = load("<domain type=\"kvm\">\n\t<devices>\n\t\t<disk type=\"file\"/>\n\t</devices>\n</domain>");
        REQUIRE(editor.add_device("<interface type='network'><source network='it&apos;s \"x\"'/></interface>").ok());
        CHECK(editor.xml() == "<domain type=\"kvm\">\n\t<devices>\n\t\t<disk type=\"file\"/>\n"
                              "\t\t<interface type=\"network\">\n\t\t\t<source network=\"it&apos;s &quot;x&quot;\"/>\n"
                              "\t\t</interface>\n\t</devices>\n</domain>");
        pugi::xml_document doc;
        REQUIRE(doc.load_string(editor.xml().c_str()));
        CHECK(std::string(doc.select_node("//source").node().attribute("network").value()) == "it's \"x\"");
    }
    SUBCASE("malformed device XML changes nothing") {
        auto editor = load(xml);
        CHECK(editor.add_device("<hostdev").error().find("malformed device XML") == 0);
        CHECK_FALSE(editor.changed());
        CHECK(editor.xml() == xml);
    }
}

TEST_CASE("DomainEditor::remove_pci_devices and find_pci_device") {
    auto xml = rich_guest();
    auto editor = load(xml);

    SUBCASE("finds hostdevs and hostdev interfaces by their source address") {
        auto gpu = editor.find_pci_device(addr("19:00.0"));
        REQUIRE(gpu.has_value());
        CHECK(gpu->find("<rom bar='on'/>") != std::string::npos);
        auto vf = editor.find_pci_device(addr("03:10.4"));
        REQUIRE(vf.has_value());
        CHECK(vf->rfind("<interface type='hostdev'", 0) == 0);
        // A guest-side address is not a source address.
        CHECK_FALSE(editor.find_pci_device(addr("00:06.0")).has_value());
        CHECK_FALSE(editor.find_pci_device(addr("02:00.0")).has_value());
    }
    SUBCASE("removes exactly those, and nothing else changes") {
        auto removed = editor.remove_pci_devices({addr("19:00.0"), addr("03:10.4"), addr("7f:00.0")});
        REQUIRE(removed.size() == 2);
        CHECK(removed[0].rfind("<interface type='hostdev'", 0) == 0);  // document order
        CHECK(removed[1].find("bus='0x19' slot='0x00' function='0x0'") != std::string::npos);
        // Each is well-formed device XML (what a live detach is given).
        for (const auto& device : removed) CHECK(canonical_xml(device).ok());

        auto edited = editor.xml();
        CHECK(count(edited, "<hostdev ") == 2);  // 19:00.1 and the USB one stay
        CHECK(edited.find("function='0x1'/>\n      </source>") != std::string::npos);
        CHECK(edited.find("<interface type='network'>") != std::string::npos);
        CHECK(edited.find("\n\n") == xml.find("\n\n"));  // no blank line left behind
        CHECK(validate_domain_xml(edited).ok());

        auto strip_removed = [](pugi::xml_document& doc) {
            auto devices = doc.child("domain").child("devices");
            for (auto node : {devices.find_child_by_attribute("interface", "type", "hostdev"),
                              devices.find_child_by_attribute("hostdev", "type", "pci")})
                devices.remove_child(node);
        };
        CHECK(canonical_without(xml, strip_removed) == *canonical_xml(edited));
    }
    SUBCASE("nothing to remove leaves the document as it was") {
        CHECK(editor.remove_pci_devices({addr("02:00.0")}).empty());
        CHECK_FALSE(editor.changed());
        CHECK(editor.xml() == xml);
    }
}

TEST_CASE("DomainEditor: the edits vpt prepare makes") {
    auto xml = rich_guest();

    SUBCASE("on a BIOS i440fx guest: q35 is refused, the rest is made, everything else kept") {
        auto editor = load(xml);
        CHECK(editor.set_firmware_efi().value());
        auto q35 = editor.set_machine_q35();
        REQUIRE_FALSE(q35.ok());
        CHECK(q35.error().find("i440fx") != std::string::npos);
        CHECK(editor.add_intel_iommu().value());
        CHECK(editor.set_ioapic_qemu().value());
        auto edited = editor.xml();
        CHECK(edited.find("  <os firmware='efi'>\n    <type arch='x86_64' machine='pc-i440fx-7.2'>hvm</type>") != std::string::npos);
        CHECK(edited.find("    <vmport state='off'/>\n    <ioapic driver='qemu'/>\n  </features>") != std::string::npos);
        CHECK(edited.find("    </rng>\n"
                          "    <iommu model='intel'>\n"
                          "      <driver intremap='on' caching_mode='on'/>\n"
                          "    </iommu>\n"
                          "  </devices>") != std::string::npos);
        auto valid = validate_domain_xml(edited);
        CHECK_MESSAGE(valid.ok(), (valid.ok() ? "" : valid.error()));
        CHECK(canonical_without(edited, strip_prepare_nodes) == canonical_without(xml, strip_prepare_nodes));
        // Comments, entities and the foreign namespaces are still there as written.
        CHECK(edited.find("<!-- kept by the inventory tool; vpt must not touch it -->") != std::string::npos);
        CHECK(edited.find("&quot;tier 2&quot;, team&apos;s box.") != std::string::npos);
        CHECK(edited.find("<![CDATA[GPU <reserved> for CUDA & ROCm jobs]]>") != std::string::npos);

        SUBCASE("a second run changes nothing") {
            auto again = load(edited);
            CHECK_FALSE(again.set_firmware_efi().value());
            CHECK_FALSE(again.add_intel_iommu().value());
            CHECK_FALSE(again.set_ioapic_qemu().value());
            CHECK_FALSE(again.changed());
            CHECK(again.xml() == edited);
        }
    }
    SUBCASE("a pc machine without an i440fx PCI layout becomes q35") {
        auto editor = load("<domain type='kvm'><os><type machine='pc'>hvm</type></os><devices/></domain>");
        CHECK(editor.set_machine_q35().value());
        CHECK(editor.xml().find("machine='q35'") != std::string::npos);
    }
    SUBCASE("a q35 machine version is kept") {
        auto editor = load("<domain type='kvm'><os><type machine='pc-q35-7.2'>hvm</type></os></domain>");
        CHECK_FALSE(editor.set_machine_q35().value());
        CHECK(editor.xml() == "<domain type='kvm'><os><type machine='pc-q35-7.2'>hvm</type></os></domain>");
    }
    SUBCASE("no <os> or <os><type>") {
        auto editor = load("<domain type='kvm'><name>x</name></domain>");
        CHECK(editor.set_firmware_efi().error().find("no <os>") != std::string::npos);
        CHECK(editor.set_machine_q35().error().find("no <os><type>") != std::string::npos);
    }
    SUBCASE("an intel <iommu> of the guest's own gets only the two attributes") {
        auto editor = load("<domain type='kvm'>\n  <devices>\n    <iommu model='intel'>\n"
                           "      <driver caching_mode='off' iotlb='on'/>\n    </iommu>\n  </devices>\n</domain>");
        CHECK(editor.add_intel_iommu().value());
        CHECK(editor.xml() == "<domain type='kvm'>\n  <devices>\n    <iommu model='intel'>\n"
                              "      <driver caching_mode='on' iotlb='on' intremap='on'/>\n    </iommu>\n"
                              "  </devices>\n</domain>");
        auto bare = load("<domain type='kvm'>\n  <devices>\n    <iommu model='intel'/>\n  </devices>\n</domain>");
        CHECK(bare.add_intel_iommu().value());
        CHECK(bare.xml() == "<domain type='kvm'>\n  <devices>\n    <iommu model='intel'>\n"
                            "      <driver intremap='on' caching_mode='on'/>\n    </iommu>\n  </devices>\n</domain>");
    }
    SUBCASE("an <iommu> of another model is refused, not replaced") {
        std::string guest = "<domain type='kvm'><devices><iommu model='virtio'/></devices></domain>";
        auto editor = load(guest);
        auto result = editor.add_intel_iommu();
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().find("<iommu model='virtio'>") != std::string::npos);
        CHECK(editor.xml() == guest);
    }
    SUBCASE("<features> is created after <os> when missing") {
        auto editor = load("<domain type='kvm'>\n  <os>\n    <type>hvm</type>\n  </os>\n  <clock offset='utc'/>\n</domain>");
        CHECK(editor.set_ioapic_qemu().value());
        CHECK(editor.xml() == "<domain type='kvm'>\n  <os>\n    <type>hvm</type>\n  </os>\n  <features>\n"
                              "    <ioapic driver='qemu'/>\n  </features>\n  <clock offset='utc'/>\n</domain>");
    }
    SUBCASE("an <ioapic driver='kvm'> is switched to qemu") {
        auto editor = load("<domain><features><acpi/><ioapic driver='kvm'/></features></domain>");
        CHECK(editor.set_ioapic_qemu().value());
        CHECK(editor.xml() == "<domain><features><acpi/><ioapic driver='qemu'/></features></domain>");
    }
}

TEST_CASE("DomainEditor::set_pcihole64") {
    SUBCASE("q35: on the pcie-root controller, then already so, then replaced") {
        auto editor = load("<domain type='kvm'><os><type machine='pc-q35-7.2'>hvm</type></os>\n  <devices>\n"
                           "    <controller type='pci' index='0' model='pcie-root'/>\n  </devices>\n</domain>");
        CHECK(editor.set_pcihole64(67108864).value());
        CHECK(editor.xml().find("    <controller type='pci' index='0' model='pcie-root'>\n"
                                "      <pcihole64 unit='KiB'>67108864</pcihole64>\n"
                                "    </controller>\n") != std::string::npos);
        auto again = load(editor.xml());
        CHECK_FALSE(again.set_pcihole64(67108864).value());
        CHECK_FALSE(again.changed());
        CHECK(again.set_pcihole64(134217728).value());
        CHECK(again.xml().find("134217728") != std::string::npos);
        CHECK(again.xml().find("67108864") == std::string::npos);
    }
    SUBCASE("i440fx without a root controller: a pci-root is added, valid for libvirt's schema") {
        auto editor = load("<domain type='kvm'><name>g</name><memory>1048576</memory>"
                           "<os><type arch='x86_64' machine='pc-i440fx-7.2'>hvm</type></os><devices/></domain>");
        CHECK(editor.set_pcihole64(1048576).value());
        INFO(editor.xml());
        CHECK(editor.xml().find("<controller type='pci' index='0' model='pci-root'>") != std::string::npos);
        CHECK(editor.xml().find("<pcihole64 unit='KiB'>1048576</pcihole64>") != std::string::npos);
        auto valid = validate_domain_xml(editor.xml());
        CHECK_MESSAGE(valid.ok(), (valid.ok() ? "" : valid.error()));
    }
    SUBCASE("another machine type is refused") {
        auto editor = load("<domain type='kvm'><os><type machine='virt'>hvm</type></os></domain>");
        auto result = editor.set_pcihole64(1048576);
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().find("q35 or i440fx") != std::string::npos);
        CHECK_FALSE(editor.changed());
    }
}
