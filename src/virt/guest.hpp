// A guest (libvirt domain) as vpt changes it: its XML, its config redefined,
// devices attached to and detached from the running guest.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "core/pci_address.hpp"
#include "virt/connection.hpp"

namespace vpt {

class Guest {
public:
    // Throws bad_input "unknown guest 'x'" with close matches.
    Guest(const Connection& connection, const std::string& name);

    const std::string& name() const { return name_; }
    bool running() const;
    bool persistent() const;

    std::string live_xml() const;
    std::string config_xml() const;  // the persistent (inactive) definition

    // virDomainDefineXMLFlags(..., VIR_DOMAIN_DEFINE_VALIDATE); throws on failure.
    void define(const std::string& xml) const;
    void attach_live(const std::string& device_xml) const;
    // Asks the guest to release a device; the removal itself is asynchronous.
    void detach_live(const std::string& device_xml) const;
    // Whether the running guest has a device with this source address.
    bool holds_live(const PciAddress& address) const;
    // The source addresses of every device the running guest holds.
    std::vector<PciAddress> held_live() const;
    virDomainPtr get() const { return domain_.get(); }

private:
    const Connection& connection_;
    std::string name_;
    DomainHandle domain_;
};

// The alias libvirt gave a live device element (<alias name='hostdev0'/>),
// which its removal events name it by; empty when it has none.
std::string device_alias(const std::string& device_xml);

// Every guest's name, for suggestions.
std::vector<std::string> guest_names(const Connection& connection);

}  // namespace vpt
