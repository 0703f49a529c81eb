// vpt pool create: a VF-pool network (<forward mode='hostdev'>), defined,
// set to autostart and started, all or nothing.
#include <iostream>

#include "cli/change_session.hpp"
#include "cli/pool_commands.hpp"
#include "core/command_text.hpp"
#include "core/device_lookup.hpp"
#include "core/viability.hpp"
#include "plan/pool_planner.hpp"
#include "virt/network.hpp"
#include "xml/pool_network_xml.hpp"
#include "xml/schema_validator.hpp"

namespace vpt {
namespace {

void refuse_held(const HostSession& session, const PciAddress& vf) {
    const auto& holders = session.inventory().holders(vf);
    if (!holders.empty())
        throw refused("VF " + vf.str() + " is already held by guest '" + holders.front().guest + "'");
    if (const auto* pool = session.state().pool_of(vf))
        throw refused("VF " + vf.str() + " is already in pool network '" + pool->info.name + "'");
}

PoolSpec pool_spec(const HostSession& session, const PoolCreateOptions& options) {
    if (options.pf.empty() == options.vfs.empty()) throw bad_input("give --pf IFACE or --vf DEV... (one of them)");
    PoolSpec spec;
    spec.name = options.name;
    if (options.vlan) spec.vlan = options.vlan;
    if (!options.pf.empty()) {
        const PciDevice& pf = lookup_pf_interface(session.inventory(), options.pf);
        if (pf.sriov->vfs.empty())
            throw refused("PF " + describe(pf) + " (" + options.pf + ") has no VFs: create them first with '" +
                          command_text({"vpt", "vfs", pf.address.str(), "COUNT"}) + "'");
        for (const auto& vf : pf.sriov->vfs) refuse_held(session, vf);
        spec.pf_dev = options.pf;
        return spec;
    }
    for (const auto* device : session.devices(options.vfs)) {
        const PciDevice& vf = *device;
        if (!vf.sriov || vf.sriov->role != SriovInfo::Role::vf)
            throw bad_input(describe(vf) + " is not an SR-IOV VF");
        refuse_held(session, vf.address);
        spec.vfs.push_back(vf.address);
    }
    return spec;
}

}  // namespace

void run_pool_create(const GlobalOptions& global, const PoolCreateOptions& options) {
    ChangeSession change(global, options.dry_run, options.wait_seconds);
    const HostSession& session = change.host();
    if (Network::exists(session.connection(), options.name))
        throw refused("a network named '" + options.name + "' already exists");
    auto xml = pool_network_xml(pool_spec(session, options));
    if (!xml) throw bad_input(xml.error());
    if (auto valid = validate_network_xml(*xml); !valid)
        throw refused("internal error: the pool XML fails libvirt's schema (" + valid.error() + "); nothing was changed");

    Plan plan = plan_pool_create(options.name, *xml, !options.no_autostart);

    nlohmann::ordered_json out = {{"pool", options.name}, {"xml", *xml}};
    auto report = show_and_run(change, global, plan, out, {},
                               [&] { std::cout << "Pool network '" << options.name << "':\n" << *xml; });
    finish_plan(global, plan, report, out);
}

}  // namespace vpt
