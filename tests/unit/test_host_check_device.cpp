#include <doctest/doctest.h>

#include "test_pci_devices.hpp"

#include "host/checks.hpp"
#include "test_host_tree.hpp"

using namespace vpt;
using vpt::test::addr;
using vpt::test::has_text;
using vpt::test::fixture;
using vpt::test::TempTree;

namespace {

PciDevice device(const char* address, std::optional<std::string> driver, std::optional<int> group,
                 std::vector<const char*> members, uint32_t class_code = 0x010802) {
    return test::make_device(address, std::move(driver), group, members, class_code);
}

}  // namespace

TEST_CASE("check_device_group") {
    SUBCASE("a viable group") {
        Inventory inventory({device("02:00.0", "vfio-pci", 9, {"02:00.0"})}, {});
        auto v = check_device_group(inventory, *inventory.find(addr("02:00.0")));
        CHECK(v.status == CheckStatus::pass);
        CHECK(has_text(v.finding, "IOMMU group 9 (1 device, 1 endpoint): viable"));
    }
    SUBCASE("a member on a host driver: a warning, vpt detach frees the group") {
        std::vector<const char*> members = {"19:00.0", "19:00.1"};
        Inventory inventory({device("19:00.0", "amdgpu", 17, members, 0x030000),
                             device("19:00.1", "snd_hda_intel", 17, members, 0x040300)},
                            {});
        auto v = check_device_group(inventory, *inventory.find(addr("19:00.0")));
        CHECK(v.status == CheckStatus::warn);
        CHECK(has_text(v.finding, "2 devices, 2 endpoints"));
        CHECK(has_text(v.finding, "snd_hda_intel"));
        CHECK(has_text(v.fix, "vpt detach 0000:19:00.0"));
    }
    SUBCASE("no IOMMU group: fail") {
        Inventory inventory({device("02:00.0", "nvme", std::nullopt, {})}, {});
        auto v = check_device_group(inventory, *inventory.find(addr("02:00.0")));
        CHECK(v.status == CheckStatus::fail);
        CHECK(has_text(v.finding, "no IOMMU group"));
    }
    SUBCASE("a bridge is never assigned") {
        Inventory inventory({device("00:01.0", "pcieport", 1, {"00:01.0"}, 0x060400)}, {});
        CHECK(check_device_group(inventory, *inventory.find(addr("00:01.0"))).status == CheckStatus::fail);
    }
}

TEST_CASE("check_device_host_use looks at every endpoint of the group") {
    HostFs fs = fixture("intel-ir");
    SUBCASE("the root disk's NVMe") {
        Inventory inventory({device("01:00.0", "nvme", 8, {"01:00.0"})}, {});
        auto v = check_device_host_use(fs, inventory, *inventory.find(addr("01:00.0")));
        CHECK(v.status == CheckStatus::fail);
        CHECK(has_text(v.finding, "0000:01:00.0 (Non-Volatile memory controller): nvme0n1p2 is mounted on /"));
    }
    SUBCASE("a free data disk") {
        Inventory inventory({device("02:00.0", "nvme", 9, {"02:00.0"})}, {});
        CHECK(check_device_host_use(fs, inventory, *inventory.find(addr("02:00.0"))).status ==
              CheckStatus::pass);
    }
    SUBCASE("a companion in the same group that the host uses") {
        std::vector<const char*> members = {"00:1c.0", "02:00.0", "06:00.0"};
        Inventory inventory({device("00:1c.0", "pcieport", 5, members, 0x060400),
                             device("02:00.0", "nvme", 5, members),
                             device("06:00.0", "igb", 5, members, 0x020000)},
                            {});
        auto v = check_device_host_use(fs, inventory, *inventory.find(addr("02:00.0")));
        CHECK(v.status == CheckStatus::fail);
        CHECK(has_text(v.finding, "eno1 carries the default route"));
    }
}

TEST_CASE("check_device_reset") {
    HostFs fs = fixture("intel-ir");
    auto flr = check_device_reset(fs, addr("03:00.0"));
    CHECK(flr.status == CheckStatus::pass);
    CHECK(flr.finding == "reset methods: flr,bus (Function Level Reset)");
    auto none = check_device_reset(fs, addr("19:00.0"));
    CHECK(none.status == CheckStatus::warn);
    CHECK(has_text(none.fix, "Function Level Reset"));
    CHECK(has_text(none.fix, "vendor-reset"));
    CHECK(has_text(none.fix, "echo default > reset_method"));
    CHECK(has_text(none.fix, "reboot the host"));
    SUBCASE("an emptied reset_method: a warning with the same workarounds") {
        TempTree tree("intel-ir");
        tree.write("/sys/devices/pci0000:17/0000:17:02.0/0000:19:00.0/reset_method", "\n");
        auto emptied = check_device_reset(tree.fs(), addr("19:00.0"));
        CHECK(emptied.status == CheckStatus::warn);
        CHECK(has_text(emptied.finding, "reset_method is empty"));
        CHECK(has_text(emptied.fix, "echo default > reset_method"));
    }
    CHECK(check_device_reset(fs, addr("42:00.0")).status == CheckStatus::skip);
    SUBCASE("an older kernel with only 'reset'") {
        TempTree tree("intel-ir");
        tree.write("/sys/devices/pci0000:17/0000:17:02.0/0000:19:00.0/reset", "");
        CHECK(check_device_reset(tree.fs(), addr("19:00.0")).status == CheckStatus::pass);
    }
}

TEST_CASE("check_device_sriov") {
    HostFs fs = fixture("intel-ir");
    CHECK(check_device_sriov(fs, addr("03:00.0")).finding == "physical function: 4 of 7 VFs enabled");
    CHECK(has_text(check_device_sriov(fs, addr("5e:00.0")).finding, "0 of 64 VFs enabled (vpt vfs"));
    CHECK(check_device_sriov(fs, addr("03:10.0")).finding == "a virtual function of 0000:03:00.0");
    CHECK(check_device_sriov(fs, addr("02:00.0")).status == CheckStatus::skip);
}
