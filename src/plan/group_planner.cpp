#include "plan/group_planner.hpp"

#include "core/command_text.hpp"
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

// The guests holding a member, but for the one letting go of it in the same plan.
std::vector<Holder> other_holders(const Inventory& inventory, const PciDevice& member, const std::string& releasing) {
    std::vector<Holder> holders;
    for (const auto& holder : inventory.holders(member.address))
        if (releasing.empty() || holder.guest != releasing) holders.push_back(holder);
    return holders;
}

void set_action(Step& step, StepAction action, std::string reason) {
    step.action = action;
    step.undo_action = inverse(action);
    step.reason = std::move(reason);
}

void require_group(const PciDevice& device) {
    if (device.is_bridge())
        throw bad_input(describe(device) + " is " + bridge_kind(device) +
                        ": vpt leaves bridges to the host; name an endpoint device");
    if (!device.iommu_group)
        throw refused(describe(device) + " has no IOMMU group: the IOMMU is off or unsupported "
                                         "(see '" + command_text({"vpt", "check", device.address.str()}) + "')");
}

Plan plan_group(const Inventory& inventory, const PciDevice& device, Operation operation,
                const std::string& releasing = "") {
    require_group(device);
    Plan plan;
    plan.operation = operation;
    plan.target = device.address.str();
    plan.iommu_group = device.iommu_group;
    for (const PciDevice* member : inventory.group_of(device)) {
        Step step = step_for(*member);
        auto holders = other_holders(inventory, *member, releasing);
        for (const auto& holder : holders) {
            if (!holder.active) continue;
            throw refused(describe(*member) + " is in use by running guest '" + holder.guest +
                          "' (" + holder_kind_name(holder.kind) + "); " +
                          (operation == Operation::detach
                               ? "it is already passed through"
                               : "take it back and give it to the host with '" +
                                     command_text({"vpt", "unassign", holder.guest, member->address.str(),
                                                   "--reattach"}) +
                                     "'"));
        }
        if (member->is_bridge()) {
            step.reason = "bridge: left alone";
        } else if (operation == Operation::detach) {
            if (member->is_vfio_bound()) {
                step.reason = "already on vfio-pci";
            } else {
                set_action(step, StepAction::detach_to_vfio,
                           member->driver ? "unbind from " + *member->driver : "bind to vfio-pci");
            }
        } else {
            for (const auto& holder : holders)
                plan.warnings.push_back(describe(*member) + " is in the config of shut-off guest '" +
                                        holder.guest + "': libvirt takes it again when it starts");
            if (member->driver && !member->is_vfio_bound()) {
                step.reason = "already on host driver " + *member->driver;
            } else {
                set_action(step, StepAction::reattach,
                           member->driver ? "unbind from vfio-pci" : "let the host probe its driver");
            }
        }
        plan.steps.push_back(std::move(step));
    }
    return plan;
}

}  // namespace

Plan plan_group_reset(const Inventory& inventory, const PciDevice& device) {
    require_group(device);
    Plan plan;
    plan.operation = Operation::reset;
    plan.target = device.address.str();
    plan.iommu_group = device.iommu_group;
    for (const PciDevice* member : inventory.group_of(device)) {
        Step step = step_for(*member);
        if (member->is_bridge()) {
            step.reason = "bridge: left alone";
            plan.steps.push_back(std::move(step));
            continue;
        }
        for (const auto& holder : inventory.holders(member->address)) {
            if (!holder.active) continue;
            plan.refusals.push_back(describe(*member) + " is in use by running guest '" + holder.guest +
                                    "'; take it out first with '" +
                                    command_text({"vpt", "unassign", holder.guest, member->address.str()}) + "'");
        }
        if (member->driver && !member->is_vfio_bound())
            plan.refusals.push_back(describe(*member) + " is in use by host driver " + *member->driver +
                                    ", which a reset would pull it from under; give the group to vfio-pci "
                                    "first with '" + command_text({"vpt", "detach", device.address.str()}) + "'");
        step.action = StepAction::reset_device;
        step.undo_action = StepAction::skip;  // nothing undoes a reset
        // What libvirt's reset does with it (virPCIDeviceReset): it leaves a
        // vfio-pci device to vfio-pci, which resets it whenever a guest opens
        // or releases it, and a device with FLR to the guest's start and stop.
        step.reason = member->driver ? "on vfio-pci: libvirt leaves the reset to vfio-pci"
                                     : "no driver: libvirt resets it unless it has FLR";
        plan.steps.push_back(std::move(step));
    }
    return plan;
}

Plan plan_group_detach(const Inventory& inventory, const PciDevice& device) {
    return plan_group(inventory, device, Operation::detach);
}

Plan plan_group_reattach(const Inventory& inventory, const PciDevice& device, const std::string& releasing_guest) {
    return plan_group(inventory, device, Operation::reattach, releasing_guest);
}

}  // namespace vpt
