// vpt pool create: a VF-pool network (<forward mode='hostdev'>), defined,
// set to autostart and started, all or nothing.
#include <iostream>

#include "cli/change_guard.hpp"
#include "cli/guest_change.hpp"
#include "cli/host_session.hpp"
#include "cli/output.hpp"
#include "cli/pool_commands.hpp"
#include "core/viability.hpp"
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

const PciDevice& pf_by_interface(const HostSession& session, const std::string& interface) {
    std::string known;
    for (const auto& device : session.inventory().devices()) {
        if (device.sriov && device.sriov->role == SriovInfo::Role::pf && device.netdev) {
            if (*device.netdev == interface) return device;
            known += (known.empty() ? "" : ", ") + *device.netdev;
        }
    }
    throw bad_input("no SR-IOV PF has the interface '" + interface + "'" +
                    (known.empty() ? " (this host has none)" : " (SR-IOV PF interfaces: " + known + ")"));
}

PoolSpec pool_spec(const HostSession& session, const PoolCreateOptions& options) {
    if (options.pf.empty() == options.vfs.empty()) throw bad_input("give --pf IFACE or --vf DEV... (one of them)");
    PoolSpec spec;
    spec.name = options.name;
    if (options.vlan) spec.vlan = options.vlan;
    if (!options.pf.empty()) {
        const PciDevice& pf = pf_by_interface(session, options.pf);
        if (pf.sriov->vfs.empty())
            throw refused("PF " + describe(pf) + " (" + options.pf + ") has no VFs: create them first with 'vpt vfs " +
                          pf.address.str() + " COUNT'");
        for (const auto& vf : pf.sriov->vfs) refuse_held(session, vf);
        spec.pf_dev = options.pf;
        return spec;
    }
    for (const auto& name : options.vfs) {
        const PciDevice& vf = session.device(name);
        if (!vf.sriov || vf.sriov->role != SriovInfo::Role::vf)
            throw bad_input(describe(vf) + " is not an SR-IOV VF");
        refuse_held(session, vf.address);
        spec.vfs.push_back(vf.address);
    }
    return spec;
}

}  // namespace

void run_pool_create(const GlobalOptions& global, const PoolCreateOptions& options) {
    std::optional<ChangeGuard> guard;
    if (!options.dry_run) guard.emplace(global, options.wait_seconds, true);
    HostSession session(global, options.dry_run ? Access::read_only : Access::read_write);
    if (Network::exists(session.connection(), options.name))
        throw refused("a network named '" + options.name + "' already exists");
    auto xml = pool_network_xml(pool_spec(session, options));
    if (!xml) throw bad_input(xml.error());
    if (auto valid = validate_network_xml(*xml); !valid)
        throw refused("internal error: the pool XML fails libvirt's schema (" + valid.error() + "); nothing was changed");

    std::optional<Network> network;
    Transaction transaction;
    if (!options.dry_run) {
        transaction.add("define network '" + options.name + "'",
                        [&] { network.emplace(Network::define(session.connection(), *xml)); },
                        [&] { network->undefine(); });
        if (!options.no_autostart)
            transaction.add("set it to start at boot", [&] { network->set_autostart(true); },
                            [&] { network->set_autostart(false); });
        transaction.add("start it", [&] { network->start(); }, [&] { network->stop(); });
    }
    auto report = transaction.run();
    if (global.json) {
        nlohmann::ordered_json out = {{"pool", options.name}, {"xml", *xml}};
        if (options.dry_run)
            out["result"] = "planned";
        else
            add_transaction_json(out, report);
        print_json(out);
    } else {
        std::cout << "Pool network '" << options.name << "':\n" << *xml;
        if (options.dry_run)
            std::cout << "Dry run: nothing was changed.\n";
        else
            print_transaction_text(report);
    }
    if (!options.dry_run) fail_unless_completed(report, "pool create '" + options.name + "'");
}

}  // namespace vpt
