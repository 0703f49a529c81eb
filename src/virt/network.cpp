#include "virt/network.hpp"

#include <libvirt/virterror.h>

#include <stdexcept>

#include "virt/timed_call.hpp"

namespace vpt {
namespace {

void check(int rc, const std::string& what) {
    if (rc < 0) throw std::runtime_error(what + ": " + last_libvirt_error());
}

}  // namespace

Network::Network(const Connection& connection, const std::string& name) : name_(name) {
    network_.reset(virNetworkLookupByName(connection.get(), name.c_str()));
    if (!network_) {
        virResetLastError();
        throw bad_input("unknown network '" + name + "' (see 'vpt pool list')");
    }
}

bool Network::exists(const Connection& connection, const std::string& name) {
    NetworkHandle network(virNetworkLookupByName(connection.get(), name.c_str()));
    if (!network) virResetLastError();
    return bool(network);
}

Network Network::define(const Connection& connection, const std::string& xml) {
    TimedCall timer("virNetworkDefineXML");
    NetworkHandle network(virNetworkDefineXML(connection.get(), xml.c_str()));
    if (!network) throw std::runtime_error("libvirt refused the network: " + last_libvirt_error());
    std::string name = virNetworkGetName(network.get());  // before the handle moves
    timer.rename("virNetworkDefineXML " + name);
    return Network(std::move(name), std::move(network));
}

std::string Network::config_xml() const {
    LibvirtString xml(virNetworkGetXMLDesc(network_.get(), VIR_NETWORK_XML_INACTIVE));
    if (!xml) {  // libvirt's test driver knows no flags: its one XML is the definition
        virResetLastError();
        xml.reset(virNetworkGetXMLDesc(network_.get(), 0));
    }
    if (!xml) throw libvirt_failure("cannot read network " + name_);
    return xml.get();
}

bool Network::active() const { return virNetworkIsActive(network_.get()) == 1; }
bool Network::persistent() const { return virNetworkIsPersistent(network_.get()) == 1; }
void Network::start() const {
    TimedCall timer("virNetworkCreate " + name_);
    check(virNetworkCreate(network_.get()), "cannot start network " + name_);
}
void Network::stop() const {
    TimedCall timer("virNetworkDestroy " + name_);
    check(virNetworkDestroy(network_.get()), "cannot stop network " + name_);
}
void Network::set_autostart(bool on) const {
    TimedCall timer("virNetworkSetAutostart " + name_ + (on ? " (on)" : " (off)"));
    check(virNetworkSetAutostart(network_.get(), on ? 1 : 0), "cannot set autostart of network " + name_);
}
void Network::restart() const {
    bool was_running = active();
    if (was_running) stop();
    TimedCall timer("virNetworkCreate " + name_);
    check(virNetworkCreate(network_.get()),
          was_running ? "network " + name_ + " was stopped but did not start again" : "cannot start network " + name_);
}

void Network::undefine() const {
    TimedCall timer("virNetworkUndefine " + name_);
    check(virNetworkUndefine(network_.get()), "cannot undefine network " + name_);
}

}  // namespace vpt
