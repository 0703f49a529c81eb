#include "virt/listings.hpp"

namespace vpt {

std::vector<NodeDeviceHandle> list_node_devices(const Connection& connection, unsigned flags, const char* what) {
    virNodeDevicePtr* raw = nullptr;
    int count = virConnectListAllNodeDevices(connection.get(), &raw, flags);
    if (count < 0) throw libvirt_failure(std::string("cannot list ") + what);
    return adopt_list<NodeDeviceHandle>(raw, count);
}

std::vector<DomainHandle> list_domains(const Connection& connection, unsigned flags) {
    virDomainPtr* raw = nullptr;
    int count = virConnectListAllDomains(connection.get(), &raw, flags);
    if (count < 0) throw libvirt_failure("cannot list guests");
    return adopt_list<DomainHandle>(raw, count);
}

std::vector<NetworkHandle> list_networks(const Connection& connection, unsigned flags) {
    virNetworkPtr* raw = nullptr;
    int count = virConnectListAllNetworks(connection.get(), &raw, flags);
    if (count < 0) throw libvirt_failure("cannot list networks");
    return adopt_list<NetworkHandle>(raw, count);
}

std::set<std::string> node_device_names(const Connection& connection, unsigned flags, const char* what) {
    std::set<std::string> names;
    for (const auto& device : list_node_devices(connection, flags, what)) names.insert(virNodeDeviceGetName(device.get()));
    return names;
}

std::set<std::string> network_names(const Connection& connection, unsigned flags) {
    std::set<std::string> names;
    for (const auto& network : list_networks(connection, flags)) names.insert(virNetworkGetName(network.get()));
    return names;
}

}  // namespace vpt
