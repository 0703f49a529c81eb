#include <doctest/doctest.h>

#include "xml/domain_editor.hpp"
#include "xml/hotplug_controllers.hpp"
#include "xml/pci_slots.hpp"
#include "xml/schema_validator.hpp"

using namespace vpt;

namespace {

// A q35 guest as libvirt keeps it: one root port holds a disk, one is empty.
const char* q35_guest = R"(<domain type='kvm'>
  <name>q35-guest</name>
  <memory unit='KiB'>1048576</memory>
  <os>
    <type arch='x86_64' machine='pc-q35-7.2'>hvm</type>
  </os>
  <devices>
    <controller type='pci' index='0' model='pcie-root'/>
    <controller type='pci' index='1' model='pcie-root-port'>
      <address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>
    </controller>
    <controller type='pci' index='2' model='pcie-root-port'>
      <address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x1'/>
    </controller>
    <disk type='file' device='disk'>
      <source file='/var/lib/libvirt/images/q35-guest.qcow2'/>
      <target dev='vda' bus='virtio'/>
      <address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>
    </disk>
  </devices>
</domain>
)";

DomainEditor load(const char* xml) {
    auto editor = DomainEditor::load(xml);
    REQUIRE_MESSAGE(editor.ok(), editor.error());
    return std::move(editor).value();
}

HotplugSlots slots_of(const DomainEditor& editor) {
    auto slots = hotplug_slots(editor.xml());
    REQUIRE(slots.ok());
    return *slots;
}

}  // namespace

TEST_CASE("ensure_free_root_ports adds root ports up to the number asked for, once") {
    auto editor = load(q35_guest);
    REQUIRE(slots_of(editor).free_ports == 1);
    auto added = ensure_free_root_ports(editor, 3);
    REQUIRE_MESSAGE(added.ok(), added.error());
    CHECK(*added);
    CHECK(slots_of(editor).free_ports == 3);
    CHECK(validate_domain_xml(editor.xml()).ok());
    auto again = ensure_free_root_ports(editor, 3);
    REQUIRE(again.ok());
    CHECK_FALSE(*again);
    CHECK(slots_of(editor).free_ports == 3);
    auto fewer = ensure_free_root_ports(editor, 2);
    REQUIRE(fewer.ok());
    CHECK_FALSE(*fewer);
}

TEST_CASE("ensure_pci_bridge adds a pcie-to-pci-bridge and a root port for it, once") {
    auto editor = load(q35_guest);
    auto added = ensure_pci_bridge(editor);
    REQUIRE_MESSAGE(added.ok(), added.error());
    CHECK(*added);
    CHECK(slots_of(editor).free_pci_slots == 31);
    CHECK(slots_of(editor).free_ports == 2);  // the bridge takes one of them when libvirt defines it
    CHECK(editor.xml().find("<controller type='pci' model='pcie-to-pci-bridge'/>") != std::string::npos);
    CHECK(validate_domain_xml(editor.xml()).ok());
    auto again = ensure_pci_bridge(editor);
    REQUIRE(again.ok());
    CHECK_FALSE(*again);
}

TEST_CASE("hot-plug controllers are refused on a guest that is not q35") {
    std::string i440fx = q35_guest;
    i440fx.replace(i440fx.find("pc-q35-7.2"), 10, "pc-i440fx-7.2");
    auto editor = load(i440fx.c_str());
    auto ports = ensure_free_root_ports(editor, 2);
    REQUIRE_FALSE(ports.ok());
    CHECK(ports.error().find("q35") != std::string::npos);
    CHECK_FALSE(ensure_pci_bridge(editor).ok());
    CHECK_FALSE(editor.changed());
}
