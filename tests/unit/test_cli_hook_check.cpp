#include <doctest/doctest.h>

#include <sys/stat.h>

#include <chrono>

#include "cli/hook_check.hpp"
#include "test_host_tree.hpp"

using namespace vpt;
using vpt::test::TempTree;
using namespace std::chrono_literals;

namespace {

void add_device(const TempTree& tree, const std::string& address, const std::string& vendor,
                const std::string& device) {
    std::string dir = "/sys/bus/pci/devices/" + address;
    tree.write(dir + "/vendor", vendor + "\n");
    tree.write(dir + "/device", device + "\n");
    tree.write(dir + "/class", "0x030000\n");
    tree.write(dir + "/config", std::string(256, '\0'));
}

// A config space whose read blocks, as one of a device the kernel holds
// (a reset that does not end) does: a FIFO no one writes.
void blocking_config(const TempTree& tree, const std::string& address) {
    auto config = tree.path / ("sys/bus/pci/devices/" + address + "/config");
    std::filesystem::remove(config);
    REQUIRE(::mkfifo(config.c_str(), 0600) == 0);
}

DeviceIdentity record(const std::string& address, uint32_t vendor, uint32_t device) {
    DeviceIdentity identity;
    identity.address = *PciAddress::parse(address);
    identity.vendor = vendor;
    identity.device = device;
    return identity;
}

}  // namespace

TEST_CASE("hook_refusal: the recorded devices, and only they, read under a deadline") {
    TempTree tree;
    add_device(tree, "0000:01:00.0", "0x10de", "0x2204");
    add_device(tree, "0000:02:00.0", "0x144d", "0xa808");
    std::vector<DeviceIdentity> records = {record("0000:01:00.0", 0x10de, 0x2204)};

    SUBCASE("the recorded device is there: the guest starts") {
        CHECK_FALSE(hook_refusal(tree.fs(), "g", records, 5000ms));
    }
    SUBCASE("another device there: refused, both named") {
        records[0].device = 0x1c82;
        auto refusal = hook_refusal(tree.fs(), "g", records, 5000ms);
        REQUIRE(refusal);
        CHECK(refusal->find("refusing to start guest 'g': guest 'g' 0000:01:00.0 drift: recorded 10de:1c82") == 0);
        CHECK(refusal->find("now holds 10de:2204") != std::string::npos);
        CHECK(refusal->find("(see 'vpt verify g')") != std::string::npos);
    }
    SUBCASE("a device the guest was not given hangs: not read, the guest starts") {
        blocking_config(tree, "0000:02:00.0");
        auto start = std::chrono::steady_clock::now();
        CHECK_FALSE(hook_refusal(tree.fs(), "g", records, 5000ms));
        CHECK(std::chrono::steady_clock::now() - start < 4s);
    }
    SUBCASE("a recorded device hangs: refused once the deadline passes (fails closed)") {
        blocking_config(tree, "0000:01:00.0");
        auto start = std::chrono::steady_clock::now();
        auto refusal = hook_refusal(tree.fs(), "g", records, 300ms);
        auto took = std::chrono::steady_clock::now() - start;
        REQUIRE(refusal);
        CHECK(*refusal ==
              "refusing to start guest 'g': reading its recorded devices (0000:01:00.0) from sysfs did not finish "
              "within 300 ms, so they cannot be checked (see 'vpt verify g')");
        CHECK(took >= 300ms);
        CHECK(took < 3s);
    }
}
