// Devices named by what they are (vendor:device) or by their slot, against
// libvirt's test driver: reads show every match, commands that take several
// devices take them all, a one-device change refuses several.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "run_vpt.hpp"

using nlohmann::json;

namespace {

json run_json(const std::vector<std::string>& args) {
    std::vector<std::string> full = {"-c", demo_uri(), "--json"};
    full.insert(full.end(), args.begin(), args.end());
    auto run = run_vpt(full);
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    return json::parse(run.out);
}

std::vector<std::string> shown_addresses(const json& shown) {
    std::vector<std::string> addresses;
    for (const auto& entry : shown) addresses.push_back(entry["device"]["address"]);
    return addresses;
}

using List = std::vector<std::string>;

}  // namespace

TEST_CASE("show by vendor:device: a list of every device with those ids") {
    auto gpu = run_json({"show", "10de:2204"});
    REQUIRE(gpu.is_array());
    CHECK(shown_addresses(gpu) == List{"0000:18:00.0"});
    // Each entry is what show prints for the device by address.
    CHECK(gpu[0] == run_json({"show", "18:00.0"}));
    CHECK(shown_addresses(run_json({"show", "8086:10CA"})) ==
          List{"0000:03:10.0", "0000:03:10.1", "0000:03:10.2", "0000:03:10.3", "0000:03:10.4", "0000:03:10.6"});
}

TEST_CASE("show by slot: every function of it, with or without the domain") {
    auto card = run_json({"show", "18:00"});
    CHECK(shown_addresses(card) == List{"0000:18:00.0", "0000:18:00.1"});
    CHECK(card == run_json({"show", "0000:18:00"}));
    CHECK(card[1] == run_json({"show", "18:00.1"}));

    auto text = run_vpt({"-c", demo_uri(), "show", "18:00"});
    CHECK(text.exit_code == 0);
    CHECK(text.out.find("0000:18:00.0  NVIDIA Corporation GA102 [GeForce RTX 3090]\n") == 0);
    CHECK(text.out.find("\n\n0000:18:00.1  NVIDIA Corporation GA102 High Definition Audio Controller\n") !=
          std::string::npos);
}

TEST_CASE("assign takes every match of every name, each once") {
    auto by_ids = run_json({"assign", "media-server", "1002:73bf", "1002:ab28", "19:00.1", "--dry-run"});
    CHECK(by_ids["result"] == "planned");
    REQUIRE(by_ids["devices"].size() == 2);
    CHECK(by_ids["devices"][0]["address"] == "0000:19:00.0");
    CHECK(by_ids["devices"][1]["address"] == "0000:19:00.1");
    // Both were asked for: neither is a hidden companion.
    CHECK(by_ids["devices"][0]["companion"] == false);
    CHECK(by_ids["devices"][1]["companion"] == false);
    CHECK(by_ids["devices"][1]["as"] == "hostdev");

    auto by_slot = run_json({"assign", "media-server", "19:00", "--dry-run"});
    CHECK(by_slot["devices"].size() == 2);
    CHECK(by_slot["devices"][1]["companion"] == false);
}

TEST_CASE("detach a slot whose functions share one IOMMU group: the group's plan") {
    auto by_slot = run_vpt({"-c", demo_uri(), "detach", "19:00", "--dry-run"});
    CHECK_MESSAGE(by_slot.exit_code == 0, by_slot.err);
    auto by_address = run_vpt({"-c", demo_uri(), "detach", "19:00.0", "--dry-run"});
    CHECK(by_slot.out == by_address.out);
    CHECK(by_slot.out.find("0000:19:00.1") != std::string::npos);
}

TEST_CASE("a one-device change refuses a selector that matches several, listing them") {
    struct Case {
        std::vector<std::string> args;
        std::string selector;
    };
    for (const auto& [args, selector] : std::vector<Case>{{{"vfs", "03:00", "--dry-run", "2"}, "03:00"},
                                                          {{"xml", "interface", "8086:10ca"}, "8086:10ca"},
                                                          {{"detach", "8086:10c9", "--dry-run"}, "8086:10c9"}}) {
        CAPTURE(selector);
        std::vector<std::string> full = {"-c", demo_uri()};
        full.insert(full.end(), args.begin(), args.end());
        auto run = run_vpt(full);
        CHECK(run.exit_code == 2);
        CHECK(run.out.empty());
        CHECK(line_count(run.err) == 1);
        CHECK(run.err.find("vpt: " + selector + " matches ") == 0);
        CHECK(run.err.find("; name one") != std::string::npos);
    }
    auto vfs = run_vpt({"-c", demo_uri(), "vfs", "03:00"});
    CHECK(vfs.err == "vpt: 03:00 matches 2 devices: 0000:03:00.0, 0000:03:00.1; name one\n");
}
