#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "view/device_view.hpp"

using namespace vpt;
using nlohmann::json;

namespace {

PciAddress addr(const char* text) { return *PciAddress::parse(text); }

PciDevice endpoint(const char* address, std::optional<std::string> driver) {
    PciDevice device;
    device.address = addr(address);
    device.name = device.address.nodedev_name();
    device.driver = std::move(driver);
    device.class_code = 0x020000;
    device.iommu_group = 4;
    device.group_members = {device.address};
    return device;
}

// {"viable", "reasons"} as write_verdict_members writes them.
json verdict_json(const GroupVerdict& verdict) {
    JsonWriter out;
    out.begin_object();
    write_verdict_members(out, verdict);
    out.end_object();
    out.finish();
    return json::parse(out.text());
}

}  // namespace

TEST_CASE("write_verdict_members: viable is true, false, or null when the connection cannot tell") {
    Inventory free({endpoint("01:00.0", "vfio-pci")}, {});
    CHECK(verdict_json(assess_group(free, *free.find(addr("01:00.0")))) == json::parse(R"({"viable": true, "reasons": []})"));

    Inventory unknown({endpoint("01:00.0", std::nullopt)}, {}, DriverReporting::not_reported);
    auto undecided = verdict_json(assess_group(unknown, *unknown.find(addr("01:00.0"))));
    CHECK(undecided["viable"].is_null());
    CHECK(undecided["reasons"][0]["code"] == "driver-unknown");

    Inventory held({endpoint("01:00.0", "igb")}, {{addr("01:00.0"), Holder{"web", Holder::Kind::hostdev, {}, true}}});
    auto refused = verdict_json(assess_group(held, *held.find(addr("01:00.0"))));
    CHECK(refused["viable"] == false);
    REQUIRE(refused["reasons"].size() == 2);
    CHECK(refused["reasons"][0] == json{{"code", "host-driver"},
                                        {"text", refused["reasons"][0]["text"]},
                                        {"member", "0000:01:00.0"},
                                        {"guest", nullptr}});
    CHECK(refused["reasons"][1]["code"] == "held-by-guest");
    CHECK(refused["reasons"][1]["guest"] == "web");
}

TEST_CASE("holders_json and write_holders_json: one held_by shape, the same text") {
    std::vector<Holder> holders = {{"web", Holder::Kind::network, std::string("sriov-pool"), true},
                                   {"ci", Holder::Kind::placeholder, std::nullopt, false}};
    JsonWriter out;
    write_holders_json(out, holders);
    out.finish();
    CHECK(out.text() == holders_json(holders).dump(2) + "\n");
    CHECK(holders_json(holders)[0] ==
          nlohmann::ordered_json::parse(R"({"guest": "web", "as": "network", "network": "sriov-pool", "active": true})"));
    CHECK(holders_json({}) == nlohmann::ordered_json::array());
}
