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
    // Polls the live XML until no device with this source address remains or
    // `timeout` passes; true when it is gone.
    bool wait_until_released(const PciAddress& address, std::chrono::milliseconds timeout) const;

private:
    const Connection& connection_;
    std::string name_;
    DomainHandle domain_;
};

// Every guest's name, for suggestions.
std::vector<std::string> guest_names(const Connection& connection);

}  // namespace vpt
