// The facts the dependents rule (core/device_dependents) needs, gathered
// for a command that takes devices away: the VFs that go with them, and
// the host-use guard run over those VFs' network interfaces under the
// guard's own rules (this machine only; not on libvirt's test driver). And
// the answer as JSON.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/host_session.hpp"
#include "core/device_dependents.hpp"

namespace vpt {

// What depends on the VFs of the PFs among `devices`, which the change
// takes (`loss`). `root`: host files below it (tests).
Dependents check_dependents(const HostSession& session, Loss loss, const std::vector<PciAddress>& devices,
                            const std::string& root);

// The same for VFs the caller already knows (vpt vfs reads them from sysfs).
Dependents check_vf_dependents(const HostSession& session, Loss loss, const std::vector<Taken>& taken,
                               const std::string& root);

// For --json: vfs (that vanish or are reset), items, guests (that lose
// them), force_needed, lost (what --force loses; null when not forced).
nlohmann::ordered_json dependents_json(const Dependents& dependents, bool force);

}  // namespace vpt
