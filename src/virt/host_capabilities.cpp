#include "virt/host_capabilities.hpp"

#include "virt/handles.hpp"

namespace vpt {

std::string host_capabilities_xml(const Connection& connection) {
    LibvirtString xml(virConnectGetCapabilities(connection.get()));
    if (!xml) throw libvirt_failure("cannot read the host's capabilities");
    return xml.get();
}

}  // namespace vpt
