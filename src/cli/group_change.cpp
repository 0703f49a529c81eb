#include "cli/group_change.hpp"

#include <iostream>
#include <optional>

#include "cli/change_session.hpp"
#include "cli/dependents_check.hpp"
#include "cli/host_use_check.hpp"
#include "core/viability.hpp"
#include "host/persist_plan.hpp"
#include "plan/group_planner.hpp"

namespace vpt {
namespace {

// The group's endpoints (bridges stay with the host and are never bound).
std::vector<PciAddress> endpoints_of(const Inventory& inventory, const PciDevice& device) {
    std::vector<PciAddress> endpoints;
    for (const PciDevice* member : inventory.group_of(device))
        if (!member->is_bridge()) endpoints.push_back(member->address);
    return endpoints;
}

// The host files a boot binding is written to: the live host's, or those
// below --root. A remote host or libvirt's test driver has none here, and
// --force does not change that: this machine's /etc is not the host's.
HostFs boot_files(const HostSession& session, const std::string& root) {
    if (!root.empty()) return HostFs(root);
    const HostLocality& locality = session.connection().locality();
    if (locality.test_driver())
        throw bad_input("--persist changes the host's boot configuration; libvirt's test driver has none");
    if (!locality.local())
        throw refused("--persist writes the host's /etc, and libvirt's host is not this machine (" +
                      locality.reason + "): run vpt on the host itself");
    return HostFs("/");
}

// Appends (detach) or prepends (reattach) the boot half of the change.
void add_boot_half(Plan& plan, const HostSession& session, const PciDevice& device, const HostFs& fs,
                   Operation operation) {
    std::vector<BootEndpoint> endpoints;
    for (const auto& address : endpoints_of(session.inventory(), device)) {
        const PciDevice& member = *session.inventory().find(address);
        endpoints.push_back({address, describe(member), {member.vendor_id, member.product_id, member.class_code}});
    }
    BootFacts facts = read_boot_facts(fs, endpoints);
    if (operation == Operation::detach) {
        plan.append(plan_boot_binding(facts));
        return;
    }
    Plan boot = plan_boot_unbinding(facts);
    boot.operation = plan.operation;
    boot.target = plan.target;
    boot.iommu_group = plan.iommu_group;
    boot.append(plan);
    plan = std::move(boot);
}

bool rebuilds_initramfs(const Plan& plan) {
    for (const auto& step : plan.steps)
        if (step.action == StepAction::rebuild_initramfs) return true;
    return false;
}

}  // namespace

void run_group_change(const GlobalOptions& global, const GroupChangeOptions& options,
                      Operation operation) {
    ChangeSession change(global, options.dry_run, options.wait_seconds);
    const HostSession& session = change.host();
    // Where the boot half would be written is settled first: through a
    // connection to another machine no device can have one.
    std::optional<HostFs> boot = options.persist ? std::optional(boot_files(session, options.root)) : std::nullopt;
    // Several matches are fine when they name one group: the plan is the group's.
    const PciDevice& device = *session.group(options.device).front();
    Plan plan = operation == Operation::detach ? plan_group_detach(session.inventory(), device)
                                               : plan_group_reattach(session.inventory(), device);
    if (boot) add_boot_half(plan, session, device, *boot, operation);

    nlohmann::ordered_json out;
    bool force = options.force;
    if (operation == Operation::detach && plan.change_count() > 0) {
        // A boot binding outlives this boot: every endpoint is checked, even
        // one on vfio-pci now, and --force alone does not get past it.
        std::vector<PciAddress> checked =
            options.persist ? endpoints_of(session.inventory(), device) : changed_devices(plan);
        HostUseVerdict host_use = check_host_use(session, checked, options.root);
        if (!host_use.checked) plan.warnings.push_back(host_use.summary());  // said in text as in JSON
        if (host_use.needs_force()) {
            if (options.persist) {
                plan.refusals.push_back(host_use.summary() +
                                        "; bound from boot on, the host could not boot or be reached "
                                        "(--force does not override this; --force-boot does)");
                force = options.force && options.force_boot;
            } else {
                plan.refusals.push_back(host_use.refusal());
            }
        }
        out["host_use"] = host_use_json(host_use);
        // A PF's VFs vanish with it, now or (--persist) at every boot.
        Dependents dependents = check_dependents(session, Loss::unbind, checked, options.root);
        add_dependents(plan, dependents, options.force);
        out["dependents"] = dependents_json(dependents, options.force);
    }
    out["persist"] = options.persist;
    auto report = show_and_run(change, global, plan, out, {force, options.root});
    if (report && report->completed && !global.json) {
        if (operation == Operation::detach)
            std::cout << (options.persist ? "Done: every endpoint of the group is on vfio-pci, now and from boot on.\n"
                                          : "Done: every endpoint of the group is on vfio-pci.\n");
        else
            std::cout << (options.persist ? "Done: the group is back with the host, now and from boot on.\n"
                                          : "Done: the group is back with the host.\n");
        if (rebuilds_initramfs(plan))
            std::cout << "The initramfs was rebuilt: host drivers load from it before the root file system.\n";
    }
    finish_plan(global, plan, report, out);
}

}  // namespace vpt
