// Starting and stopping libvirt networks by name. A VF-pool network
// (<forward mode='hostdev'>) builds its VF list when it starts, so after a
// PF's VF count changes the pool is restarted.
#pragma once

#include <string>

#include "virt/connection.hpp"

namespace vpt {

struct NetworkState {
    bool active = false;
    bool persistent = false;  // a transient network disappears when it is stopped
    bool autostart = false;
};

// Throws bad_input for an unknown network.
NetworkState network_state(const Connection& connection, const std::string& name);

// virNetworkDestroy (when running), then virNetworkCreate. Throws a refusal
// naming the step that failed; after a failed start the network stays
// stopped, and the message says so.
void restart_network(const Connection& connection, const std::string& name);
// virNetworkCreate of a network that is not running.
void start_network(const Connection& connection, const std::string& name);
// virNetworkDestroy of a running network.
void stop_network(const Connection& connection, const std::string& name);

}  // namespace vpt
