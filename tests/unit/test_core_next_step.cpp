#include <doctest/doctest.h>

#include "core/next_step.hpp"

using namespace vpt;

namespace {

PciAddress addr(const char* text) { return *PciAddress::parse(text); }

PciDevice device(const char* address, std::optional<std::string> driver, uint32_t class_code,
                 std::vector<const char*> members) {
    PciDevice d;
    d.address = addr(address);
    d.name = d.address.nodedev_name();
    d.driver = std::move(driver);
    d.class_code = class_code;
    d.iommu_group = 5;
    for (auto* m : members) d.group_members.push_back(addr(m));
    return d;
}

constexpr uint32_t nic = 0x020000, audio = 0x040300, pci_bridge = 0x060400, isa_bridge = 0x060100;

std::vector<NextStep> steps_for(const Inventory& inventory, const char* address) {
    const PciDevice& d = *inventory.find(addr(address));
    return next_steps(assess_group(inventory, d), d);
}

std::vector<std::optional<std::string>> commands(const std::vector<NextStep>& steps) {
    std::vector<std::optional<std::string>> result;
    for (const auto& step : steps) result.push_back(step.command);
    return result;
}

}  // namespace

TEST_CASE("next_steps: a viable group needs nothing") {
    Inventory inventory({device("01:00.0", "vfio-pci", nic, {"01:00.0"})}, {});
    CHECK(steps_for(inventory, "01:00.0").empty());
}

TEST_CASE("next_steps: an endpoint on a host driver: detach the device asked about, once for the group") {
    std::vector<const char*> members = {"01:00.0", "01:00.1"};
    Inventory inventory({device("01:00.0", "nouveau", nic, members), device("01:00.1", "snd_hda_intel", audio, members)},
                        {});
    auto steps = steps_for(inventory, "01:00.1");
    REQUIRE(steps.size() == 1);
    CHECK(steps[0].code == ReasonCode::host_driver);
    CHECK(steps[0].command == "vpt detach 0000:01:00.1");
}

TEST_CASE("next_steps: asked about a bridge, detach names the endpoint on a host driver") {
    std::vector<const char*> members = {"00:01.0", "01:00.0"};
    Inventory inventory({device("00:01.0", "pcieport", pci_bridge, members), device("01:00.0", "igb", nic, members)},
                        {});
    CHECK(commands(steps_for(inventory, "00:01.0")) == std::vector<std::optional<std::string>>{"vpt detach 0000:01:00.0"});
}

TEST_CASE("next_steps: a member held by a guest: unassign it from that guest, before any detach") {
    std::vector<const char*> members = {"01:00.0", "01:00.1"};
    Inventory inventory({device("01:00.0", "igb", nic, members), device("01:00.1", "vfio-pci", nic, members)},
                        {{addr("01:00.1"), Holder{"web", Holder::Kind::hostdev, {}, true}},
                         {addr("01:00.1"), Holder{"my vm", Holder::Kind::interface, {}, false}}});
    CHECK(commands(steps_for(inventory, "01:00.0")) ==
          std::vector<std::optional<std::string>>{"vpt unassign web 0000:01:00.1",
                                                  "vpt unassign 'my vm' 0000:01:00.1", "vpt detach 0000:01:00.0"});
}

TEST_CASE("next_steps: a host bridge kept by the host: no command, what can be done instead") {
    std::vector<const char*> members = {"00:1f.0", "00:1f.4"};
    Inventory inventory(
        {device("00:1f.0", "lpc_ich", isa_bridge, members), device("00:1f.4", "vfio-pci", nic, members)}, {});
    auto steps = steps_for(inventory, "00:1f.4");
    REQUIRE(steps.size() == 1);
    CHECK(steps[0].code == ReasonCode::bridge_host_driver);
    CHECK_FALSE(steps[0].command);
    CHECK(steps[0].text.find("0000:00:1f.0") != std::string::npos);
    CHECK(steps[0].text.find("another IOMMU group") != std::string::npos);
}

TEST_CASE("next_steps: the codes without a device command") {
    SUBCASE("no IOMMU group: vpt check says how to turn it on") {
        PciDevice d = device("01:00.0", "igb", nic, {});
        d.iommu_group.reset();
        Inventory inventory({d}, {});
        CHECK(commands(steps_for(inventory, "01:00.0")) == std::vector<std::optional<std::string>>{"vpt check"});
    }
    SUBCASE("drivers not reported: one step for every member, no command") {
        std::vector<const char*> members = {"01:00.0", "01:00.1"};
        Inventory inventory({device("01:00.0", std::nullopt, nic, members), device("01:00.1", std::nullopt, nic, members)},
                            {}, DriverReporting::not_reported);
        auto steps = steps_for(inventory, "01:00.0");
        REQUIRE(steps.size() == 1);
        CHECK(steps[0].code == ReasonCode::driver_unknown);
        CHECK_FALSE(steps[0].command);
    }
    SUBCASE("bridges only: choose an endpoint") {
        Inventory inventory({device("00:01.0", "pcieport", pci_bridge, {"00:01.0"})}, {});
        CHECK(commands(steps_for(inventory, "00:01.0")) ==
              std::vector<std::optional<std::string>>{"vpt list --groups"});
    }
    SUBCASE("a member libvirt does not know: named, no command") {
        Inventory inventory({device("01:00.0", "vfio-pci", nic, {"01:00.0", "01:00.1"})}, {});
        auto steps = steps_for(inventory, "01:00.0");
        REQUIRE(steps.size() == 1);
        CHECK_FALSE(steps[0].command);
        CHECK(steps[0].text.find("0000:01:00.1") != std::string::npos);
    }
}

TEST_CASE("next_steps: one unassign per guest, naming the device asked about when the guest holds it") {
    std::vector<const char*> members = {"01:00.0", "01:00.1", "01:00.2"};
    Holder media{"media", Holder::Kind::placeholder, {}, false};
    Inventory inventory({device("01:00.0", "vfio-pci", nic, members), device("01:00.1", "vfio-pci", nic, members),
                         device("01:00.2", "vfio-pci", nic, members)},
                        {{addr("01:00.0"), media}, {addr("01:00.1"), media}, {addr("01:00.2"), media}});
    CHECK(commands(steps_for(inventory, "01:00.1")) ==
          std::vector<std::optional<std::string>>{"vpt unassign media 0000:01:00.1"});
    CHECK(commands(steps_for(inventory, "01:00.0")) ==
          std::vector<std::optional<std::string>>{"vpt unassign media 0000:01:00.0"});
}
