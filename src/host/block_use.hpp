// What the host's block devices are used for, read once per query: the part
// of the host-use guard that keeps `vpt detach` from pulling a disk out from
// under the running system.
//
// A device's block devices are those below it in sysfs, and the namespaces
// of an NVMe subsystem it is a controller of (native NVMe multipath).
//
//   - mounted: /proc/self/mountinfo, by device number (so a root mounted as
//     "/dev/root" is found) and by source path; /proc/self/mounts where
//     there is no mountinfo;
//   - swap: /proc/swaps;
//   - stacked: LVM, md, dm-crypt (holders/), followed to what is mounted;
//   - a member of a mounted multi-device btrfs (/sys/fs/btrfs/*/devices);
//   - on the live host, as a last resort, open for exclusive use by anything
//     else (ZFS holds its vdevs so, as do programs): the kernel answers an
//     O_EXCL open with EBUSY.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/pci_address.hpp"
#include "host/host_fs.hpp"

namespace vpt {

class BlockUse {
public:
    explicit BlockUse(const HostFs& fs);

    // The block devices (disks and partitions) whose sysfs path passes
    // through the PCI device, or that live on an NVMe subsystem one of whose
    // controllers is the device.
    std::vector<std::string> below(const PciAddress& address) const;

    // "sda2 is mounted on /", "sda1 is in use as swap", ... for one block device.
    std::vector<std::string> uses(const std::string& name) const;

    // On the live host, "nvme0n1 is open for exclusive use ..." for the first
    // of `names` that something holds so. Ask only when uses() found nothing:
    // a mounted partition makes its whole disk busy as well.
    std::optional<std::string> exclusive_use(const std::vector<std::string>& names) const;

private:
    bool on_nvme_subsystem_of(const std::filesystem::path& target, const PciAddress& address) const;
    void read_mounts();
    void read_btrfs_members();
    void add_mount(const std::string& name, const std::string& target);
    std::optional<std::string> kernel_name(const std::string& source) const;
    std::string label(const std::string& name) const;
    std::optional<std::string> stacked_use(const std::string& name, int depth) const;
    bool busy(const std::string& name) const;

    const HostFs& fs_;
    std::map<std::string, std::vector<std::string>> mounts_;         // kernel name -> mount points
    std::map<std::string, std::vector<std::string>> btrfs_members_;  // kernel name -> its filesystem's mount points
    std::vector<std::string> swaps_;
    // /sys/class/block/*, sorted by name, with the resolved link targets.
    std::vector<std::pair<std::string, std::filesystem::path>> block_links_;
};

}  // namespace vpt
