#include <doctest/doctest.h>

#include "test_pci_devices.hpp"

#include "core/error.hpp"
#include "plan/assign_planner.hpp"

using namespace vpt;
using vpt::test::addr;

namespace {

PciDevice device(const char* address, std::optional<std::string> driver, int group,
                 std::vector<const char*> members, uint32_t class_code = 0x030000) {
    return test::make_device(address, std::move(driver), group, members, class_code);
}

// A GPU with its audio function, a bridge in front of both, and a VF.
Inventory host(std::vector<HeldDevice> held = {}, std::optional<std::string> audio_driver = "snd_hda_intel") {
    std::vector<const char*> gpu_group = {"00:01.0", "01:00.0", "01:00.1"};
    PciDevice vf = device("03:10.0", "vfio-pci", 9, {"03:10.0"}, 0x020000);
    vf.sriov = SriovInfo{SriovInfo::Role::vf, std::nullopt, {}, addr("03:00.0")};
    return Inventory({device("00:01.0", "pcieport", 1, gpu_group, 0x060400),
                      device("01:00.0", "vfio-pci", 1, gpu_group), device("01:00.1", audio_driver, 1, gpu_group, 0x040300),
                      vf},
                     held);
}

PoolLookup no_pools = [](const PciAddress&) { return std::optional<std::string>(); };

std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("plan_assign adds the device and hides its companions by default") {
    auto inventory = host();
    auto plan = plan_assign(inventory, "win10", {inventory.find(addr("01:00.0"))}, DeviceForm::hostdev,
                            CompanionPolicy::hidden, no_pools);
    REQUIRE(plan.additions.size() == 2);
    CHECK(plan.additions[0].address == addr("01:00.0"));
    CHECK(plan.additions[0].kind == Holder::Kind::hostdev);
    CHECK_FALSE(plan.additions[0].companion);
    CHECK(plan.additions[1].address == addr("01:00.1"));
    CHECK(plan.additions[1].kind == Holder::Kind::placeholder);
    CHECK(plan.additions[1].companion);
}

TEST_CASE("plan_assign companion policies") {
    auto inventory = host();
    const PciDevice* gpu = inventory.find(addr("01:00.0"));
    SUBCASE("--with-group makes them visible") {
        auto plan = plan_assign(inventory, "g", {gpu}, DeviceForm::hostdev, CompanionPolicy::visible, no_pools);
        CHECK(plan.additions[1].kind == Holder::Kind::hostdev);
    }
    SUBCASE("--no-companions is refused while a companion is on a host driver") {
        auto why = error_of([&] { plan_assign(inventory, "g", {gpu}, DeviceForm::hostdev, CompanionPolicy::none, no_pools); });
        CHECK(why.find("0000:01:00.1") != std::string::npos);
        CHECK(why.find("snd_hda_intel") != std::string::npos);
    }
    SUBCASE("--no-companions works once the group is viable") {
        auto viable = host({}, "vfio-pci");
        auto plan = plan_assign(viable, "g", {viable.find(addr("01:00.0"))}, DeviceForm::hostdev,
                                CompanionPolicy::none, no_pools);
        CHECK(plan.additions.size() == 1);
        CHECK(plan.notes.size() == 1);
    }
    SUBCASE("naming both functions adds no companion") {
        auto plan = plan_assign(inventory, "g", {gpu, inventory.find(addr("01:00.1"))}, DeviceForm::hostdev,
                                CompanionPolicy::hidden, no_pools);
        REQUIRE(plan.additions.size() == 2);
        CHECK_FALSE(plan.additions[1].companion);
    }
}

TEST_CASE("plan_assign refusals name the device and the holder") {
    SUBCASE("held by another guest") {
        auto inventory = host({{addr("01:00.0"), Holder{"other", Holder::Kind::hostdev, {}, true}}});
        auto why = error_of([&] {
            plan_assign(inventory, "g", {inventory.find(addr("01:00.0"))}, DeviceForm::hostdev, CompanionPolicy::hidden, no_pools);
        });
        CHECK(why.find("held by guest 'other' (hostdev, running); take it back with "
                       "'vpt unassign other 0000:01:00.0'") != std::string::npos);
    }
    SUBCASE("a duplicate in the same guest") {
        auto inventory = host({{addr("01:00.0"), Holder{"g", Holder::Kind::hostdev, {}, false}}});
        auto why = error_of([&] {
            plan_assign(inventory, "g", {inventory.find(addr("01:00.0"))}, DeviceForm::hostdev, CompanionPolicy::hidden, no_pools);
        });
        CHECK(why.find("already assigned") != std::string::npos);
    }
    SUBCASE("a companion held by another guest") {
        auto inventory = host({{addr("01:00.1"), Holder{"other", Holder::Kind::hostdev, {}, false}}});
        auto why = error_of([&] {
            plan_assign(inventory, "g", {inventory.find(addr("01:00.0"))}, DeviceForm::hostdev, CompanionPolicy::hidden, no_pools);
        });
        CHECK(why.find("cannot be split between guests; take it back with 'vpt unassign other 0000:01:00.1'") !=
              std::string::npos);
    }
    SUBCASE("a bridge, a non-VF as interface, a pool VF") {
        auto inventory = host();
        CHECK(error_of([&] {
                  plan_assign(inventory, "g", {inventory.find(addr("00:01.0"))}, DeviceForm::hostdev, CompanionPolicy::hidden, no_pools);
              }).find("bridge") != std::string::npos);
        CHECK(error_of([&] {
                  plan_assign(inventory, "g", {inventory.find(addr("01:00.0"))}, DeviceForm::interface, CompanionPolicy::hidden, no_pools);
              }).find("not an SR-IOV VF") != std::string::npos);
        PoolLookup in_pool = [](const PciAddress&) { return std::optional<std::string>("sriov-pool"); };
        CHECK(error_of([&] {
                  plan_assign(inventory, "g", {inventory.find(addr("03:10.0"))}, DeviceForm::interface, CompanionPolicy::hidden, in_pool);
              }).find("--pool sriov-pool") != std::string::npos);
    }
}

TEST_CASE("a host or ISA/LPC bridge is neither assigned nor a companion") {
    std::vector<const char*> group = {"00:1f.0", "00:1f.3"};
    Inventory inventory({device("00:1f.0", std::nullopt, 7, group, 0x060100), device("00:1f.3", "vfio-pci", 7, group, 0x040300),
                         device("00:00.0", std::nullopt, 0, {"00:00.0"}, 0x060000)},
                        {});
    CHECK(error_of([&] {
              plan_assign(inventory, "g", {inventory.find(addr("00:00.0"))}, DeviceForm::hostdev, CompanionPolicy::hidden, no_pools);
          }).find("is a host bridge and cannot be assigned") != std::string::npos);
    CHECK(error_of([&] {
              plan_assign(inventory, "g", {inventory.find(addr("00:1f.0"))}, DeviceForm::hostdev, CompanionPolicy::hidden, no_pools);
          }).find("is an ISA/LPC bridge and cannot be assigned") != std::string::npos);
    auto plan = plan_assign(inventory, "g", {inventory.find(addr("00:1f.3"))}, DeviceForm::hostdev,
                            CompanionPolicy::hidden, no_pools);
    REQUIRE(plan.additions.size() == 1);
    CHECK(plan.additions[0].address == addr("00:1f.3"));
}

TEST_CASE("a VF as an interface") {
    auto inventory = host();
    auto plan = plan_assign(inventory, "g", {inventory.find(addr("03:10.0"))}, DeviceForm::interface,
                            CompanionPolicy::hidden, no_pools);
    REQUIRE(plan.additions.size() == 1);
    CHECK(plan.additions[0].kind == Holder::Kind::interface);
}

TEST_CASE("plan_removal: the device and every member of its group the guest holds") {
    Holder web{"web", Holder::Kind::hostdev, {}, true};
    Holder web_placeholder{"web", Holder::Kind::placeholder, {}, true};
    Holder other{"db", Holder::Kind::hostdev, {}, false};
    SUBCASE("the companion comes along") {
        Inventory inventory = host({{addr("01:00.0"), web}, {addr("01:00.1"), web_placeholder}});
        CHECK(plan_removal(inventory, *inventory.find(addr("01:00.1")), "web") ==
              std::vector<PciAddress>{addr("01:00.0"), addr("01:00.1")});
    }
    SUBCASE("a member another guest holds stays") {
        Inventory inventory = host({{addr("01:00.0"), web}, {addr("01:00.1"), other}});
        CHECK(plan_removal(inventory, *inventory.find(addr("01:00.0")), "web") == std::vector<PciAddress>{addr("01:00.0")});
    }
    SUBCASE("a device the guest does not hold is bad input, naming both") {
        Inventory inventory = host({{addr("01:00.0"), other}});
        auto why = error_of([&] { plan_removal(inventory, *inventory.find(addr("01:00.0")), "web"); });
        CHECK(why.find("not assigned to guest 'web'") != std::string::npos);
        CHECK(why.find("0000:01:00.0") != std::string::npos);
    }
}

TEST_CASE("plan_assign refuses a group whose ISA/LPC bridge keeps its host driver") {
    std::vector<const char*> lpc_group = {"00:1f.0", "00:1f.3"};
    auto make = [&](std::optional<std::string> lpc_driver) {
        return Inventory({device("00:1f.0", std::move(lpc_driver), 12, lpc_group, 0x060100),
                          device("00:1f.3", "snd_hda_intel", 12, lpc_group, 0x040300)},
                         {});
    };
    Inventory bound = make("lpc_ich");
    auto why = error_of([&] {
        plan_assign(bound, "web", {bound.find(addr("00:1f.3"))}, DeviceForm::hostdev, CompanionPolicy::hidden, no_pools);
    });
    CHECK(why.find("ISA/LPC bridge bound to host driver 'lpc_ich'") != std::string::npos);
    Inventory free = make(std::nullopt);
    auto plan = plan_assign(free, "web", {free.find(addr("00:1f.3"))}, DeviceForm::hostdev, CompanionPolicy::hidden,
                            no_pools);
    CHECK(plan.additions.size() == 1);  // the bridge is left to the host, not added
}
