// vpt edits a guest's own domain XML in place and hands the result back to
// libvirt. Whatever document loads, the editor must not crash and must give
// an unmodified document back byte for byte when it says it can. For a
// well-formed document, its edits (those of prepare, assign and unassign)
// must leave one that libvirt's XML parser, libxml2, still reads.
#include <libxml/parser.h>

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>

#include "require.hpp"
#include "xml/domain_editor.hpp"

namespace {

// A hostdev as assign adds it; its address is what unassign then removes.
constexpr std::string_view hostdev =
    "<hostdev mode='subsystem' type='pci' managed='yes'><source>"
    "<address domain='0x0000' bus='0x01' slot='0x00' function='0x0'/></source></hostdev>";
const vpt::PciAddress hostdev_address{0, 1, 0, 0};

// pugixml, which the editor uses, also loads text that is not XML (two
// roots, stray text after the root); libvirt would refuse that input before
// vpt saw it, so only what libxml2 reads is held to the round trip. Nor does
// libvirt's XML, a C string, ever hold a NUL byte: both parsers stop at one
// and ignore what follows, which the editor need not keep well-formed.
bool well_formed(std::string_view xml) {
    if (xml.find('\0') != std::string_view::npos) return false;
    xmlDocPtr doc = xmlReadMemory(xml.data(), int(xml.size()), nullptr, nullptr,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    xmlFreeDoc(doc);
    return doc != nullptr;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view xml(reinterpret_cast<const char*>(data), size);
    auto loaded = vpt::DomainEditor::load(xml);
    if (!loaded) return 0;
    auto editor = std::move(loaded).value();
    if (editor.round_trips_exactly()) VPT_FUZZ_REQUIRE(editor.xml() == xml);

    (void)editor.set_firmware_efi();
    (void)editor.set_machine_q35();
    (void)editor.add_intel_iommu();
    (void)editor.set_ioapic_qemu();
    VPT_FUZZ_REQUIRE(editor.add_device(hostdev));
    VPT_FUZZ_REQUIRE(editor.find_pci_device(hostdev_address));
    VPT_FUZZ_REQUIRE(!editor.remove_pci_devices({hostdev_address}).empty());
    VPT_FUZZ_REQUIRE(!editor.find_pci_device(hostdev_address));
    if (well_formed(xml)) VPT_FUZZ_REQUIRE(well_formed(editor.xml()));
    return 0;
}
