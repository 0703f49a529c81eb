#include <doctest/doctest.h>

#include <algorithm>

#include "host/host_use_guard.hpp"
#include "test_host_tree.hpp"

using namespace vpt;
using vpt::test::fixture;
using vpt::test::TempTree;
using vpt::test::has_text;

namespace {

PciAddress addr(const char* text) { return *PciAddress::parse(text); }

std::vector<std::string> reasons(const HostFs& fs, const char* address) {
    std::vector<std::string> out;
    for (const auto& use : find_host_uses(fs, addr(address))) {
        CHECK(use.address == addr(address));
        out.push_back(use.reason);
    }
    return out;
}

}  // namespace

TEST_CASE("find_host_uses on a workstation (fixture host-uses)") {
    HostFs fs = fixture("host-uses");
    SUBCASE("the root disk's NVMe controller: every mounted partition") {
        CHECK(reasons(fs, "01:00.0") ==
              std::vector<std::string>{"0000:01:00.0 (Non-Volatile memory controller): nvme0n1p1 is mounted on /boot/efi",
                                       "0000:01:00.0 (Non-Volatile memory controller): nvme0n1p2 is mounted on /"});
    }
    SUBCASE("a SATA controller whose disk holds the swap") {
        CHECK(reasons(fs, "00:17.0") ==
              std::vector<std::string>{"0000:00:17.0 (SATA controller): sda1 is in use as swap"});
    }
    SUBCASE("an LVM physical volume, followed to the mounted logical volume") {
        CHECK(reasons(fs, "02:00.0") ==
              std::vector<std::string>{"0000:02:00.0 (Non-Volatile memory controller): nvme1n1 is an LVM/md member: "
                                       "held by dm-0 (vg0-home), mounted on /home"});
    }
    SUBCASE("an md RAID member that is not mounted is still in use") {
        CHECK(reasons(fs, "04:00.0") ==
              std::vector<std::string>{"0000:04:00.0 (Non-Volatile memory controller): nvme2n1p1 is an LVM/md member: "
                                       "held by md0"});
    }
    SUBCASE("the NIC with the default route and addresses") {
        CHECK(reasons(fs, "03:00.0") ==
              std::vector<std::string>{
                  "0000:03:00.0 (Ethernet controller): enp3s0f0 carries the default route",
                  "0000:03:00.0 (Ethernet controller): enp3s0f0 has addresses 192.168.1.10, "
                  "2001:0db8:0000:0000:0000:0000:0000:0010"});
    }
    SUBCASE("a bridged NIC, with what the bridge carries") {
        CHECK(reasons(fs, "03:00.1") ==
              std::vector<std::string>{"0000:03:00.1 (Ethernet controller): enp3s0f1 is a port of "
                                       "bridge br0, which has address 10.0.0.2"});
    }
    SUBCASE("a NIC under a VLAN that has an address") {
        CHECK(reasons(fs, "08:00.0") ==
              std::vector<std::string>{"0000:08:00.0 (Ethernet controller): enp8s0 carries enp8s0.100, "
                                       "which has address 10.100.0.1"});
    }
    SUBCASE("the boot display") {
        CHECK(reasons(fs, "00:02.0") ==
              std::vector<std::string>{"0000:00:02.0 (VGA compatible controller): the boot display (boot_vga): "
                                       "the host console runs on it"});
    }
    SUBCASE("clean devices: a NIC with only a link-local address, a second GPU, a USB controller") {
        CHECK(reasons(fs, "05:00.0").empty());
        CHECK(reasons(fs, "06:00.0").empty());
        CHECK(reasons(fs, "07:00.0").empty());
        CHECK(reasons(fs, "09:00.0").empty());  // not in the tree at all
    }
}

TEST_CASE("find_host_uses for a whole group keeps the order") {
    auto uses = find_host_uses(fixture("host-uses"), {addr("05:00.0"), addr("00:17.0"), addr("00:02.0")});
    REQUIRE(uses.size() == 2);
    CHECK(uses[0].address == addr("00:17.0"));
    CHECK(uses[1].address == addr("00:02.0"));
}

TEST_CASE("find_host_uses: how mounts name their devices") {
    TempTree tree("host-uses");
    SUBCASE("/dev/mapper/NAME without a symlink, found by dm/name") {
        tree.remove("/dev/mapper");
        CHECK(reasons(tree.fs(), "02:00.0").size() == 1);
        CHECK(reasons(tree.fs(), "02:00.0")[0].find("mounted on /home") != std::string::npos);
    }
    SUBCASE("a by-uuid symlink") {
        tree.link("/dev/disk/by-uuid/0b7e6c4a", "/dev/sda2");
        tree.write("/proc/self/mounts", "/dev/disk/by-uuid/0b7e6c4a /srv ext4 rw 0 0\n");
        auto found = reasons(tree.fs(), "00:17.0");
        CHECK(std::find(found.begin(), found.end(),
                        "0000:00:17.0 (SATA controller): sda2 is mounted on /srv") != found.end());
    }
    SUBCASE("mountinfo names a root mounted as /dev/root by its device number") {
        tree.write("/proc/self/mountinfo", "22 1 259:2 / / rw,relatime shared:1 - ext4 /dev/root rw\n");
        tree.link("/sys/dev/block/259:2",
                  "/sys/devices/pci0000:00/0000:00:1b.0/0000:01:00.0/nvme/nvme0/nvme0n1/nvme0n1p2");
        CHECK(reasons(tree.fs(), "01:00.0") ==
              std::vector<std::string>{"0000:01:00.0 (Non-Volatile memory controller): nvme0n1p2 is mounted on /"});
    }
    SUBCASE("mountinfo without a sysfs entry for the number falls back to the source") {
        tree.write("/proc/self/mountinfo", "40 1 0:35 / /srv rw - ext4 /dev/sda2 rw\n");
        auto found = reasons(tree.fs(), "00:17.0");
        CHECK(std::find(found.begin(), found.end(),
                        "0000:00:17.0 (SATA controller): sda2 is mounted on /srv") != found.end());
    }
    SUBCASE("every member of a mounted multi-device btrfs") {
        tree.write("/proc/self/mountinfo", "40 1 0:35 / /data rw - btrfs /dev/sda2 rw\n");
        tree.link("/sys/fs/btrfs/5e1f0c9a/devices/sda2", "/sys/class/block/sda2");
        tree.link("/sys/fs/btrfs/5e1f0c9a/devices/nvme2n1p1", "/sys/class/block/nvme2n1p1");
        auto found = reasons(tree.fs(), "04:00.0");
        CHECK(std::find(found.begin(), found.end(),
                        "0000:04:00.0 (Non-Volatile memory controller): nvme2n1p1 is a member of the btrfs filesystem "
                        "mounted on /data") != found.end());
    }
    SUBCASE("a namespace of a multipath NVMe subsystem, found through its controller") {
        const std::string subsystem = "/sys/devices/virtual/nvme-subsystem/nvme-subsys3";
        tree.write(subsystem + "/nvme3n1/size", "131072");
        tree.link("/sys/class/block/nvme3n1", subsystem + "/nvme3n1");
        tree.link(subsystem + "/nvme3", "/sys/devices/pci0000:00/0000:00:1d.0/0000:04:00.0/nvme/nvme3");
        tree.write("/proc/self/mounts", "/dev/nvme3n1 /var ext4 rw 0 0\n");
        auto found = reasons(tree.fs(), "04:00.0");
        CHECK(std::find(found.begin(), found.end(), "0000:04:00.0 (Non-Volatile memory controller): nvme3n1 is mounted on /var") !=
              found.end());
        for (const auto& reason : reasons(tree.fs(), "02:00.0")) CHECK_FALSE(has_text(reason, "nvme3n1"));
    }
    SUBCASE("an unmounted btrfs says nothing") {
        tree.link("/sys/fs/btrfs/5e1f0c9a/devices/nvme2n1p1", "/sys/class/block/nvme2n1p1");
        for (const auto& reason : reasons(tree.fs(), "04:00.0")) CHECK_FALSE(has_text(reason, "btrfs"));
    }
    SUBCASE("a device without a class file is named by its address") {
        tree.remove("/sys/devices/pci0000:00/0000:00:17.0/class");
        CHECK(reasons(tree.fs(), "00:17.0") ==
              std::vector<std::string>{"0000:00:17.0: sda1 is in use as swap"});
    }
}

TEST_CASE("describe_pci_device") {
    CHECK(describe_pci_device(fixture("host-uses"), addr("07:00.0")) == "0000:07:00.0 (USB controller)");
    CHECK(describe_pci_device(fixture("host-uses"), addr("09:00.0")) == "0000:09:00.0");
}

TEST_CASE("find_host_uses: an interface below a bus driver (virtio-net) is still the device's") {
    TempTree tree;
    const std::string dev = "/sys/devices/pci0000:00/0000:00:02.0";
    tree.write(dev + "/class", "0x020000");
    tree.link("/sys/bus/pci/devices/0000:00:02.0", dev);
    tree.write(dev + "/virtio0/net/enp0s2/operstate", "up");
    tree.link("/sys/class/net/enp0s2", dev + "/virtio0/net/enp0s2");
    tree.write("/proc/net/route",
               "Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask\tMTU\tWindow\tIRTT\n"
               "enp0s2\t00000000\t0202000A\t0003\t0\t0\t0\t00000000\t0\t0\t0\n");
    auto uses = find_host_uses(HostFs(tree.path), *PciAddress::parse("00:02.0"));
    REQUIRE_FALSE(uses.empty());
    CHECK(has_text(uses.front().reason, "enp0s2"));
    CHECK(has_text(uses.front().reason, "default route"));
}
