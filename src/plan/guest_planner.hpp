// Planning device changes of a guest the right way for its state: the
// persistent config by editing the guest's own inactive XML and redefining
// it, the running guest by live attach/detach. Everything generated is
// validated against libvirt's schemas while planning; the steps run with
// the one executor, so a failed half is undone. The planners take the
// guest's XML as text, read before planning (cli/guest_targets).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/device_identity.hpp"
#include "core/pci_address.hpp"
#include "core/plan.hpp"

namespace vpt {

// The guest PCI slot a hot-plugged device takes in a q35 guest.
enum class GuestSlot {
    none,  // a placeholder: <address type='unassigned'/>
    pcie,  // a PCIe function: a pcie-root-port
    pci,   // a conventional PCI function: a slot on a PCI bridge
};

// One device element vpt adds or removes.
struct GuestDevice {
    std::optional<PciAddress> address;  // the host device (none for a pool interface)
    std::string label;                  // how messages name it
    std::string as;                     // "hostdev", "interface", "placeholder", "network"
    bool companion = false;
    std::string xml;                    // the element
    GuestSlot slot = GuestSlot::pcie;   // what it occupies in a q35 guest
    // Which physical device it is, recorded in the config's <metadata>
    // (none for a pool interface: libvirt picks the VF at start).
    std::optional<DeviceIdentity> identity;
};

// What the planners read of a guest: its name and the XML of the halves
// that change (none when that half does not).
struct GuestXml {
    std::string name;
    std::optional<std::string> config;  // the persistent definition
    std::optional<std::string> live;    // the running guest
};

// The steps that add the devices: the config defined with them (and the
// identity record of each device that has one), then each
// attached to the running guest (IOMMU-group companions first). A q35
// guest without the hot-plug slots they need gets a refusal in the plan.
// Throws before anything is planned when the XML cannot be built.
Plan plan_guest_additions(const GuestXml& guest, const std::vector<GuestDevice>& devices);

// The steps that take devices (by host address) out of the guest: the
// config defined without them and their identity records, then each detached from the running guest
// (waiting until the guest lets go).
Plan plan_guest_removals(const GuestXml& guest, const std::vector<PciAddress>& addresses);

// What to take out of a guest for a device that is no longer on the host
// (its bus was renumbered): `address` and the members of its recorded IOMMU
// group that the config holds. Empty when the config holds no device at
// `address`.
std::vector<PciAddress> removal_by_record(const std::string& guest, const std::string& config_xml,
                                          const PciAddress& address);

}  // namespace vpt
