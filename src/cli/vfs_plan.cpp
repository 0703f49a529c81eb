#include "cli/vfs_plan.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/viability.hpp"
#include "view/device_view.hpp"

namespace vpt {
namespace {

bool contains(const std::vector<PciAddress>& list, const PciAddress& address) {
    return std::find(list.begin(), list.end(), address) != list.end();
}

std::vector<VfPool> pools_on_pf(const HostState& state, const PciDevice& pf,
                                const std::vector<PciAddress>& vfs) {
    std::vector<VfPool> pools;
    for (const auto& pool : state.pools) {
        VfPool entry{pool.info.name, pool.active, pool.autostart, "", {}};
        if (pf.netdev && pool.info.pf_dev == pf.netdev) {
            entry.why = "<pf dev='" + *pf.netdev + "'/>";
        } else {
            bool lists_ours = std::any_of(pool.info.addresses.begin(), pool.info.addresses.end(),
                                          [&](const PciAddress& a) { return contains(vfs, a); });
            if (!lists_ours) continue;
            entry.why = "lists VFs of " + pf.address.str();
        }
        for (const auto& use : state.network_uses)
            if (use.active && use.network == pool.info.name &&
                std::find(entry.running_users.begin(), entry.running_users.end(), use.guest) ==
                    entry.running_users.end())
                entry.running_users.push_back(use.guest);
        pools.push_back(std::move(entry));
    }
    return pools;
}

}  // namespace

const char* pool_step_name(PoolStep step) {
    switch (step) {
        case PoolStep::restart: return "restart";
        case PoolStep::start: return "start";
        case PoolStep::stop: return "stop";
    }
    return "restart";
}

void require_sriov_pf(const PciDevice& device) {
    if (device.sriov && device.sriov->role == SriovInfo::Role::pf) return;
    if (device.sriov && device.sriov->pf)
        throw bad_input(device.address.str() + " is an SR-IOV virtual function; give its physical function " +
                        device.sriov->pf->str());
    throw bad_input(device.address.str() + " is not an SR-IOV physical function (libvirt reports no "
                                           "virt_functions capability)");
}

VfsView build_vfs_view(const HostState& state, const PciDevice& pf, const std::optional<SriovState>& sysfs,
                       const std::map<std::string, NetChild>& nets,
                       const std::map<PciAddress, std::optional<std::string>>& sysfs_drivers,
                       std::optional<int> persisted_count) {
    VfsView view;
    view.pf = &pf;
    view.persisted_count = persisted_count;
    const auto& libvirt_vfs = pf.sriov ? pf.sriov->vfs : std::vector<PciAddress>{};
    std::vector<PciAddress> addresses;
    if (sysfs) {
        view.from_sysfs = true;
        view.total_vfs = sysfs->total_vfs;
        view.current_vfs = sysfs->current_vfs;
        view.drivers_autoprobe = sysfs->drivers_autoprobe;
        addresses = sysfs->vfs;
    } else {
        view.total_vfs = pf.sriov && pf.sriov->max_vfs ? *pf.sriov->max_vfs : int(libvirt_vfs.size());
        view.current_vfs = int(libvirt_vfs.size());
    }
    size_t indexed = addresses.size();
    for (const auto& vf : libvirt_vfs)
        if (!contains(addresses, vf)) addresses.push_back(vf);

    const auto& inventory = state.inventory;
    for (size_t i = 0; i < addresses.size(); ++i) {
        VfRow row;
        row.address = addresses[i];
        if (sysfs ? i < indexed : true) row.index = int(i);
        const PciDevice* device = inventory.find(row.address);
        row.listed = device != nullptr;
        if (device && inventory.drivers_reported()) {
            row.driver = device->driver;
        } else if (auto it = sysfs_drivers.find(row.address); it != sysfs_drivers.end()) {
            row.driver = it->second;
        } else {
            row.driver_known = false;
        }
        if (device) {
            row.netdev = device->netdev;
            if (auto net = nets.find(device->name); net != nets.end()) {
                if (!row.netdev && !net->second.interface.empty()) row.netdev = net->second.interface;
                if (!net->second.mac.empty()) row.mac = net->second.mac;
            }
        }
        row.holders = inventory.holders(row.address);
        if (const PoolNetwork* pool = state.pool_of(row.address)) {
            row.pool = pool->info.name;
            row.vlan = pool->info.vlan;
        }
        view.vfs.push_back(std::move(row));
    }
    view.pools = pools_on_pf(state, pf, addresses);
    return view;
}

VfsPlan plan_vfs_change(const VfsView& view, const HostState& state, int count, bool persist) {
    const PciDevice& pf = *view.pf;
    std::string name = pf.address.str();
    if (count < 0) throw bad_input("a VF count cannot be negative");
    if (count > view.total_vfs)
        throw bad_input(name + " supports at most " + std::to_string(view.total_vfs) +
                        " VFs (sriov_totalvfs), not " + std::to_string(count));

    VfsPlan plan;
    plan.from = view.current_vfs;
    plan.to = count;
    if (persist) {
        plan.persist = count > 0 ? PersistAction::write : PersistAction::remove;
        plan.persist_file = persist_rule_path(pf.address);
    }
    if (count == view.current_vfs) return plan;

    auto path = sriov_numvfs_path(pf.address);
    if (view.current_vfs != 0) {
        plan.writes.push_back({path, 0});
        for (const auto& row : view.vfs) plan.removed.push_back(row.address);
    }
    if (count != 0) plan.writes.push_back({path, count});

    // Writing the count of a PF a guest holds changes the device under the
    // guest. What depends on the VFs is the dependents rule's (the command
    // asks it about plan.removed).
    const auto& pf_holders = state.inventory.holders(pf.address);
    if (!pf_holders.empty())
        plan.refusals.push_back(name + " itself is held by " + holders_text(pf_holders) +
                                ": its VFs cannot change while a guest holds it (take it back with '" +
                                release_command(pf_holders.front(), pf.address) + "')");

    for (const auto& pool : view.pools) {
        if (!pool.active) {
            if (count > 0 && pool.autostart) plan.pool_actions.push_back({pool.name, PoolStep::start});
            else plan.pools_left.push_back(pool.name);
            continue;
        }
        plan.pool_actions.push_back({pool.name, count > 0 ? PoolStep::restart : PoolStep::stop});
    }
    return plan;
}

Plan vfs_change_steps(const VfsView& view, const VfsPlan& plan) {
    const PciDevice& pf = *view.pf;
    Plan steps;
    steps.operation = Operation::vfs;
    steps.target = pf.address.str();
    steps.refusals = plan.refusals;
    int count = plan.from;
    for (const auto& write : plan.writes) {
        steps.steps.push_back(vf_count_step(pf.address, describe(pf), count, write.value));
        count = write.value;
    }
    if (plan.persist != PersistAction::none)
        steps.steps.push_back(boot_vf_count_step(pf.address, describe(pf), view.persisted_count.value_or(0),
                                                 plan.persist == PersistAction::write ? plan.to : 0));
    if (!plan.changes_count()) return steps;
    for (const auto& action : plan.pool_actions) {
        if (action.step != PoolStep::start) steps.steps.push_back(network_step(action.name, StepAction::stop_network));
        if (action.step != PoolStep::stop) steps.steps.push_back(network_step(action.name, StepAction::start_network));
    }
    return steps;
}

}  // namespace vpt
