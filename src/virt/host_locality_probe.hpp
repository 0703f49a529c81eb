// The facts core/host_locality decides from: what libvirt says of its host
// and what this machine says of itself.
#pragma once

#include <libvirt/libvirt.h>

#include "core/host_locality.hpp"

namespace vpt {

// virConnectGetType, virConnectGetHostname and <capabilities><host><uuid>;
// a fact libvirt would not give is left empty with its error.
LibvirtHostClaims ask_libvirt_host(virConnectPtr conn);

// gethostname(), /sys/class/dmi/id/product_uuid (readable by root only) and
// /etc/machine-id of the machine vpt runs on.
ThisMachine read_this_machine();

}  // namespace vpt
