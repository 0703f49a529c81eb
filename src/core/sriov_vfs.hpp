// A PF's SR-IOV virtual functions as `vpt vfs` sees them (VfsView) and a
// change of their number as it plans it (VfsPlan): plain values, built by
// the command from what libvirt and sysfs report and shown as text or JSON.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/holder.hpp"
#include "core/pci_device.hpp"

namespace vpt {

struct VfRow {
    std::optional<int> index;               // N of virtfnN (sysfs), when known
    PciAddress address;
    std::optional<std::string> driver;      // bound host driver; none or unknown: empty
    bool driver_known = true;               // false: nobody could tell
    std::optional<std::string> netdev;
    std::optional<std::string> mac;         // the VF netdev's MAC (libvirt's net child)
    std::optional<unsigned> vlan;           // the pool network's VLAN tag
    std::vector<Holder> holders;
    std::optional<std::string> pool;
    bool listed = true;                     // libvirt lists it as a node device
};

// A VF-pool network that hands out VFs of this PF.
struct VfPool {
    std::string name;
    bool active = false;
    bool autostart = false;
    std::string why;                        // "<pf dev='enp3s0f0'/>" or "lists its VFs"
    std::vector<std::string> running_users; // running guests with an interface on it
};

struct VfsView {
    const PciDevice* pf = nullptr;
    bool from_sysfs = false;                // counts from sysfs, else from libvirt
    int total_vfs = 0;
    int current_vfs = 0;
    std::optional<bool> drivers_autoprobe;
    std::vector<VfRow> vfs;
    std::vector<VfPool> pools;
    std::optional<int> persisted_count;     // what the udev rule sets at boot
};

struct VfWrite {
    std::filesystem::path path;
    int value = 0;
};

enum class PersistAction { none, write, remove };

// What happens to a VF pool on the PF when its VF count changes. libvirt
// builds a pool's VF list when the network starts, and refuses to start a
// <pf dev=…/> pool whose PF has no VFs.
enum class PoolStep {
    restart,  // running, and the PF keeps VFs: stop and start it
    start,    // not running but autostarted (it may have failed at boot for want of VFs)
    stop,     // running, and the PF is left with no VFs
};
struct PoolAction {
    std::string name;
    PoolStep step = PoolStep::restart;
};

struct VfsPlan {
    int from = 0;
    int to = 0;
    std::vector<VfWrite> writes;               // 0 then COUNT, COUNT, 0, or nothing
    std::vector<PciAddress> removed;           // VFs that disappear, for good or for a moment
    std::vector<PoolAction> pool_actions;      // pools on this PF, in the order of HostState::pools
    std::vector<std::string> pools_left;       // not running, not autostarted: left alone
    PersistAction persist = PersistAction::none;
    std::filesystem::path persist_file;
    std::vector<std::string> refusals;         // the real run refuses while any (a dry run shows them)

    bool changes_count() const { return !writes.empty(); }
    bool changes_anything() const { return changes_count() || persist != PersistAction::none; }
};

}  // namespace vpt
