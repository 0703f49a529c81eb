// The plan of a host change: what will happen to each member of an IOMMU
// group, computed without side effects so --dry-run, the executor and the
// journal all work from the same value.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/pci_address.hpp"

namespace vpt {

enum class StepAction {
    detach_to_vfio,  // bind to vfio-pci (undo: give back to the host driver)
    reattach,        // give back to the host driver (undo: bind to vfio-pci again)
    skip,            // nothing to do; `reason` says why
};

// The action that reverses `action` (skip reverses to skip).
StepAction inverse(StepAction action);
const char* step_action_name(StepAction action);  // "detach", "reattach", "skip"

struct Step {
    PciAddress address;
    std::string nodedev_name;              // how libvirt names it
    std::string label;                     // "0000:01:00.1 (HD Audio Controller)"
    std::optional<std::string> driver;     // driver before the change, if known
    StepAction action = StepAction::skip;
    std::string reason;                    // why this action (always for skip)
};

enum class Operation { detach, reattach };
const char* operation_name(Operation operation);

struct Plan {
    Operation operation = Operation::detach;
    PciAddress target;                    // the device the user named
    std::optional<int> iommu_group;
    std::vector<Step> steps;              // in execution order
    std::vector<std::string> warnings;    // go ahead, but the user should know

    // Steps that change something.
    size_t change_count() const;
};

}  // namespace vpt
