#include <doctest/doctest.h>

#include "host/host_fs.hpp"
#include "test_host_tree.hpp"

using namespace vpt;
using vpt::test::fixture;
using vpt::test::TempTree;

TEST_CASE("HostFs::read_text reads a host path below the root, trimmed") {
    HostFs fs = fixture("intel-ir");
    SUBCASE("a file") {
        auto release = fs.read_text("/proc/sys/kernel/osrelease");
        REQUIRE(release.ok());
        CHECK(*release == "6.1.0-18-amd64");
    }
    SUBCASE("through the symlinks sysfs is made of") {
        auto reset = fs.read_text("/sys/bus/pci/devices/0000:02:00.0/reset_method");
        REQUIRE(reset.ok());
        CHECK(*reset == "flr");
    }
    SUBCASE("a missing file is a failure naming the host path") {
        auto missing = fs.read_text("/sys/bus/pci/devices/0000:02:00.0/boot_vga");
        REQUIRE_FALSE(missing.ok());
        CHECK(missing.error().find("/sys/bus/pci/devices/0000:02:00.0/boot_vga") != std::string::npos);
        CHECK(missing.error().find("No such file") != std::string::npos);
    }
    SUBCASE("relative paths and '..' are refused") {
        CHECK_FALSE(fs.read_text("proc/cmdline").ok());
        auto escaping = fs.read_text("/proc/../../../etc/passwd");
        REQUIRE_FALSE(escaping.ok());
        CHECK(escaping.error().find("..") != std::string::npos);
    }
}

TEST_CASE("HostFs::read_tail keeps the end of a file") {
    TempTree tree;
    tree.write("/var/log/kern.log", "first line\nsecond line\nlast line\n");
    auto tail = tree.fs().read_tail("/var/log/kern.log", 10);
    REQUIRE(tail.ok());
    CHECK(*tail == "last line\n");
    auto whole = tree.fs().read_tail("/var/log/kern.log", 1000);
    REQUIRE(whole.ok());
    CHECK(whole->starts_with("first line"));
}

TEST_CASE("HostFs::exists counts dangling symlinks") {
    HostFs fs = fixture("host-uses");
    CHECK(fs.exists("/sys/bus/pci/devices/0000:03:00.1"));
    // The master link points at a device the fixture describes elsewhere.
    CHECK(fs.exists("/dev/mapper/vg0-home"));
    CHECK_FALSE(fs.exists("/dev/mapper/vg0-root"));
    CHECK_FALSE(fs.exists("/sys/../etc"));
}

TEST_CASE("HostFs::link_target and link_target_name resolve a symlink lexically") {
    HostFs fs = fixture("host-uses");
    auto target = fs.link_target("/sys/class/block/sda1");
    REQUIRE(target.ok());
    CHECK(target->string() ==
          "/sys/devices/pci0000:00/0000:00:17.0/ata1/host0/target0:0:0/0:0:0:0/block/sda/sda1");
    auto master = fs.link_target_name("/sys/bus/pci/devices/0000:03:00.1/net/enp3s0f1/master");
    REQUIRE(master.ok());
    CHECK(*master == "br0");
    CHECK_FALSE(fs.link_target_name("/proc/cmdline").ok());
}

TEST_CASE("HostFs::list returns sorted names, empty for a missing directory") {
    HostFs fs = fixture("intel-ir");
    CHECK(fs.list("/sys/class/iommu") == std::vector<std::string>{"dmar0", "dmar1"});
    CHECK(fs.list("/sys/class/nonexistent").empty());
    CHECK(fs.list("relative").empty());
}

TEST_CASE("pci_device_dir names the sysfs directory of a validated address") {
    CHECK(pci_device_dir(*PciAddress::parse("01:00.0")).string() == "/sys/bus/pci/devices/0000:01:00.0");
}

TEST_CASE("HostFs knows whether it reads the live system") {
    CHECK(HostFs().is_live());
    CHECK(HostFs("/").is_live());
    CHECK_FALSE(fixture("amd").is_live());
}
