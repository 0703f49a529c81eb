// How `vpt pool list` and `vpt pool show` show VF-pool networks.
#include "view/pool_view.hpp"

#include <iostream>

#include "view/device_view.hpp"

namespace vpt {
namespace {

std::string source_text(const PoolNetwork& pool) {
    if (pool.info.pf_dev) return "pf " + *pool.info.pf_dev;
    return std::to_string(pool.info.addresses.size()) + " listed VFs";
}

// "web (config), db": the guests on a network.
std::string users_text(const std::vector<const NetworkUse*>& users) {
    std::string text;
    for (const auto* use : users) text += (text.empty() ? "" : ", ") + use->guest + (use->active ? "" : " (config)");
    return text.empty() ? "-" : text;
}

}  // namespace

const std::vector<TableColumn>& pool_list_columns() {
    static const std::vector<TableColumn> columns = {
        {"NAME"}, {"ACTIVE"}, {"AUTOSTART"}, {"SOURCE", Shrink::later}, {"VFS"}, {"USED BY", Shrink::first},
    };
    return columns;
}

nlohmann::ordered_json pool_list_json(const HostState& state) {
    auto pools = nlohmann::ordered_json::array();
    for (const auto& pool : state.pools) pools.push_back(pool_json(state, pool));
    return {{"pools", pools}};
}

void print_pool_list(const HostState& state, const TableLayout& layout) {
    Table table(pool_list_columns(), layout);
    for (const auto& pool : state.pools)
        table.add_row({pool.info.name, pool.active ? "yes" : "no", pool.autostart ? "yes" : "no", source_text(pool),
                       std::to_string(pool.vfs.size()), users_text(state.users_of(pool.info.name))});
    table.print(std::cout);
}

nlohmann::ordered_json pool_json(const HostState& state, const PoolNetwork& pool) {
    auto vfs = nlohmann::ordered_json::array();
    for (const auto& vf : pool.vfs) {
        vfs.push_back({{"address", vf.str()}, {"held_by", holders_json(state.inventory.holders(vf))}});
    }
    auto users = nlohmann::ordered_json::array();
    for (const auto* use : state.users_of(pool.info.name))
        users.push_back({{"guest", use->guest}, {"active", use->active}});
    return {{"name", pool.info.name},
            {"active", pool.active},
            {"autostart", pool.autostart},
            {"pf", pool.info.pf_dev ? nlohmann::ordered_json(*pool.info.pf_dev) : nullptr},
            {"vlan", pool.info.vlan ? nlohmann::ordered_json(*pool.info.vlan) : nullptr},
            {"vfs", vfs},
            {"used_by", users}};
}

void print_pool(const HostState& state, const PoolNetwork& pool) {
    const std::string& name = pool.info.name;
    std::cout << "Pool network '" << name << "': " << (pool.active ? "active" : "inactive")
              << (pool.autostart ? ", starts at boot" : "") << ", " << source_text(pool)
              << (pool.info.vlan ? ", VLAN " + std::to_string(*pool.info.vlan) : "") << '\n';
    Table table({{"VF"}, {"DRIVER"}, {"HELD BY", Shrink::later}});
    for (const auto& vf : pool.vfs) {
        const PciDevice* device = state.inventory.find(vf);
        table.add_row({vf.str(), device ? driver_text(*device, state.inventory.drivers_reported()) : "?",
                       holders_text(state.inventory.holders(vf))});
    }
    table.print(std::cout, 2);
    std::cout << "  used by: " << users_text(state.users_of(name)) << '\n';
}

}  // namespace vpt
