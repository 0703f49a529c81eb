#include "core/next_step.hpp"

#include <algorithm>

#include "core/command_text.hpp"

namespace vpt {
namespace {

// Lower numbers come first: a device held by a guest must be released
// before `vpt detach` takes the group (it refuses a held device).
int order(ReasonCode code) {
    switch (code) {
        case ReasonCode::no_iommu_group: return 0;
        case ReasonCode::held_by_guest: return 1;
        case ReasonCode::host_driver: return 2;
        case ReasonCode::driver_unknown: return 3;
        case ReasonCode::bridge_host_driver: return 4;
        case ReasonCode::member_unknown: return 5;
        case ReasonCode::only_bridges: return 6;
    }
    return 7;
}

NextStep step_for(const Reason& reason, const PciDevice& device) {
    std::string member = reason.member.str();
    switch (reason.code) {
        case ReasonCode::no_iommu_group:
            return {reason.code, "vpt check", "says how to turn the IOMMU on; without it no device can be assigned"};
        case ReasonCode::held_by_guest:
            return {reason.code, command_text({"vpt", "unassign", reason.guest.value_or("GUEST"), member}),
                    "takes " + member + " and its group companions out of guest '" + reason.guest.value_or("") +
                        "'",
                    reason.guest};
        case ReasonCode::host_driver: {
            // One detach frees every endpoint: name the device asked about
            // when it is one, so the command reads as the user's own.
            std::string target = device.is_bridge() ? member : device.address.str();
            return {reason.code, command_text({"vpt", "detach", target}),
                    "detaches every endpoint of the group from its host driver to vfio-pci"};
        }
        case ReasonCode::driver_unknown:
            return {reason.code, std::nullopt,
                    "this connection does not report host drivers: connect to the host's own libvirt "
                    "(qemu:///system) to tell"};
        case ReasonCode::bridge_host_driver:
            return {reason.code, std::nullopt,
                    member + " is a host or ISA/LPC bridge that stays with the host: no vpt command frees this "
                             "group; move the device to a slot in another IOMMU group, or use firmware or a "
                             "platform that isolates it (ACS)"};
        case ReasonCode::member_unknown:
            return {reason.code, std::nullopt,
                    "libvirt does not list " + member + ": reconnect after libvirt has rescanned the host's devices"};
        case ReasonCode::only_bridges:
            return {reason.code, "vpt list --groups", "bridges stay with the host: choose an endpoint in another group"};
    }
    return {reason.code, std::nullopt, reason.text, std::nullopt};
}

}  // namespace

std::vector<NextStep> next_steps(const GroupVerdict& verdict, const PciDevice& device) {
    std::vector<const Reason*> reasons;
    for (const auto& reason : verdict.reasons) reasons.push_back(&reason);
    std::stable_sort(reasons.begin(), reasons.end(),
                     [](const Reason* a, const Reason* b) { return order(a->code) < order(b->code); });
    std::vector<NextStep> steps;
    for (const Reason* reason : reasons) {
        // unassign takes a device's group companions with it: one command
        // per guest, naming the device asked about when that guest holds it.
        Reason named = *reason;
        if (reason->code == ReasonCode::held_by_guest)
            for (const auto& other : verdict.reasons)
                if (other.code == reason->code && other.guest == reason->guest && other.member == device.address)
                    named.member = device.address;
        if (reason->code == ReasonCode::held_by_guest &&
            std::any_of(steps.begin(), steps.end(), [&](const NextStep& s) { return s.guest == reason->guest; }))
            continue;
        NextStep step = step_for(named, device);
        if (std::find(steps.begin(), steps.end(), step) == steps.end()) steps.push_back(std::move(step));
    }
    return steps;
}

}  // namespace vpt
