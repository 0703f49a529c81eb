// RAII owners for libvirt handles: each is freed exactly once.
#pragma once

#include <libvirt/libvirt.h>

#include <cstdlib>
#include <memory>
#include <vector>

namespace vpt {

struct ConnectDeleter { void operator()(virConnectPtr p) const { virConnectClose(p); } };
struct NodeDeviceDeleter { void operator()(virNodeDevicePtr p) const { virNodeDeviceFree(p); } };
struct DomainDeleter { void operator()(virDomainPtr p) const { virDomainFree(p); } };
struct NetworkDeleter { void operator()(virNetworkPtr p) const { virNetworkFree(p); } };

using ConnectHandle = std::unique_ptr<virConnect, ConnectDeleter>;
using NodeDeviceHandle = std::unique_ptr<virNodeDevice, NodeDeviceDeleter>;
using DomainHandle = std::unique_ptr<virDomain, DomainDeleter>;
using NetworkHandle = std::unique_ptr<virNetwork, NetworkDeleter>;

// A string libvirt allocated (XML descriptions): freed with free().
struct FreeDeleter { void operator()(char* p) const { free(p); } };
using LibvirtString = std::unique_ptr<char, FreeDeleter>;

// Takes ownership of an array of handles libvirt returned (virConnectListAll*):
// wraps each element and frees the array itself.
template <typename Handle, typename Raw>
std::vector<Handle> adopt_list(Raw* list, int count) {
    std::vector<Handle> owned;
    if (!list) return owned;
    owned.reserve(count > 0 ? count : 0);
    for (int i = 0; i < count; ++i) owned.emplace_back(list[i]);
    free(list);
    return owned;
}

}  // namespace vpt
