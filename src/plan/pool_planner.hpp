// Plans of the VF-pool network changes: `pool create` and `pool delete` as
// steps with their undo. Pure logic over the host state.
#pragma once

#include <string>

#include "core/host_state.hpp"
#include "core/plan.hpp"

namespace vpt {

// Define the network from `xml`, set it to start at boot (unless not
// `autostart`), start it.
Plan plan_pool_create(const std::string& name, const std::string& xml, bool autostart);

// Stop it starting at boot, stop it, undefine it; `xml` is its definition,
// which undoing the undefine defines again. Throws bad_input for no such
// pool. The guests that use it are pool_dependents (core/device_dependents).
Plan plan_pool_delete(const HostState& state, const std::string& name, const std::string& xml);

}  // namespace vpt
