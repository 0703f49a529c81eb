#include "virt/network_control.hpp"

namespace vpt {
namespace {

NetworkHandle lookup(const Connection& connection, const std::string& name) {
    NetworkHandle network(virNetworkLookupByName(connection.get(), name.c_str()));
    if (!network) throw libvirt_failure("unknown network '" + name + "'", ExitCode::bad_input);
    return network;
}

void create(virNetworkPtr network, const std::string& name, bool was_running) {
    if (virNetworkCreate(network) == 0) return;
    throw libvirt_failure(was_running ? "network '" + name + "' was stopped but did not start again"
                                      : "cannot start network '" + name + "'");
}

}  // namespace

NetworkState network_state(const Connection& connection, const std::string& name) {
    auto network = lookup(connection, name);
    NetworkState state;
    int active = virNetworkIsActive(network.get());
    int persistent = virNetworkIsPersistent(network.get());
    if (active < 0 || persistent < 0) throw libvirt_failure("cannot read the state of network '" + name + "'");
    state.active = active == 1;
    state.persistent = persistent == 1;
    int autostart = 0;
    state.autostart = virNetworkGetAutostart(network.get(), &autostart) == 0 && autostart;
    return state;
}

void restart_network(const Connection& connection, const std::string& name) {
    auto network = lookup(connection, name);
    bool running = virNetworkIsActive(network.get()) == 1;
    if (running && virNetworkDestroy(network.get()) < 0) throw libvirt_failure("cannot stop network '" + name + "'");
    create(network.get(), name, running);
}

void start_network(const Connection& connection, const std::string& name) {
    auto network = lookup(connection, name);
    create(network.get(), name, false);
}

void stop_network(const Connection& connection, const std::string& name) {
    auto network = lookup(connection, name);
    if (virNetworkDestroy(network.get()) < 0) throw libvirt_failure("cannot stop network '" + name + "'");
}

}  // namespace vpt
