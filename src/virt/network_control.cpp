#include "virt/network_control.hpp"

namespace vpt {
namespace {

NetworkHandle lookup(const Connection& connection, const std::string& name) {
    NetworkHandle network(virNetworkLookupByName(connection.get(), name.c_str()));
    if (!network) throw libvirt_failure("unknown network '" + name + "'", ExitCode::bad_input);
    return network;
}

}  // namespace

bool network_is_active(const Connection& connection, const std::string& name) {
    auto network = lookup(connection, name);
    int active = virNetworkIsActive(network.get());
    if (active < 0) throw libvirt_failure("cannot tell whether network '" + name + "' is running");
    return active == 1;
}

void restart_network(const Connection& connection, const std::string& name) {
    auto network = lookup(connection, name);
    if (virNetworkIsActive(network.get()) == 1 && virNetworkDestroy(network.get()) < 0)
        throw libvirt_failure("cannot stop network '" + name + "'");
    if (virNetworkCreate(network.get()) < 0)
        throw libvirt_failure("network '" + name + "' was stopped but did not start again (start it with "
                              "'virsh net-start " + name + "')");
}

}  // namespace vpt
