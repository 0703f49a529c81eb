// vpt pool list / show / delete.
#include <iostream>

#include "cli/change_session.hpp"
#include "cli/dependents_check.hpp"
#include "cli/device_view.hpp"
#include "cli/host_session.hpp"
#include "cli/output.hpp"
#include "cli/pool_commands.hpp"
#include "cli/table.hpp"
#include "core/pool_planner.hpp"
#include "virt/network.hpp"

namespace vpt {
namespace {

std::string source_text(const PoolNetwork& pool) {
    if (pool.info.pf_dev) return "pf " + *pool.info.pf_dev;
    return std::to_string(pool.info.addresses.size()) + " listed VFs";
}

nlohmann::ordered_json pool_json(const HostSession& session, const PoolNetwork& pool) {
    auto vfs = nlohmann::ordered_json::array();
    for (const auto& vf : pool.vfs) {
        vfs.push_back({{"address", vf.str()}, {"held_by", holders_json(session.inventory().holders(vf))}});
    }
    auto users = nlohmann::ordered_json::array();
    for (const auto* use : session.state().users_of(pool.info.name))
        users.push_back({{"guest", use->guest}, {"active", use->active}});
    return {{"name", pool.info.name},
            {"active", pool.active},
            {"autostart", pool.autostart},
            {"pf", pool.info.pf_dev ? nlohmann::ordered_json(*pool.info.pf_dev) : nullptr},
            {"vlan", pool.info.vlan ? nlohmann::ordered_json(*pool.info.vlan) : nullptr},
            {"vfs", vfs},
            {"used_by", users}};
}

const PoolNetwork& find_pool(const HostSession& session, const std::string& name) {
    if (const auto* pool = session.state().pool(name)) return *pool;
    throw bad_input("no VF-pool network named '" + name + "' (see 'vpt pool list')");
}

}  // namespace

const std::vector<TableColumn>& pool_list_columns() {
    static const std::vector<TableColumn> columns = {
        {"NAME"}, {"ACTIVE"}, {"AUTOSTART"}, {"SOURCE", Shrink::later}, {"VFS"}, {"USED BY", Shrink::first},
    };
    return columns;
}

void run_pool_list(const GlobalOptions& global, const TableLayout& layout) {
    HostSession session(global, Access::read_only);
    if (global.json) {
        auto pools = nlohmann::ordered_json::array();
        for (const auto& pool : session.state().pools) pools.push_back(pool_json(session, pool));
        print_json({{"pools", pools}});
        return;
    }
    Table table(pool_list_columns(), layout);
    for (const auto& pool : session.state().pools)
        table.add_row({pool.info.name, pool.active ? "yes" : "no", pool.autostart ? "yes" : "no", source_text(pool),
                       std::to_string(pool.vfs.size()), users_text(session.state().users_of(pool.info.name))});
    table.print(std::cout);
}

void run_pool_show(const GlobalOptions& global, const std::string& name) {
    HostSession session(global, Access::read_only);
    const PoolNetwork& pool = find_pool(session, name);
    if (global.json) {
        print_json(pool_json(session, pool));
        return;
    }
    std::cout << "Pool network '" << name << "': " << (pool.active ? "active" : "inactive")
              << (pool.autostart ? ", starts at boot" : "") << ", " << source_text(pool)
              << (pool.info.vlan ? ", VLAN " + std::to_string(*pool.info.vlan) : "") << '\n';
    Table table({{"VF"}, {"DRIVER"}, {"HELD BY", Shrink::later}});
    for (const auto& vf : pool.vfs) {
        const PciDevice* device = session.inventory().find(vf);
        table.add_row({vf.str(), device ? driver_text(*device, session.drivers_reported()) : "?",
                       holders_text(session.inventory().holders(vf))});
    }
    table.print(std::cout, 2);
    std::cout << "  used by: " << users_text(session.state().users_of(name)) << '\n';
}

void run_pool_delete(const GlobalOptions& global, const PoolDeleteOptions& options) {
    ChangeSession change(global, options.dry_run, options.wait_seconds);
    const HostSession& session = change.host();
    const std::string& name = options.name;
    std::string xml = session.state().pool(name) ? Network(session.connection(), name).config_xml() : "";
    Plan plan = plan_pool_delete(session.state(), name, xml);
    Dependents dependents = pool_dependents(session.state(), name);
    add_dependents(plan, dependents, options.force);
    nlohmann::ordered_json out = {{"pool", name}, {"dependents", dependents_json(dependents, options.force)}};
    auto report = show_and_run(change, global, plan, out, {},
                               [&] { std::cout << "Delete pool network '" << name << "':\n"; });
    finish_plan(global, plan, report, out);
}

}  // namespace vpt
