// Which guest holds a PCI device, and through which kind of XML.
#pragma once

#include <optional>
#include <string>

#include "core/pci_address.hpp"

namespace vpt {

struct Holder {
    enum class Kind {
        hostdev,      // <hostdev mode='subsystem' type='pci'>
        interface,    // <interface type='hostdev'>
        network,      // <interface type='network'> on a VF-pool network
        placeholder,  // <hostdev> with <address type='unassigned'/>: held, not shown to the guest
    };
    std::string guest;
    Kind kind = Kind::hostdev;
    std::optional<std::string> network;  // the pool network, for Kind::network
    bool active = false;                 // in the running guest (not only its config)

    bool operator==(const Holder&) const = default;
};

// The word used in output and JSON ("hostdev", "interface", ...).
const char* holder_kind_name(Holder::Kind kind);

// "guest 'win10' (hostdev, running)", "guest 'ci' (interface, in its config)".
std::string holder_text(const Holder& holder);

// The command that takes `address` back from `holder`, as a message names
// it: "vpt unassign web 0000:01:00.0"; for a pool interface, which names no
// address in the guest's config, libvirt's "virsh detach-interface web
// network --config --live".
std::string release_command(const Holder& holder, const PciAddress& address);

// A device a guest's XML refers to, before it is matched to the inventory.
struct HeldDevice {
    PciAddress address;
    Holder holder;
};

}  // namespace vpt
