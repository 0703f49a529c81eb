#include <doctest/doctest.h>

#include "core/plan.hpp"

using namespace vpt;

TEST_CASE("every action has a name that reads back to it") {
    for (int i = 0; i <= int(StepAction::initramfs_undo_point); ++i) {
        auto action = StepAction(i);
        CAPTURE(step_action_name(action));
        CHECK(step_action_from_name(step_action_name(action)) == action);
    }
    CHECK_FALSE(step_action_from_name("format-disk"));
}

TEST_CASE("every operation has a name that reads back to it") {
    for (int i = 0; i <= int(Operation::pool_delete); ++i) {
        auto operation = Operation(i);
        CHECK(operation_from_name(operation_name(operation)) == operation);
    }
    CHECK_FALSE(operation_from_name("reboot"));
}

TEST_CASE("reversed swaps the action and its payload with the undo") {
    Step step = define_guest_step("web", "<new/>", "<old/>");
    Step back = reversed(step);
    CHECK(back.action == StepAction::define_guest);
    CHECK(back.xml == "<old/>");
    CHECK(back.undo_xml == "<new/>");
    CHECK(reversed(back).xml == "<new/>");

    Step count = vf_count_step(PciAddress{0, 3, 0, 0}, "PF", 4, 0);
    CHECK(count.count == 0);
    CHECK(reversed(count).count == 4);
}

TEST_CASE("each step builder pairs an action with the one that reverses it") {
    CHECK(attach_live_step("g", "dev", "<x/>").undo_action == StepAction::detach_live);
    CHECK(detach_live_step("g", PciAddress{0, 1, 0, 0}, "dev", "<x/>").undo_action == StepAction::attach_live);
    CHECK(define_network_step("pool", "<network/>").undo_action == StepAction::undefine_network);
    auto undefine = undefine_network_step("pool", "<network/>");
    CHECK(undefine.undo_action == StepAction::define_network);
    CHECK(reversed(undefine).xml == "<network/>");
    CHECK(network_step("pool", StepAction::start_network).undo_action == StepAction::stop_network);
    CHECK(network_step("pool", StepAction::stop_network).undo_action == StepAction::start_network);
    CHECK(network_step("pool", StepAction::autostart_on).undo_action == StepAction::autostart_off);
    CHECK(network_step("pool", StepAction::autostart_off).undo_action == StepAction::autostart_on);
    auto boot = boot_vf_count_step(PciAddress{0, 3, 0, 0}, "PF", 0, 4);
    CHECK(boot.action == StepAction::set_boot_vf_count);
    CHECK(reversed(boot).count == 0);
}

TEST_CASE("Plan::append keeps the order and carries warnings and refusals") {
    Plan first, second;
    first.steps.push_back(define_guest_step("g", "<a/>", "<b/>"));
    second.steps.push_back(network_step("n", StepAction::start_network));
    second.warnings.push_back("w");
    second.refusals.push_back("r");
    first.append(second);
    REQUIRE(first.steps.size() == 2);
    CHECK(first.steps[1].object == "n");
    CHECK(first.warnings == std::vector<std::string>{"w"});
    CHECK(first.refusals == std::vector<std::string>{"r"});
    CHECK(first.change_count() == 2);
}

TEST_CASE("a boot file step writes, rewrites or removes, and its undo puts back what was there") {
    SUBCASE("a new file: undone by removing it") {
        Step step = boot_file_step("/etc/driverctl.d/pci-0000:01:00.0", "01:00.0", "vfio-pci\n", std::nullopt);
        CHECK(step.action == StepAction::write_boot_file);
        CHECK(step.xml == "vfio-pci\n");
        CHECK(step.undo_action == StepAction::remove_boot_file);
        Step back = reversed(step);
        CHECK(back.action == StepAction::remove_boot_file);
        CHECK(back.object == step.object);
    }
    SUBCASE("a changed file: undone by writing the old text back") {
        Step step = boot_file_step("/etc/x", "x", "new\n", "old\n");
        CHECK(step.action == StepAction::write_boot_file);
        CHECK(step.undo_action == StepAction::write_boot_file);
        CHECK(reversed(step).xml == "old\n");
    }
    SUBCASE("a removed file: undone by writing it again") {
        Step step = boot_file_step("/etc/x", "x", std::nullopt, "old\n");
        CHECK(step.action == StepAction::remove_boot_file);
        CHECK(reversed(step).action == StepAction::write_boot_file);
        CHECK(reversed(step).xml == "old\n");
    }
    SUBCASE("already as wanted: nothing to do") {
        CHECK_FALSE(boot_file_step("/etc/x", "x", "same", "same").changes());
        CHECK_FALSE(boot_file_step("/etc/x", "x", std::nullopt, std::nullopt).changes());
    }
}

TEST_CASE("the initramfs undo point does nothing forward and rebuilds when undone") {
    Step point = initramfs_undo_point_step("update-initramfs");
    CHECK(point.changes());
    CHECK(reversed(point).action == StepAction::rebuild_initramfs);
    Step rebuild = rebuild_initramfs_step("update-initramfs");
    CHECK(rebuild.action == StepAction::rebuild_initramfs);
    CHECK(rebuild.undo_action == StepAction::skip);
    CHECK(rebuild.object == "update-initramfs");
}
