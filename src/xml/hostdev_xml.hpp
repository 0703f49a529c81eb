// <hostdev mode='subsystem' type='pci'>: a host PCI device given to a guest.
#pragma once

#include <optional>
#include <string>

#include "core/pci_address.hpp"
#include "core/result.hpp"

namespace vpt {

struct HostdevSpec {
    PciAddress source;                        // the device on the host
    bool managed = true;                      // libvirt detaches/reattaches it with the guest
    std::optional<bool> rom_bar;              // <rom bar='on|off'/>
    std::optional<std::string> rom_file;      // <rom file='/abs/path'/>
    std::optional<unsigned> boot_order;       // <boot order='N'/>, N >= 1
    std::optional<PciAddress> guest_address;  // <address type='pci' .../> in the guest
    bool unassigned = false;                  // <address type='unassigned'/>: libvirt manages
                                              // the device but the guest does not see it
};

// The <hostdev> element, from xml-templates/hostdev-pci.xml. Fails (and
// emits nothing) on a bad value: a relative ROM path, boot order 0, or an
// unassigned device that also has a guest address, boot order or ROM.
Result<std::string> hostdev_xml(const HostdevSpec& spec);

}  // namespace vpt
