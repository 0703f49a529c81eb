// Starting and stopping libvirt networks by name. A VF-pool network
// (<forward mode='hostdev'>) builds its VF list when it starts, so after a
// PF's VF count changes the pool is restarted.
#pragma once

#include <string>

#include "virt/connection.hpp"

namespace vpt {

// Whether the network is running; throws bad_input for an unknown network.
bool network_is_active(const Connection& connection, const std::string& name);

// virNetworkDestroy, then virNetworkCreate. Throws a refusal naming the step
// that failed (after a failed start the network stays stopped, and says so).
void restart_network(const Connection& connection, const std::string& name);

}  // namespace vpt
