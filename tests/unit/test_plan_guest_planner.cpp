#include <doctest/doctest.h>

#include "core/error.hpp"
#include "plan/guest_planner.hpp"
#include "test_xml_support.hpp"

using namespace vpt;

namespace {

PciAddress addr(const char* text) { return *PciAddress::parse(text); }

std::string rich_guest() { return test::read_text_file(std::string(VPT_FIXTURES) + "/domains/rich-guest.xml"); }

// A running q35 guest with `ports` empty pcie-root-ports.
std::string q35_live(int ports) {
    std::string xml = "<domain type='kvm'><name>q</name><memory>1048576</memory>"
                      "<os><type arch='x86_64' machine='pc-q35-7.2'>hvm</type></os><devices>"
                      "<controller type='pci' index='0' model='pcie-root'/>";
    for (int i = 1; i <= ports; ++i)
        xml += "<controller type='pci' index='" + std::to_string(i) +
               "' model='pcie-root-port'><target chassis='" + std::to_string(i) + "' port='0x" +
               std::to_string(9 + i) + "'/></controller>";
    return xml + "</devices></domain>";
}

GuestDevice hostdev(const char* address, bool companion) {
    std::string a = addr(address).str();
    std::string xml = "<hostdev mode='subsystem' type='pci' managed='yes'><source><address domain='0x0000' bus='0x" +
                      a.substr(5, 2) + "' slot='0x" + a.substr(8, 2) + "' function='0x" + a.substr(11, 1) +
                      "'/></source>" + (companion ? "<address type='unassigned'/>" : "") + "</hostdev>";
    return GuestDevice{addr(address), a, companion ? "placeholder" : "hostdev", companion, xml,
                       companion ? GuestSlot::none : GuestSlot::pcie};
}

}  // namespace

TEST_CASE("plan_guest_additions: the config defined with the devices, its old XML the undo") {
    std::string config = rich_guest();
    Plan plan = plan_guest_additions({"build-farm", config, std::nullopt}, {hostdev("05:00.0", false)});
    CHECK(plan.operation == Operation::assign);
    CHECK(plan.target == "build-farm");
    REQUIRE(plan.steps.size() == 1);
    CHECK(plan.steps[0].action == StepAction::define_guest);
    CHECK(plan.steps[0].xml.find("bus='0x05'") != std::string::npos);
    CHECK(plan.steps[0].undo_xml == config);
    CHECK(plan.refusals.empty());
}

TEST_CASE("plan_guest_additions: live attaches after the config, companions first") {
    Plan plan = plan_guest_additions({"q", q35_live(1), q35_live(1)},
                                     {hostdev("05:00.0", false), hostdev("05:00.1", true)});
    REQUIRE(plan.steps.size() == 3);
    CHECK(plan.steps[0].action == StepAction::define_guest);
    CHECK(plan.steps[1].action == StepAction::attach_live);
    CHECK(plan.steps[1].address == addr("05:00.1"));
    // Undone, the placeholder goes last and only once the guest let go of
    // 05:00.0: its removal gives the device back to the host at once.
    CHECK(plan.steps[1].undo_action == StepAction::detach_placeholder);
    CHECK(plan.steps[2].address == addr("05:00.0"));
    CHECK(plan.steps[2].undo_action == StepAction::detach_live);
    CHECK(plan.refusals.empty());
}

TEST_CASE("plan_guest_removals: the devices the guest sees are unplugged before its placeholders are removed") {
    std::string live = q35_live(0);
    live.insert(live.find("</devices>"), hostdev("05:00.1", true).xml + hostdev("05:00.0", false).xml);
    Plan plan = plan_guest_removals({"q", std::nullopt, live}, {addr("05:00.0"), addr("05:00.1")});
    REQUIRE(plan.steps.size() == 2);
    CHECK(plan.steps[0].action == StepAction::detach_live);
    CHECK(plan.steps[0].address == addr("05:00.0"));
    CHECK(plan.steps[1].action == StepAction::detach_placeholder);
    CHECK(plan.steps[1].address == addr("05:00.1"));
    CHECK(plan.steps[1].undo_action == StepAction::attach_live);
}

TEST_CASE("plan_guest_additions: a q35 guest without a free root port gets a refusal in the plan") {
    Plan plan = plan_guest_additions({"q", std::nullopt, q35_live(0)}, {hostdev("05:00.0", false)});
    REQUIRE(plan.refusals.size() == 1);
    CHECK(plan.refusals[0].find("vpt prepare q --root-ports 1") != std::string::npos);
    CHECK(plan.steps.size() == 1);  // still shown
}

TEST_CASE("plan_guest_removals: the config without the devices, the live elements as the guest has them") {
    std::string config = rich_guest();
    std::vector<PciAddress> gpu = {addr("19:00.0"), addr("19:00.1")};
    Plan plan = plan_guest_removals({"build-farm", config, config}, gpu);
    CHECK(plan.operation == Operation::unassign);
    REQUIRE(plan.steps.size() == 3);
    CHECK(plan.steps[0].action == StepAction::define_guest);
    CHECK(plan.steps[0].xml.find("bus='0x19'") == std::string::npos);
    CHECK(plan.steps[0].undo_xml == config);
    CHECK(plan.steps[1].action == StepAction::detach_live);
    CHECK(plan.steps[1].address == addr("19:00.0"));
    CHECK(plan.steps[1].xml.find("function='0x0'") != std::string::npos);
    CHECK(plan.steps[2].address == addr("19:00.1"));
}

TEST_CASE("plan_guest_removals: a device the running guest no longer has gets no unplug step") {
    Plan plan = plan_guest_removals({"build-farm", std::nullopt, rich_guest()}, {addr("42:00.0")});
    CHECK(plan.steps.empty());
}
