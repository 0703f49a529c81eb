#include "virt/sriov_nodedevs.hpp"

#include <algorithm>
#include <set>
#include <thread>

#include "virt/listings.hpp"
#include "virt/timed_call.hpp"
#include "xml/nodedev_parser.hpp"

namespace vpt {
namespace {

std::string xml_of(virNodeDevicePtr device, const std::string& name) {
    LibvirtString xml(virNodeDeviceGetXMLDesc(device, 0));
    if (!xml) throw libvirt_failure("cannot read node device " + name);
    return xml.get();
}

bool matches(const ListedVfs& look, int count) {
    return int(look.virt_functions.size()) == count && look.unlisted.empty() && look.still_listed.empty();
}

}  // namespace

ListedVfs read_listed_vfs(const Connection& connection, const std::string& pf_nodedev,
                          const std::vector<PciAddress>& gone) {
    NodeDeviceHandle pf(virNodeDeviceLookupByName(connection.get(), pf_nodedev.c_str()));
    if (!pf) throw libvirt_failure("cannot find node device " + pf_nodedev);
    auto parsed = parse_pci_nodedev(xml_of(pf.get(), pf_nodedev));
    if (!parsed) throw refused("cannot read node device " + pf_nodedev + ": " + parsed.error());

    ListedVfs look;
    if (parsed->sriov && parsed->sriov->role == SriovInfo::Role::pf) look.virt_functions = parsed->sriov->vfs;
    auto names = node_device_names(connection, VIR_CONNECT_LIST_NODE_DEVICES_CAP_PCI_DEV, "PCI node devices");
    for (const auto& vf : look.virt_functions)
        if (!names.count(vf.nodedev_name())) look.unlisted.push_back(vf);
    for (const auto& vf : gone) {
        bool kept = std::find(look.virt_functions.begin(), look.virt_functions.end(), vf) !=
                    look.virt_functions.end();
        if (!kept && names.count(vf.nodedev_name())) look.still_listed.push_back(vf);
    }
    return look;
}

VfWait wait_for_listed_vfs(const Connection& connection, const std::string& pf_nodedev, int count,
                           const std::vector<PciAddress>& gone, std::chrono::milliseconds timeout,
                           std::chrono::milliseconds interval) {
    using clock = std::chrono::steady_clock;
    TimedCall timer("wait for libvirt to list " + std::to_string(count) + " VFs of " + pf_nodedev);
    auto start = clock::now();
    auto deadline = start + timeout;
    VfWait wait;
    for (;;) {
        wait.last = read_listed_vfs(connection, pf_nodedev, gone);
        wait.waited = std::chrono::duration_cast<std::chrono::milliseconds>(clock::now() - start);
        if (matches(wait.last, count)) {
            wait.confirmed = true;
            return wait;
        }
        auto now = clock::now();
        if (now >= deadline) {
            timer.outcome("not listed yet");
            return wait;
        }
        std::this_thread::sleep_for(std::min<clock::duration>(interval, deadline - now));
    }
}

}  // namespace vpt
