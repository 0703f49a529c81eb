#include <doctest/doctest.h>

#include "core/error.hpp"
#include "plan/group_planner.hpp"

using namespace vpt;

namespace {

PciAddress addr(const char* text) { return *PciAddress::parse(text); }

PciDevice member(const char* address, std::optional<std::string> driver, uint32_t class_code = 0x020000) {
    PciDevice device;
    device.address = addr(address);
    device.name = device.address.nodedev_name();
    device.driver = std::move(driver);
    device.class_code = class_code;
    device.iommu_group = 7;
    device.group_members = {addr("01:00.0"), addr("02:01.0"), addr("02:02.0")};
    return device;
}

// A PCIe-to-PCI bridge and two NICs behind it: the lab's shape.
std::vector<PciDevice> bridge_group(std::optional<std::string> nic_driver = "e1000") {
    return {member("01:00.0", std::nullopt, 0x060400), member("02:01.0", nic_driver),
            member("02:02.0", nic_driver)};
}

}  // namespace

TEST_CASE("plan_group_detach: every endpoint, never the bridge") {
    Inventory inventory(bridge_group(), {});
    Plan plan = plan_group_detach(inventory, *inventory.find(addr("02:02.0")));
    CHECK(plan.operation == Operation::detach);
    CHECK(plan.target == "0000:02:02.0");
    CHECK(plan.iommu_group == 7);
    REQUIRE(plan.steps.size() == 3);
    CHECK(plan.steps[0].action == StepAction::skip);
    CHECK(plan.steps[0].reason.find("bridge") != std::string::npos);
    CHECK(plan.steps[1].action == StepAction::detach_to_vfio);
    CHECK(plan.steps[1].driver == "e1000");
    CHECK(plan.steps[2].action == StepAction::detach_to_vfio);
    CHECK(plan.change_count() == 2);
}

TEST_CASE("plan_group_detach: an ISA/LPC bridge in the group is left alone") {
    auto devices = bridge_group();
    devices[0].class_code = 0x060100;
    devices[0].driver = "lpc_ich";
    Inventory inventory(devices, {});
    Plan plan = plan_group_detach(inventory, *inventory.find(addr("02:01.0")));
    REQUIRE(plan.steps.size() == 3);
    CHECK(plan.steps[0].action == StepAction::skip);
    CHECK(plan.steps[0].reason == "bridge: left alone");
    CHECK(plan.change_count() == 2);
}

TEST_CASE("plan_group_detach: members already on vfio-pci are skipped, and say so") {
    auto devices = bridge_group();
    devices[1].driver = "vfio-pci";
    Inventory inventory(devices, {});
    Plan plan = plan_group_detach(inventory, *inventory.find(addr("02:01.0")));
    CHECK(plan.steps[1].action == StepAction::skip);
    CHECK(plan.steps[1].reason == "already on vfio-pci");
    CHECK(plan.change_count() == 1);
}

TEST_CASE("plan_group_detach refusals") {
    SUBCASE("a bridge named directly is bad input") {
        Inventory inventory(bridge_group(), {});
        try {
            plan_group_detach(inventory, *inventory.find(addr("01:00.0")));
            FAIL("expected a refusal");
        } catch (const Error& e) {
            CHECK(e.code() == ExitCode::bad_input);
        }
    }
    SUBCASE("a host or ISA/LPC bridge named directly is bad input, named as such") {
        for (auto [code, kind] : {std::pair{0x060000u, "a host bridge"}, std::pair{0x060100u, "an ISA/LPC bridge"}}) {
            CAPTURE(kind);
            auto devices = bridge_group();
            devices[0].class_code = code;
            Inventory inventory(devices, {});
            try {
                plan_group_detach(inventory, *inventory.find(addr("01:00.0")));
                FAIL("expected a refusal");
            } catch (const Error& e) {
                CHECK(e.code() == ExitCode::bad_input);
                CHECK(std::string(e.what()).find(kind) != std::string::npos);
            }
        }
    }
    SUBCASE("a member held by a running guest, named with the guest") {
        Inventory inventory(bridge_group(), {{addr("02:02.0"), Holder{"lab-guest", Holder::Kind::hostdev, {}, true}}});
        try {
            plan_group_detach(inventory, *inventory.find(addr("02:01.0")));
            FAIL("expected a refusal");
        } catch (const Error& e) {
            CHECK(e.code() == ExitCode::failed);
            CHECK(std::string(e.what()).find("lab-guest") != std::string::npos);
            CHECK(std::string(e.what()).find("0000:02:02.0") != std::string::npos);
        }
    }
    SUBCASE("no IOMMU group") {
        auto lonely = member("05:00.0", "e1000e");
        lonely.iommu_group.reset();
        lonely.group_members.clear();
        Inventory inventory({lonely}, {});
        CHECK_THROWS_AS(plan_group_detach(inventory, *inventory.find(addr("05:00.0"))), Error);
    }
}

TEST_CASE("plan_group_reattach: vfio members go back, host-bound ones are skipped") {
    auto devices = bridge_group("vfio-pci");
    devices[2].driver = "e1000";
    SUBCASE("plain") {
        Inventory inventory(devices, {});
        Plan plan = plan_group_reattach(inventory, *inventory.find(addr("02:01.0")));
        CHECK(plan.steps[0].action == StepAction::skip);
        CHECK(plan.steps[1].action == StepAction::reattach);
        CHECK(plan.steps[2].action == StepAction::skip);
        CHECK(plan.steps[2].reason == "already on host driver e1000");
        CHECK(plan.warnings.empty());
    }
    SUBCASE("a shut-off guest's config is a warning, a running guest a refusal") {
        Inventory config_only(devices, {{addr("02:01.0"), Holder{"off", Holder::Kind::hostdev, {}, false}}});
        Plan plan = plan_group_reattach(config_only, *config_only.find(addr("02:01.0")));
        REQUIRE(plan.warnings.size() == 1);
        CHECK(plan.warnings[0].find("'off'") != std::string::npos);
        Inventory running(devices, {{addr("02:01.0"), Holder{"on", Holder::Kind::hostdev, {}, true}}});
        CHECK_THROWS_AS(plan_group_reattach(running, *running.find(addr("02:02.0"))), Error);
    }
    SUBCASE("what the releasing guest holds does not count: the same plan takes it out first") {
        Inventory running(devices, {{addr("02:01.0"), Holder{"on", Holder::Kind::hostdev, {}, true}},
                                    {addr("02:01.0"), Holder{"other", Holder::Kind::hostdev, {}, false}}});
        Plan plan = plan_group_reattach(running, *running.find(addr("02:01.0")), "on");
        CHECK(plan.steps[1].action == StepAction::reattach);
        REQUIRE(plan.warnings.size() == 1);
        CHECK(plan.warnings[0].find("'other'") != std::string::npos);
    }
}

TEST_CASE("every changing step of a group plan carries its undo") {
    Inventory inventory(bridge_group(), {});
    Plan plan = plan_group_detach(inventory, *inventory.find(addr("02:01.0")));
    CHECK(plan.steps[0].undo_action == StepAction::skip);
    CHECK(plan.steps[1].undo_action == StepAction::reattach);
    CHECK(plan.steps[2].undo_action == StepAction::reattach);
}

TEST_CASE("inverse actions") {
    CHECK(inverse(StepAction::detach_to_vfio) == StepAction::reattach);
    CHECK(inverse(StepAction::reattach) == StepAction::detach_to_vfio);
    CHECK(inverse(StepAction::skip) == StepAction::skip);
}

TEST_CASE("plan_group_reset: every endpoint on vfio-pci or without a driver, none undoable") {
    auto devices = bridge_group("vfio-pci");
    devices[2].driver.reset();
    Inventory inventory(devices, {});
    Plan plan = plan_group_reset(inventory, *inventory.find(addr("02:01.0")));
    CHECK(plan.operation == Operation::reset);
    CHECK(plan.refusals.empty());
    REQUIRE(plan.steps.size() == 3);
    CHECK(plan.steps[0].action == StepAction::skip);
    for (size_t i : {1, 2}) {
        CHECK(plan.steps[i].action == StepAction::reset_device);
        CHECK(plan.steps[i].undo_action == StepAction::skip);
    }
    CHECK(plan.steps[1].reason.find("libvirt leaves the reset to vfio-pci") != std::string::npos);
    CHECK(plan.steps[2].reason.find("no driver") == 0);
}

TEST_CASE("plan_group_reset refusals name the command that clears them") {
    SUBCASE("a member held by a running guest: unassign it") {
        Inventory inventory(bridge_group("vfio-pci"),
                            {{addr("02:02.0"), Holder{"lab-guest", Holder::Kind::hostdev, {}, true}}});
        Plan plan = plan_group_reset(inventory, *inventory.find(addr("02:01.0")));
        REQUIRE(plan.refusals.size() == 1);
        CHECK(plan.refusals[0].find("'vpt unassign lab-guest 0000:02:02.0'") != std::string::npos);
    }
    SUBCASE("a shut-off guest's config does not hold the device now") {
        Inventory inventory(bridge_group("vfio-pci"),
                            {{addr("02:02.0"), Holder{"lab-guest", Holder::Kind::hostdev, {}, false}}});
        CHECK(plan_group_reset(inventory, *inventory.find(addr("02:01.0"))).refusals.empty());
    }
    SUBCASE("a member a host driver is using: detach the group first") {
        Inventory inventory(bridge_group("e1000"), {});
        Plan plan = plan_group_reset(inventory, *inventory.find(addr("02:01.0")));
        REQUIRE(plan.refusals.size() == 2);
        CHECK(plan.refusals[0].find("host driver e1000") != std::string::npos);
        CHECK(plan.refusals[0].find("'vpt detach 0000:02:01.0'") != std::string::npos);
    }
    SUBCASE("a bridge named directly is bad input") {
        Inventory inventory(bridge_group("vfio-pci"), {});
        CHECK_THROWS_AS(plan_group_reset(inventory, *inventory.find(addr("01:00.0"))), Error);
    }
}
