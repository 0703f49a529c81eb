// What a command starts from: a connection and the host's state read
// through it, plus the device lookups every command needs.
#pragma once

#include <string>
#include <vector>

#include "cli/options.hpp"
#include "virt/connection.hpp"
#include "virt/inventory_reader.hpp"

namespace vpt {

class HostSession {
public:
    // Connects to options.uri and warns when a change on this machine is unfinished.
    HostSession(const GlobalOptions& options, Access access);
    // Connects to `uri`, without the warning (one of several hosts read at once).
    HostSession(const std::string& uri, Access access);

    const Connection& connection() const { return connection_; }
    const Inventory& inventory() const { return state_.inventory; }
    const HostState& state() const { return state_; }
    // False on libvirt's test driver, which drops <driver> from nodedev XML.
    bool drivers_reported() const { return state_.inventory.drivers_reported(); }

    // Resolve what a user typed to name devices (see core/device_lookup):
    // each throws bad_input with a helpful line.
    // The one device named; a selector matching several is refused.
    const PciDevice& device(const std::string& text) const;
    // An SR-IOV PF named as a device is, or by its network interface
    // (enp3s0f0), as pool create --pf names it.
    const PciDevice& pf(const std::string& text) const;
    // Every device named, for a command that reads or takes several.
    std::vector<const PciDevice*> devices(const std::string& text) const;
    // Every device the texts name, each once, for a command that takes several.
    std::vector<const PciDevice*> devices(const std::vector<std::string>& texts) const;
    // The devices named when they are of one IOMMU group, for a command
    // that acts on a whole group.
    std::vector<const PciDevice*> group(const std::string& text) const;

private:
    // `lookup(text)`, with a non-PCI node device name explained as such.
    template <typename Lookup>
    auto explained(const std::string& text, Lookup lookup) const;

    Connection connection_;
    HostState state_;
};

}  // namespace vpt
