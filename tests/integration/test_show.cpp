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

namespace {

const std::string demo_sysfs = std::string(VPT_FIXTURES) + "/sysfs/demo-host";

json show_json_root(const std::string& device) {
    auto run = run_vpt({"-c", demo_uri(), "show", device, "--json", "--root", demo_sysfs});
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    return json::parse(run.out);
}

const json& member(const json& result, const std::string& address) {
    for (const auto& m : result["group"])
        if (m["address"] == address) return m;
    FAIL("no member " << address);
    return result;
}

}  // namespace

TEST_CASE("show: NUMA node and PCIe link from libvirt, with and without --root") {
    for (const auto& result : {show_json("18:00.0"), show_json_root("18:00.0")}) {
        const auto& gpu = member(result, "0000:18:00.0");
        CHECK(gpu["numa_node"] == 0);
        CHECK(gpu["link"] == json({{"speed", "8"}, {"width", 16}, {"max_speed", "16"}, {"max_width", 16},
                                   {"below_max", true}}));
        CHECK(result["device"]["link"] == gpu["link"]);
    }
    auto nic = show_json("3e:00.0");
    CHECK(member(nic, "0000:3e:00.0")["numa_node"] == 1);
    CHECK(member(nic, "0000:3e:00.0")["link"]["below_max"] == false);
}

TEST_CASE("show: sysfs facts are null without --root on the test driver, never invented") {
    auto result = show_json("18:00.0");
    for (const auto& m : result["group"]) {
        CHECK(m["reset"].is_null());
        CHECK(m["bars"].is_null());
        CHECK(m["power_state"].is_null());
    }
    auto text = run_vpt({"-c", demo_uri(), "show", "18:00.0"});
    REQUIRE(text.exit_code == 0);
    CHECK(text.out.find("NUMA node   0") != std::string::npos);
    CHECK(text.out.find("8 GT/s x16 (can do 16 GT/s x16)  ! below its maximum speed") != std::string::npos);
    auto nic = run_vpt({"-c", demo_uri(), "show", "3e:00.0"});
    CHECK(nic.out.find("2.5 GT/s x1 (can do 2.5 GT/s x1)\n") != std::string::npos);
    CHECK(nic.out.find("5 GT/s x1 (can do 8 GT/s x4)\n") != std::string::npos);  // a switch port: no warning
    CHECK(text.out.find("    reset ") == std::string::npos);
    CHECK(text.out.find("    BARs ") == std::string::npos);
    CHECK(text.out.find("    power state ") == std::string::npos);
    CHECK(text.out.find("  reset, BARs, power state: unknown (libvirt's test driver has no host)\n") !=
          std::string::npos);
}

TEST_CASE("show --root: BARs, reset methods and power state of each group member") {
    auto gpu = show_json_root("18:00.0");
    const auto& vga = member(gpu, "0000:18:00.0");
    CHECK(vga["bars"] == json({{"mem32", 16 << 20}, {"mem64_prefetch", (16ll << 30) + (32 << 20)},
                               {"mem64", 0}, {"io", 128}, {"rom", 512 << 10}}));
    CHECK(vga["reset"] == json({{"methods", {"flr"}}, {"listed", true}}));
    CHECK(vga["power_state"] == "D0");
    CHECK(member(gpu, "0000:18:00.1")["bars"]["rom"] == 0);

    auto nvme = show_json_root("02:00.0");
    CHECK(nvme["device"]["reset"]["methods"] == json({"flr", "bus"}));
    CHECK(nvme["device"]["bars"]["mem64"] == 16 << 10);

    auto nic = show_json_root("3e:00.0");
    const auto& e1000e = member(nic, "0000:3e:00.0");
    CHECK(e1000e["reset"] == json({{"methods", json::array()}, {"listed", true}}));
    CHECK(e1000e["power_state"] == "D3hot");
    // A bridge of the group has no files in the fixture: unknown, not zero.
    CHECK(member(nic, "0000:3d:00.0")["bars"].is_null());

    auto text = run_vpt({"-c", demo_uri(), "show", "18:00.0", "--root", demo_sysfs});
    REQUIRE(text.exit_code == 0);
    CHECK(text.out.find("Placement and reset:") != std::string::npos);
    CHECK(text.out.find("BARs        32-bit 16 MiB, 64-bit prefetchable 16.03 GiB, I/O 128 B; option ROM 512 KiB") !=
          std::string::npos);
    CHECK(text.out.find("reset       flr\n") != std::string::npos);
    CHECK(text.out.find("power state D0") != std::string::npos);
    CHECK(text.out.find("libvirt: no API says beforehand whether a reset works") != std::string::npos);

    auto none = run_vpt({"-c", demo_uri(), "show", "3e:00.0", "--root", demo_sysfs});
    CHECK(none.out.find("reset       none  ! state can carry over") != std::string::npos);
    CHECK(none.out.find("power state D3hot") != std::string::npos);
}

TEST_CASE("show: a host with nothing to say about placement says only why its sysfs facts are unknown") {
    auto run = run_vpt({"-c", fixture_host_uri("identity-host.xml"), "show", "03:00.0"});
    REQUIRE(run.exit_code == 0);
    CHECK(run.out.find("Placement and reset:\n"
                       "  reset, BARs, power state: unknown (libvirt's test driver has no host)\n") !=
          std::string::npos);
    CHECK(run.out.find("NUMA node") == std::string::npos);
    auto result = json::parse(run_vpt({"-c", fixture_host_uri("identity-host.xml"), "show", "03:00.0", "--json"}).out);
    CHECK(result["device"]["numa_node"].is_null());
    CHECK(result["device"]["link"].is_null());
}

TEST_CASE("show --root that is not a directory is bad input") {
    auto run = run_vpt({"-c", demo_uri(), "show", "18:00.0", "--root", demo_sysfs + "/nowhere"});
    CHECK(run.exit_code == 2);
    CHECK(line_count(run.err) == 1);
    CHECK(run.err.find("--root") != std::string::npos);
}
