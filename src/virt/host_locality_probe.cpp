#include "virt/host_locality_probe.hpp"

#include <libvirt/virterror.h>
#include <limits.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "virt/connection.hpp"
#include "virt/handles.hpp"
#include "xml/host_uuid_xml.hpp"

namespace vpt {
namespace {

// The first line of a small file, or "" when it cannot be read.
std::string first_line(const char* path) {
    std::ifstream in(path);
    std::string line;
    if (!in || !std::getline(in, line)) return "";
    return line;
}

}  // namespace

LibvirtHostClaims ask_libvirt_host(virConnectPtr conn) {
    LibvirtHostClaims claims;
    const char* type = virConnectGetType(conn);
    claims.test_driver = type && std::string(type) == "TEST";
    if (claims.test_driver) return claims;
    if (LibvirtString name{virConnectGetHostname(conn)})
        claims.hostname = name.get();
    else
        claims.hostname_error = last_libvirt_error();
    if (LibvirtString caps{virConnectGetCapabilities(conn)}) {
        auto uuid = parse_host_uuid(caps.get());
        if (uuid)
            claims.uuid = *uuid;
        else
            claims.uuid_error = uuid.error();
    } else {
        claims.uuid_error = last_libvirt_error();
    }
    virResetLastError();
    return claims;
}

ThisMachine read_this_machine() {
    ThisMachine here;
    char name[HOST_NAME_MAX + 1] = {};
    if (gethostname(name, sizeof name - 1) == 0) here.hostname = name;
    const char* product_uuid = "/sys/class/dmi/id/product_uuid";
    here.product_uuid = first_line(product_uuid);
    if (here.product_uuid.empty() && access(product_uuid, F_OK) == 0 && access(product_uuid, R_OK) != 0)
        here.product_uuid_error = "only root may read " + std::string(product_uuid) + ": run vpt as root";
    here.machine_id = first_line("/etc/machine-id");
    return here;
}

}  // namespace vpt
