// Runs the readiness checks in report order, each with its stable id,
// display name and source. Checks that read the host's files (source host)
// are "unknown" when those files are not the libvirt host's (a remote
// connection): only `vpt check` run on the host itself can decide them.
#pragma once

#include <vector>

#include "core/inventory.hpp"
#include "host/check.hpp"
#include "host/host_fs.hpp"
#include "host/libvirt_facts.hpp"

namespace vpt {

// Whether HostFs shows the host libvirt manages.
enum class HostFiles {
    readable,  // libvirt's host is this machine, or a fixture tree stands for it
    remote,    // another machine: only `vpt check` run there can read its files
    none,      // libvirt's test driver: there is no host whose files could be read
};

// Why a check of the host's files is unknown ("" when they are readable).
const char* unknown_reason(HostFiles files);

std::vector<CheckResult> run_host_checks(const HostFs& fs, const LibvirtFacts& facts, HostFiles files);

// The checks of `vpt check DEV` (ids "device-..."), after the host checks.
std::vector<CheckResult> run_device_checks(const HostFs& fs, const Inventory& inventory,
                                           const PciDevice& device, HostFiles files);

}  // namespace vpt
