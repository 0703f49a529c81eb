// What a command starts from: a connection and the host's state read
// through it, plus the device lookups every command needs.
#pragma once

#include <string>

#include "cli/options.hpp"
#include "virt/connection.hpp"
#include "virt/inventory_reader.hpp"

namespace vpt {

class HostSession {
public:
    HostSession(const GlobalOptions& options, Access access);

    const Connection& connection() const { return connection_; }
    const Inventory& inventory() const { return state_.inventory; }
    const HostState& state() const { return state_; }
    // False on libvirt's test driver, which drops <driver> from nodedev XML.
    bool drivers_reported() const { return state_.inventory.drivers_reported(); }

    // Resolves a user's device name; throws bad_input with a helpful line.
    const PciDevice& device(const std::string& text) const;

private:
    Connection connection_;
    HostState state_;
};

}  // namespace vpt
