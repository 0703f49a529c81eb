// What libvirt's node device driver knows of a PF's virtual functions right
// now. libvirt learns of new VFs from udev, asynchronously: right after a
// write to sriov_numvfs the PF already reports them, but their own node
// devices appear a moment later (and a guest or pool using one fails until
// then). Hence the wait below.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "core/pci_address.hpp"
#include "virt/connection.hpp"

namespace vpt {

struct ListedVfs {
    std::vector<PciAddress> virt_functions;  // the PF's <capability type='virt_functions'>, re-read
    std::vector<PciAddress> unlisted;        // of those, the ones with no node device yet
    std::vector<PciAddress> still_listed;    // of the VFs expected to go, those still listed
};

// Re-reads the PF's node device and lists the PCI node devices.
// `gone`: VFs that should have disappeared. Throws when the PF is unknown.
ListedVfs read_listed_vfs(const Connection& connection, const std::string& pf_nodedev,
                          const std::vector<PciAddress>& gone);

struct VfWait {
    bool confirmed = false;
    ListedVfs last;                     // the last look
    std::chrono::milliseconds waited{0};
};

// Polls every `interval` until the PF reports exactly `count` VFs, each of
// them listed as a node device, and none of `gone` is listed any more; or
// until `timeout` passes.
VfWait wait_for_listed_vfs(const Connection& connection, const std::string& pf_nodedev, int count,
                           const std::vector<PciAddress>& gone, std::chrono::milliseconds timeout,
                           std::chrono::milliseconds interval = std::chrono::milliseconds(250));

}  // namespace vpt
