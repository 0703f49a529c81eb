#include <doctest/doctest.h>

#include "core/viability.hpp"

using namespace vpt;

namespace {

PciAddress addr(const char* text) { return *PciAddress::parse(text); }

PciDevice endpoint(const char* address, std::optional<std::string> driver, int group,
                   std::vector<const char*> members) {
    PciDevice device;
    device.address = addr(address);
    device.name = device.address.nodedev_name();
    device.driver = std::move(driver);
    device.class_code = 0x020000;
    device.iommu_group = group;
    for (auto* m : members) device.group_members.push_back(addr(m));
    return device;
}

PciDevice bridge(const char* address, int group, std::vector<const char*> members) {
    auto device = endpoint(address, "pcieport", group, members);
    device.class_code = 0x060400;
    return device;
}

bool mentions(const GroupVerdict& verdict, const std::string& text) {
    for (const auto& reason : verdict.reasons)
        if (reason.text.find(text) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("assess_group: a group is viable only when every endpoint is off host drivers") {
    std::vector<const char*> members = {"02:00.0", "03:00.0", "03:00.1"};

    SUBCASE("all endpoints on vfio-pci, bridge on its port driver") {
        Inventory inventory({bridge("02:00.0", 5, members), endpoint("03:00.0", "vfio-pci", 5, members),
                             endpoint("03:00.1", "vfio-pci", 5, members)},
                            {});
        auto verdict = assess_group(inventory, *inventory.find(addr("03:00.0")));
        CHECK(verdict.viable);
        CHECK(verdict.reasons.empty());
    }
    SUBCASE("one companion still on its host driver is named") {
        Inventory inventory({bridge("02:00.0", 5, members), endpoint("03:00.0", "vfio-pci", 5, members),
                             endpoint("03:00.1", "snd_hda_intel", 5, members)},
                            {});
        auto verdict = assess_group(inventory, *inventory.find(addr("03:00.0")));
        CHECK_FALSE(verdict.viable);
        REQUIRE(verdict.reasons.size() == 1);
        CHECK(mentions(verdict, "0000:03:00.1"));
        CHECK(mentions(verdict, "snd_hda_intel"));
    }
    SUBCASE("an endpoint with no driver bound is fine") {
        Inventory inventory({bridge("02:00.0", 5, members), endpoint("03:00.0", std::nullopt, 5, members),
                             endpoint("03:00.1", "vfio-pci", 5, members)},
                            {});
        CHECK(assess_group(inventory, *inventory.find(addr("03:00.1"))).viable);
    }
    SUBCASE("a member held by a guest is named with the guest") {
        Inventory inventory({endpoint("03:00.0", "vfio-pci", 5, {"03:00.0", "03:00.1"}),
                             endpoint("03:00.1", "vfio-pci", 5, {"03:00.0", "03:00.1"})},
                            {{addr("03:00.1"), Holder{"win10", Holder::Kind::hostdev, {}, true}}});
        auto verdict = assess_group(inventory, *inventory.find(addr("03:00.0")));
        CHECK_FALSE(verdict.viable);
        CHECK(mentions(verdict, "win10"));
        CHECK(mentions(verdict, "0000:03:00.1"));
    }
    SUBCASE("a member libvirt does not know") {
        Inventory inventory({endpoint("03:00.0", "vfio-pci", 5, {"03:00.0", "03:00.1"})}, {});
        auto verdict = assess_group(inventory, *inventory.find(addr("03:00.0")));
        CHECK_FALSE(verdict.viable);
        CHECK(mentions(verdict, "0000:03:00.1 is not known"));
    }
}

TEST_CASE("assess_group: unknown drivers leave the verdict undecided, not viable") {
    Inventory unknown({endpoint("03:00.0", std::nullopt, 5, {"03:00.0"})}, {}, DriverReporting::not_reported);
    auto verdict = assess_group(unknown, *unknown.find(addr("03:00.0")));
    CHECK_FALSE(verdict.viable);
    CHECK(verdict.undecided());
    Inventory held({endpoint("03:00.0", std::nullopt, 5, {"03:00.0"})},
                   {{addr("03:00.0"), Holder{"g", Holder::Kind::hostdev, {}, true}}}, DriverReporting::not_reported);
    CHECK_FALSE(assess_group(held, *held.find(addr("03:00.0"))).undecided());
}

TEST_CASE("assess_group: a group of bridges only has nothing to assign") {
    Inventory inventory({bridge("00:01.0", 3, {"00:01.0"})}, {});
    auto verdict = assess_group(inventory, *inventory.find(addr("00:01.0")));
    CHECK_FALSE(verdict.viable);
    CHECK(mentions(verdict, "only bridges"));
}

TEST_CASE("assess_group: host and ISA/LPC bridges are not endpoints") {
    SUBCASE("a host bridge alone in its group: nothing to assign") {
        PciDevice host = endpoint("00:00.0", std::nullopt, 0, {"00:00.0"});
        host.class_code = 0x060000;
        Inventory inventory({host}, {});
        auto verdict = assess_group(inventory, *inventory.find(addr("00:00.0")));
        CHECK_FALSE(verdict.viable);
        CHECK(mentions(verdict, "only bridges"));
    }
    std::vector<const char*> members = {"00:1f.0", "00:1f.4"};
    auto lpc = [&](std::optional<std::string> driver) {
        PciDevice device = endpoint("00:1f.0", std::move(driver), 7, members);
        device.class_code = 0x060100;
        return device;
    };
    SUBCASE("a driver-less ISA bridge lets the group be viable, as VFIO does") {
        Inventory inventory({lpc(std::nullopt), endpoint("00:1f.4", "vfio-pci", 7, members)}, {});
        auto verdict = assess_group(inventory, *inventory.find(addr("00:1f.4")));
        CHECK(verdict.viable);
    }
    SUBCASE("an ISA bridge on its host driver blocks the group, and is not offered to vpt detach") {
        Inventory inventory({lpc("lpc_ich"), endpoint("00:1f.4", "vfio-pci", 7, members)}, {});
        auto verdict = assess_group(inventory, *inventory.find(addr("00:1f.4")));
        CHECK_FALSE(verdict.viable);
        REQUIRE(verdict.reasons.size() == 1);
        CHECK(mentions(verdict, "0000:00:1f.0 is an ISA/LPC bridge bound to host driver 'lpc_ich'"));
        CHECK_FALSE(mentions(verdict, "vpt detach"));
    }
    SUBCASE("a PCI bridge on its port driver does not block the group") {
        PciDevice port = lpc("pcieport");
        port.class_code = 0x060400;
        Inventory inventory({port, endpoint("00:1f.4", "vfio-pci", 7, members)}, {});
        CHECK(assess_group(inventory, *inventory.find(addr("00:1f.4"))).viable);
    }
}

TEST_CASE("assess_group: no IOMMU group means not viable, pointing at vpt check") {
    PciDevice device = endpoint("03:00.0", "vfio-pci", 0, {});
    device.iommu_group.reset();
    Inventory inventory({device}, {});
    auto verdict = assess_group(inventory, *inventory.find(addr("03:00.0")));
    CHECK_FALSE(verdict.viable);
    CHECK(mentions(verdict, "vpt check"));
}

TEST_CASE("Inventory sorts devices, groups members and merges duplicate holders") {
    std::vector<const char*> members = {"03:00.0", "03:00.1"};
    Holder holder{"g", Holder::Kind::hostdev, {}, true};
    Inventory inventory({endpoint("03:00.1", "a", 1, members), endpoint("03:00.0", "b", 1, members),
                         endpoint("01:00.0", "c", 2, {"01:00.0"})},
                        {{addr("03:00.0"), holder}, {addr("03:00.0"), holder}});
    REQUIRE(inventory.devices().size() == 3);
    CHECK(inventory.devices()[0].address == addr("01:00.0"));
    CHECK(inventory.devices()[2].address == addr("03:00.1"));
    auto group = inventory.group_of(*inventory.find(addr("03:00.1")));
    REQUIRE(group.size() == 2);
    CHECK(group[0]->address == addr("03:00.0"));
    CHECK(inventory.holders(addr("03:00.0")).size() == 1);
    CHECK(inventory.holders(addr("01:00.0")).empty());
}

namespace {

std::vector<ReasonCode> codes(const GroupVerdict& verdict) {
    std::vector<ReasonCode> result;
    for (const auto& reason : verdict.reasons) result.push_back(reason.code);
    return result;
}

}  // namespace

TEST_CASE("assess_group: each reason carries its code, the member and the guest") {
    std::vector<const char*> members = {"00:1f.0", "03:00.0", "03:00.1"};
    PciDevice lpc = endpoint("00:1f.0", "lpc_ich", 5, members);
    lpc.class_code = 0x060100;
    Inventory inventory({lpc, endpoint("03:00.0", "vfio-pci", 5, members), endpoint("03:00.1", "igb", 5, members)},
                        {{addr("03:00.0"), Holder{"web", Holder::Kind::hostdev, {}, false}}});
    auto verdict = assess_group(inventory, *inventory.find(addr("03:00.0")));
    REQUIRE(codes(verdict) ==
            std::vector{ReasonCode::bridge_host_driver, ReasonCode::held_by_guest, ReasonCode::host_driver});
    CHECK(verdict.reasons[0].member == addr("00:1f.0"));
    CHECK(verdict.reasons[1].member == addr("03:00.0"));
    CHECK(verdict.reasons[1].guest == "web");
    CHECK(verdict.reasons[2].member == addr("03:00.1"));
    CHECK_FALSE(verdict.reasons[2].guest);
    CHECK(verdict.state() == Viability::not_viable);
}

TEST_CASE("assess_group: the other codes") {
    SUBCASE("no IOMMU group") {
        PciDevice device = endpoint("03:00.0", "vfio-pci", 0, {});
        device.iommu_group.reset();
        Inventory inventory({device}, {});
        CHECK(codes(assess_group(inventory, *inventory.find(addr("03:00.0")))) ==
              std::vector{ReasonCode::no_iommu_group});
    }
    SUBCASE("a member libvirt does not know") {
        Inventory inventory({endpoint("03:00.0", "vfio-pci", 5, {"03:00.0", "03:00.1"})}, {});
        auto verdict = assess_group(inventory, *inventory.find(addr("03:00.0")));
        REQUIRE(codes(verdict) == std::vector{ReasonCode::member_unknown});
        CHECK(verdict.reasons[0].member == addr("03:00.1"));
    }
    SUBCASE("bridges only") {
        Inventory inventory({bridge("00:01.0", 3, {"00:01.0"})}, {});
        CHECK(codes(assess_group(inventory, *inventory.find(addr("00:01.0")))) ==
              std::vector{ReasonCode::only_bridges});
    }
    SUBCASE("drivers not reported") {
        Inventory inventory({endpoint("03:00.0", std::nullopt, 5, {"03:00.0"})}, {}, DriverReporting::not_reported);
        CHECK(codes(assess_group(inventory, *inventory.find(addr("03:00.0")))) ==
              std::vector{ReasonCode::driver_unknown});
    }
}

TEST_CASE("GroupVerdict::state: viable, not viable, or cannot tell") {
    SUBCASE("viable") {
        Inventory inventory({endpoint("03:00.0", "vfio-pci", 5, {"03:00.0"})}, {});
        CHECK(assess_group(inventory, *inventory.find(addr("03:00.0"))).state() == Viability::viable);
    }
    SUBCASE("not viable") {
        Inventory inventory({endpoint("03:00.0", "igb", 5, {"03:00.0"})}, {});
        CHECK(assess_group(inventory, *inventory.find(addr("03:00.0"))).state() == Viability::not_viable);
    }
    SUBCASE("unknown drivers only: cannot tell") {
        Inventory inventory({endpoint("03:00.0", std::nullopt, 5, {"03:00.0"})}, {}, DriverReporting::not_reported);
        CHECK(assess_group(inventory, *inventory.find(addr("03:00.0"))).state() == Viability::unknown);
    }
    SUBCASE("unknown drivers and a guest holding it: not viable whatever the drivers are") {
        Inventory inventory({endpoint("03:00.0", std::nullopt, 5, {"03:00.0"})},
                            {{addr("03:00.0"), Holder{"g", Holder::Kind::hostdev, {}, true}}},
                            DriverReporting::not_reported);
        CHECK(assess_group(inventory, *inventory.find(addr("03:00.0"))).state() == Viability::not_viable);
    }
    SUBCASE("no IOMMU group, in list --groups") {
        CHECK(no_group_verdict(addr("03:00.0")).state() == Viability::not_viable);
        CHECK(no_group_verdict(addr("03:00.0")).reasons.at(0).code == ReasonCode::no_iommu_group);
    }
}

TEST_CASE("reason_code_name: every code has its own stable name") {
    std::vector<std::string> names;
    for (auto code : all_reason_codes()) names.emplace_back(reason_code_name(code));
    CHECK(names == std::vector<std::string>{"no-iommu-group", "member-unknown", "only-bridges", "driver-unknown",
                                            "host-driver", "bridge-host-driver", "held-by-guest"});
}
