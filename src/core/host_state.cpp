#include "core/host_state.hpp"

#include <algorithm>

namespace vpt {

std::map<std::string, NetChild> HostState::net_children() const {
    std::map<std::string, NetChild> children;
    for (const auto& net : net_devices) children.emplace(net.parent, NetChild{net.interface, net.mac});
    return children;
}

const PoolNetwork* HostState::pool_of(const PciAddress& address) const {
    for (const auto& pool : pools)
        if (std::find(pool.vfs.begin(), pool.vfs.end(), address) != pool.vfs.end()) return &pool;
    return nullptr;
}

const PoolNetwork* HostState::pool(const std::string& name) const {
    for (const auto& pool : pools)
        if (pool.info.name == name) return &pool;
    return nullptr;
}

std::vector<const NetworkUse*> HostState::users_of(const std::string& name) const {
    std::vector<const NetworkUse*> users;
    for (const auto& use : network_uses)
        if (use.network == name) users.push_back(&use);
    return users;
}

}  // namespace vpt
