// <interface type='hostdev'>: an SR-IOV virtual function given to a guest
// as a network interface, with the MAC (and VLAN or port profile) libvirt
// sets on the VF before the guest starts.
#pragma once

#include <optional>
#include <string>

#include "core/mac_address.hpp"
#include "core/pci_address.hpp"
#include "core/result.hpp"
#include "xml/virtualport.hpp"

namespace vpt {

struct HostdevInterfaceSpec {
    PciAddress source;                         // the VF on the host
    bool managed = true;
    MacAddress mac;                            // required (MacAddress::generate() for a new one)
    std::optional<unsigned> vlan;              // 1-4094: <vlan><tag id='N'/></vlan>
    std::optional<VirtualPortSpec> virtualport;
    std::optional<unsigned> boot_order;        // >= 1
    std::optional<PciAddress> guest_address;   // <address type='pci' .../> in the guest
};

// The <interface type='hostdev'> element, from
// xml-templates/interface-hostdev.xml. Fails (and emits nothing) on a bad
// value, and on what libvirt accepts in XML but refuses when the guest
// starts: a virtualport other than 802.1Qbh, or a VLAN with a virtualport.
Result<std::string> hostdev_interface_xml(const HostdevInterfaceSpec& spec);

}  // namespace vpt
