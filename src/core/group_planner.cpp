#include "core/group_planner.hpp"

#include "core/error.hpp"
#include "core/viability.hpp"

namespace vpt {
namespace {

Step step_for(const PciDevice& member) {
    Step step;
    step.address = member.address;
    step.nodedev_name = member.name;
    step.label = describe(member);
    step.driver = member.driver;
    return step;
}

const Holder* running_holder(const Inventory& inventory, const PciDevice& member) {
    for (const auto& holder : inventory.holders(member.address))
        if (holder.active) return &holder;
    return nullptr;
}

Plan plan_group(const Inventory& inventory, const PciDevice& device, Operation operation) {
    if (device.is_bridge())
        throw bad_input(describe(device) + " is a PCI bridge or root port: vpt leaves those to the "
                                           "host; name an endpoint behind it");
    if (!device.iommu_group)
        throw refused(describe(device) + " has no IOMMU group: the IOMMU is off or unsupported "
                                         "(see 'vpt check')");
    Plan plan;
    plan.operation = operation;
    plan.target = device.address;
    plan.iommu_group = device.iommu_group;
    for (const PciDevice* member : inventory.group_of(device)) {
        Step step = step_for(*member);
        if (const Holder* holder = running_holder(inventory, *member))
            throw refused(describe(*member) + " is in use by running guest '" + holder->guest +
                          "' (" + holder_kind_name(holder->kind) + "); " +
                          (operation == Operation::detach ? "it is already passed through"
                                                          : "shut it down or 'vpt unassign' it first"));
        if (member->is_bridge()) {
            step.reason = "bridge: left alone";
        } else if (operation == Operation::detach) {
            if (member->is_vfio_bound()) {
                step.reason = "already on vfio-pci";
            } else {
                step.action = StepAction::detach_to_vfio;
                step.reason = member->driver ? "unbind from " + *member->driver : "bind to vfio-pci";
            }
        } else {
            for (const auto& holder : inventory.holders(member->address))
                plan.warnings.push_back(describe(*member) + " is in the config of shut-off guest '" +
                                        holder.guest + "': libvirt takes it again when it starts");
            if (member->driver && !member->is_vfio_bound()) {
                step.reason = "already on host driver " + *member->driver;
            } else {
                step.action = StepAction::reattach;
                step.reason = member->driver ? "unbind from vfio-pci" : "let the host probe its driver";
            }
        }
        plan.steps.push_back(std::move(step));
    }
    return plan;
}

}  // namespace

Plan plan_group_detach(const Inventory& inventory, const PciDevice& device) {
    return plan_group(inventory, device, Operation::detach);
}

Plan plan_group_reattach(const Inventory& inventory, const PciDevice& device) {
    return plan_group(inventory, device, Operation::reattach);
}

}  // namespace vpt
