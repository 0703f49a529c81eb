// vpt vfs: what a PF's virtual functions look like, and the plan for
// changing their number (the values: core/sriov_vfs). Pure logic over what
// libvirt and sysfs reported; the command does the I/O.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "core/plan.hpp"
#include "core/sriov_vfs.hpp"
#include "host/sriov.hpp"
#include "virt/inventory_reader.hpp"

namespace vpt {

// Throws bad_input unless libvirt reports the device as an SR-IOV PF.
void require_sriov_pf(const PciDevice& device);

// `sysfs`: the PF's sysfs state when readable; `nets`: net children by
// parent node device; `sysfs_drivers`: VF drivers read from sysfs, used
// when libvirt does not report drivers.
VfsView build_vfs_view(const HostState& state, const PciDevice& pf, const std::optional<SriovState>& sysfs,
                       const std::map<std::string, NetChild>& nets,
                       const std::map<PciAddress, std::optional<std::string>>& sysfs_drivers,
                       std::optional<int> persisted_count);

const char* pool_step_name(PoolStep step);  // "restart", "start", "stop"

// Validates COUNT against sriov_totalvfs (bad_input); a guest holding the
// PF itself is a refusal. What depends on the VFs that disappear
// (`removed`) is for the dependents rule (core/device_dependents).
VfsPlan plan_vfs_change(const VfsView& view, const HostState& state, int count, bool persist);

// The change as the executor's steps, each with its undo: every count
// write (undone by writing the count before it), the boot-time count, then
// each pool's stop and start; with the plan's refusals.
Plan vfs_change_steps(const VfsView& view, const VfsPlan& plan);

}  // namespace vpt
