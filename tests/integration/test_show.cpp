// vpt show against libvirt's test driver.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "run_vpt.hpp"

using nlohmann::json;

namespace {

json show_json(const std::string& device) {
    auto run = run_vpt({"-c", demo_uri(), "show", device, "--json"});
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    return json::parse(run.out);
}

bool any_reason_mentions(const json& result, const std::string& text) {
    for (const auto& r : result["reasons"])
        if (r["text"].get<std::string>().find(text) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("show accepts the three name forms with the same answer") {
    auto a = show_json("pci_0000_18_00_1");
    CHECK(a == show_json("0000:18:00.1"));
    CHECK(a == show_json("18:00.1"));
    CHECK(a["device"]["address"] == "0000:18:00.1");
    CHECK(a["group"].size() == 2);
}

TEST_CASE("show names the member at fault and why") {
    auto result = show_json("3e:00.0");
    CHECK(result["viable"] == false);
    REQUIRE(result["group"].size() == 7);  // the switch ports and three endpoints
    CHECK(any_reason_mentions(result, "0000:3d:00.0"));
    CHECK(any_reason_mentions(result, "media-server"));
    CHECK(any_reason_mentions(result, "host driver unknown"));
    // Bridges are left alone, so never a reason.
    CHECK_FALSE(any_reason_mentions(result, "0000:3c:01.0"));
}

TEST_CASE("show by legacy nodedev name") {
    CHECK(show_json("pci_1002_73bf")["device"]["address"] == "0000:19:00.0");
}

TEST_CASE("show as text lists the group with roles and the verdict") {
    auto run = run_vpt({"-c", demo_uri(), "show", "3d:00.0"});
    CHECK(run.exit_code == 0);
    CHECK(run.out.find("IOMMU group 19:") != std::string::npos);
    CHECK(run.out.find("bridge (left alone)") != std::string::npos);
    CHECK(run.out.find("Not viable") != std::string::npos);
}

TEST_CASE("show refuses non-PCI node devices with one clear line") {
    auto run = run_vpt({"-c", demo_uri(), "show", "net_eno1_ac_1f_6b_4e_20_9a"});
    CHECK(run.err.find("not a PCI device") != std::string::npos);
    CHECK(run.exit_code == 2);
    CHECK(run.out.empty());
    CHECK(line_count(run.err) == 1);
}

TEST_CASE("show: the host bridge and the ISA/LPC bridge are bridges, not endpoints") {
    auto host = show_json("00:00.0");
    CHECK(host["device"]["bridge"] == true);
    CHECK(host["viable"] == false);
    CHECK(any_reason_mentions(host, "holds only bridges"));

    auto smbus = show_json("00:1f.4");
    REQUIRE(smbus["group"].size() == 2);
    CHECK(smbus["group"][0]["address"] == "0000:00:1f.0");
    CHECK(smbus["group"][0]["bridge"] == true);
    CHECK(smbus["group"][1]["bridge"] == false);

    auto text = run_vpt({"-c", demo_uri(), "show", "00:1f.4"});
    CHECK(text.out.find("0000:00:1f.0  bridge (left alone)") != std::string::npos);
}

TEST_CASE("show: viable is null when the connection cannot tell, with the code that says why") {
    auto result = show_json("00:17.0");  // an endpoint alone in its group; the test driver reports no drivers
    CHECK(result["viable"].is_null());
    REQUIRE(result["reasons"].size() == 1);
    CHECK(result["reasons"][0]["code"] == "driver-unknown");
    CHECK(result["reasons"][0]["member"] == "0000:00:17.0");
    CHECK(result["reasons"][0]["guest"].is_null());
    auto text = run_vpt({"-c", demo_uri(), "show", "00:17.0"});
    CHECK(text.out.find("Cannot tell: ") != std::string::npos);
}

TEST_CASE("show of a non-viable group says what to run, in text and JSON") {
    auto result = show_json("3e:00.0");
    std::vector<std::string> commands;
    for (const auto& step : result["next"])
        if (!step["command"].is_null()) commands.push_back(step["command"]);
    CHECK(commands == std::vector<std::string>{"vpt unassign media-server 0000:3e:00.0"});
    bool held_reason = false;
    for (const auto& r : result["reasons"])
        held_reason |= r["code"] == "held-by-guest" && r["guest"] == "media-server";
    CHECK(held_reason);

    auto text = run_vpt({"-c", demo_uri(), "show", "3e:00.0"});
    CHECK(text.out.find("Next: vpt unassign media-server 0000:3e:00.0 (") != std::string::npos);

    auto bridges = show_json("00:00.0");
    REQUIRE(bridges["next"].size() == 1);
    CHECK(bridges["next"][0]["code"] == "only-bridges");
}
