// Gathers LibvirtFacts: the only part of the readiness checks that talks
// to libvirt or asks the kernel about this process.
#pragma once

#include <string>

#include "host/libvirt_facts.hpp"
#include "virt/connection.hpp"

namespace vpt {

// Versions, driver type and domain capabilities for x86_64/q35/kvm.
// libvirt only answers virConnectGetDomainCapabilities on a read-write
// connection, so when the (read-only) `connection` is refused, a read-write
// connection to the same URI is tried for that one call; if that is refused
// too the facts say why.
LibvirtFacts probe_libvirt(const Connection& connection);

// The facts when no connection could be opened to `uri` (empty: the default).
LibvirtFacts unreachable_libvirt(const std::string& uri, const std::string& error);

// Fills in this process's locked-memory limit and user name.
void probe_process(LibvirtFacts& facts);

}  // namespace vpt
