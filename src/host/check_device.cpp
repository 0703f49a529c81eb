// vpt check DEV: the device's IOMMU group, whether the host depends on a
// member of it, how the device can be reset, and its SR-IOV capacity.
#include "core/text_list.hpp"
#include "core/command_text.hpp"
#include "core/viability.hpp"
#include "host/checks.hpp"
#include "host/host_use_guard.hpp"

namespace vpt {
namespace {

std::string group_name(const PciDevice& device) {
    return device.iommu_group ? "IOMMU group " + std::to_string(*device.iommu_group)
                              : std::string("no IOMMU group");
}

}  // namespace

Verdict check_device_group(const Inventory& inventory, const PciDevice& device) {
    if (device.is_bridge())
        return fail(describe(device) + " is " + bridge_kind(device) +
                        ": bridges stay with the host and are never assigned",
                    "assign an endpoint device instead");
    GroupVerdict verdict = assess_group(inventory, device);
    auto members = inventory.group_of(device);
    size_t endpoints = 0;
    for (const auto* member : members) endpoints += member->is_bridge() ? 0 : 1;
    std::string shape = group_name(device) + " (" + plural(members.size(), "device", "devices") + ", " +
                        plural(endpoints, "endpoint", "endpoints") + ")";
    if (!device.iommu_group)
        return fail(verdict.reasons.empty() ? describe(device) + " has no IOMMU group"
                                            : verdict.reasons.front().text,
                    "enable the IOMMU (the checks above); without it no device can be assigned");
    if (verdict.viable) return pass(shape + ": viable, every endpoint is free of host drivers and guests");
    // A member a guest holds must come back from it before the group can
    // go anywhere else: name the command for the first such member.
    std::string release;
    for (const auto* member : members)
        if (const auto& holders = inventory.holders(member->address); !holders.empty() && release.empty())
            release = "; " + member->address.str() + " is in guest '" + holders.front().guest + "': " +
                      release_command(holders.front(), member->address) + " takes it back";
    return warn(shape + " is not viable yet: " + join(verdict.reason_texts(), "; "),
                "the whole group goes to the guest together: " + command_text({"vpt", "detach", device.address.str()}) +
                    " detaches every endpoint" + release);
}

Verdict check_device_host_use(const HostFs& fs, const Inventory& inventory, const PciDevice& device) {
    std::vector<PciAddress> endpoints;
    for (const auto* member : inventory.group_of(device))
        if (!member->is_bridge()) endpoints.push_back(member->address);
    auto uses = find_host_uses(fs, endpoints);
    if (uses.empty())
        return pass("the host uses no device of " + group_name(device) +
                    " (no mounted disk, swap, LVM/md member, addressed or bridged NIC, boot display)");
    std::vector<std::string> reasons;
    for (const auto& use : uses) reasons.push_back(use.reason);
    return fail("the host depends on " + group_name(device) + ": " + join(reasons, "; "),
                "detaching the group would take this away from the running host; move what the "
                "host uses elsewhere (another disk, NIC or display), or pick a device in another "
                "group");
}

Verdict check_device_reset(const HostFs& fs, const PciAddress& address) {
    auto dir = pci_device_dir(address);
    if (!fs.exists(dir)) return skip("no sysfs entry " + dir.string());
    const std::string consequence =
        "it cannot be reset between guests and may keep state or fail after a guest reboot";
    // The known workarounds, most specific first. A reset_method write can
    // only pick among methods the kernel probed, so 'default' is the one
    // override that can help: it re-probes after a quirk or earlier write.
    const std::string no_reset_fix =
        "prefer a device with Function Level Reset; AMD GPUs (Polaris, Vega, Navi 10) have the "
        "out-of-tree vendor-reset module; 'echo default > reset_method' re-probes if an earlier "
        "write emptied it; otherwise keep the guest running (shut it down rather than reboot "
        "it, and do not move the device between guests) and reboot the host to reset the device";
    if (auto methods = fs.read_text(dir / "reset_method")) {
        if (methods->empty())
            return warn("no reset method (reset_method is empty): " + consequence, no_reset_fix);
        std::string list = *methods;
        for (char& c : list)
            if (c == ' ') c = ',';
        bool flr = (" " + *methods + " ").find(" flr ") != std::string::npos;
        return pass("reset methods: " + list + (flr ? " (Function Level Reset)" : ""));
    }
    // Kernels before 5.15 have no reset_method; 'reset' exists when any method works.
    if (fs.exists(dir / "reset")) return pass("resettable (the kernel offers a reset)");
    return warn("no reset method: " + consequence, no_reset_fix);
}

Verdict check_device_sriov(const HostFs& fs, const PciAddress& address) {
    auto dir = pci_device_dir(address);
    if (!fs.exists(dir)) return skip("no sysfs entry " + dir.string());
    if (fs.exists(dir / "physfn")) {
        auto pf = fs.link_target_name(dir / "physfn");
        return pass("a virtual function" + (pf ? " of " + *pf : std::string()));
    }
    auto total = fs.read_text(dir / "sriov_totalvfs");
    if (!total) return skip("not SR-IOV capable");
    std::string enabled = fs.read_text(dir / "sriov_numvfs").value_or("?");
    std::string text = "physical function: " + enabled + " of " + *total + " VFs enabled";
    if (enabled == "0") text += " (" + command_text({"vpt", "vfs", address.str(), "COUNT"}) + " creates them)";
    return pass(text);
}

}  // namespace vpt
