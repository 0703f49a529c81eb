// vpt assign / unassign against libvirt's test driver. The test driver
// supports define (the config path) but not live attach/detach, so a live
// change fails and must leave the config as it was. Each vpt process has its
// own connection, so vpt's read-back of the config ("verified") is what
// shows a define took effect.
#include <doctest/doctest.h>

#include <chrono>

#include <nlohmann/json.hpp>

#include "run_vpt.hpp"

using nlohmann::json;

namespace {

json run_json(const std::vector<std::string>& args, int expected_exit = 0) {
    std::vector<std::string> full = {"-c", demo_uri(), "--json"};
    full.insert(full.end(), args.begin(), args.end());
    auto run = run_vpt(full);
    REQUIRE_MESSAGE(run.exit_code == expected_exit, run.err);
    return json::parse(run.out);
}

}  // namespace

TEST_CASE("assign to a shut-off guest edits its config, with the group companion hidden") {
    auto result = run_json({"assign", "media-server", "19:00.0"});
    CHECK(result["config"] == true);
    CHECK(result["live"] == false);
    REQUIRE(result["devices"].size() == 2);
    CHECK(result["devices"][0]["address"] == "0000:19:00.0");
    CHECK(result["devices"][0]["as"] == "hostdev");
    CHECK(result["devices"][1]["address"] == "0000:19:00.1");
    CHECK(result["devices"][1]["as"] == "placeholder");
    CHECK(result["devices"][1]["xml"].get<std::string>().find("<address type='unassigned'/>") != std::string::npos);
    CHECK(result["result"] == "done");
    CHECK(result["verified"] == true);
}

TEST_CASE("assign options shape the XML") {
    auto result = run_json({"assign", "media-server", "19:00.0", "--with-group", "--rom-bar", "off", "--boot-order",
                            "2", "--guest-address", "00:05.0", "--dry-run"});
    CHECK(result["result"] == "planned");
    auto gpu = result["devices"][0]["xml"].get<std::string>();
    CHECK(gpu.find("<rom bar='off'/>") != std::string::npos);
    CHECK(gpu.find("<boot order='2'/>") != std::string::npos);
    CHECK(gpu.find("slot='0x05'") != std::string::npos);
    CHECK(result["devices"][1]["as"] == "hostdev");  // --with-group: visible
}

TEST_CASE("a VF of no pool as an interface: MAC, VLAN, and a generated MAC in libvirt's range") {
    // The demo host's VFs all belong to pools, so check the refusal names
    // the pool, and the interface XML through `vpt assign --dry-run` of a VF
    // the pools do not list on the small host.
    auto pooled = run_vpt({"-c", demo_uri(), "assign", "ci-runner", "03:10.1", "--as-interface"});
    CHECK(pooled.exit_code == 1);
    CHECK(pooled.err.find("--pool sriov-pool-pf1") != std::string::npos);
}

TEST_CASE("live assign on the test driver fails and undoes the config change") {
    auto run = run_vpt({"-c", demo_uri(), "--json", "assign", "web-frontend", "02:00.0"});
    CHECK(run.exit_code == 1);
    auto result = json::parse(run.out);
    CHECK(result["config"] == true);
    CHECK(result["live"] == true);
    CHECK(result["result"] == "rolled-back");
    CHECK(result["undone"].size() == 1);
    CHECK(line_count(run.err) == 1);
    CHECK(run.err.find("every change was undone") != std::string::npos);
}

TEST_CASE("assign --config on a running guest leaves the running guest alone") {
    auto result = run_json({"assign", "web-frontend", "02:00.0", "--config"});
    CHECK(result["live"] == false);
    CHECK(result["verified"] == true);
}

TEST_CASE("assign refusals: one line, non-zero, nothing changed") {
    struct Case {
        std::vector<std::string> args;
        int exit_code;
        std::string expected;
    };
    for (const auto& c : std::vector<Case>{
             {{"assign", "nfv-rooter", "02:00.0"}, 2, "did you mean nfv-router"},
             {{"assign", "media-server", "18:00.0"}, 1, "held by guest 'gpu-workstation'"},
             {{"assign", "media-server", "3d:00.0"}, 1, "already assigned"},
             {{"assign", "ci-runner", "3e:00.0"}, 1, "held by guest 'media-server'"},
             {{"assign", "ci-runner", "3c:01.0"}, 2, "bridge"},
             {{"assign", "ci-runner", "00:00.0"}, 2, "is a host bridge and cannot be assigned"},
             {{"assign", "ci-runner", "00:1f.0"}, 2, "is an ISA/LPC bridge and cannot be assigned"},
             {{"assign", "ci-runner", "03:10.4", "--as-interface"}, 1, "--pool sriov-pool"},
             {{"assign", "ci-runner", "19:00.0", "--as-interface"}, 2, "not an SR-IOV VF"},
             {{"assign", "ci-runner", "19:00.0", "--no-companions"}, 1, "--no-companions"},
             {{"assign", "ci-runner", "19:00.0", "--live"}, 2, "not running"},
             {{"assign", "ci-runner", "19:00.0", "--rom-file", "relative.rom"}, 2, "rom"},
             {{"assign", "ci-runner", "19:00.0", "19:00.1", "--boot-order", "1"}, 2, "one device"},
             {{"assign", "ci-runner"}, 2, "--pool"},
             {{"assign", "ci-runner", "--pool", "nope"}, 2, "unknown pool network"},
             {{"assign", "ci-runner", "--pool", "sriov-pool", "--mac", "ff:ff:ff:ff:ff:ff"}, 2, "MAC"},
             {{"assign", "ci-runner", "19:00.0", "--vlan", "5000"}, 2, "vlan"}}) {
        CAPTURE(c.args);
        std::vector<std::string> args = {"-c", demo_uri()};
        args.insert(args.end(), c.args.begin(), c.args.end());
        auto run = run_vpt(args);
        CHECK(run.exit_code == c.exit_code);
        CHECK(run.out.empty());
        CHECK(line_count(run.err) == 1);
        std::string lower = run.err;
        for (auto& ch : lower) ch = char(std::tolower(ch));
        std::string expected = c.expected;
        for (auto& ch : expected) ch = char(std::tolower(ch));
        CHECK_MESSAGE(lower.find(expected) != std::string::npos, run.err);
    }
}

TEST_CASE("assign --pool takes a VF from a pool network") {
    auto result = run_json({"assign", "ci-runner", "--pool", "sriov-pool", "--vlan", "7"});
    REQUIRE(result["devices"].size() == 1);
    CHECK(result["devices"][0]["as"] == "network");
    auto xml = result["devices"][0]["xml"].get<std::string>();
    CHECK(xml.find("<source network='sriov-pool'/>") != std::string::npos);
    CHECK(xml.find("<tag id='7'/>") != std::string::npos);
    CHECK(result["result"] == "done");
}

TEST_CASE("unassign takes the whole group out of the config") {
    auto result = run_json({"unassign", "media-server", "3e:00.0"});
    CHECK(result["devices"] == json({"0000:3d:00.0", "0000:3e:00.0", "0000:3f:00.0"}));
    CHECK(result["result"] == "done");

    // the text says which devices go with the one named, and how the guest holds each
    auto text = run_vpt({"-c", demo_uri(), "unassign", "media-server", "3e:00.0", "--dry-run"});
    CHECK(text.exit_code == 0);
    CHECK(text.out.find("  0000:3d:00.0  hostdev      in IOMMU group 19 with 0000:3e:00.0\n"
                        "  0000:3e:00.0  placeholder  named\n"
                        "  0000:3f:00.0  placeholder  in IOMMU group 19 with 0000:3e:00.0\n") != std::string::npos);

    auto not_there = run_vpt({"-c", demo_uri(), "unassign", "media-server", "19:00.0"});
    CHECK(not_there.exit_code == 2);
    CHECK(not_there.err.find("not assigned to guest 'media-server'") != std::string::npos);

    auto live = run_vpt({"-c", demo_uri(), "unassign", "gpu-workstation", "18:00.0"});
    CHECK(live.exit_code == 1);
    CHECK(live.err.find("every change was undone") != std::string::npos);
}

TEST_CASE("unassign --live of a two-device group: the failed detach ends the run at once, asking nothing more") {
    // The test driver refuses virDomainDetachDeviceFlags. The detaches of a
    // group are issued before the one wait, so the first refusal must stop
    // the others from being asked and leave no wait behind (--timeout 5 would show).
    auto start = std::chrono::steady_clock::now();
    auto run = run_vpt({"-c", demo_uri(), "-v", "--json", "unassign", "gpu-workstation", "18:00.0", "--live", "--timeout", "5"});
    auto took = std::chrono::steady_clock::now() - start;
    CHECK(run.exit_code == 1);
    CHECK(took < std::chrono::seconds(3));
    auto result = json::parse(run.out);
    CHECK(result["devices"] == json({"0000:18:00.0", "0000:18:00.1"}));
    CHECK(result["live_removal"] == json::parse(R"([{"address": "0000:18:00.0", "released": false}])"));
    size_t detaches = 0;
    for (size_t at = run.err.find("virDomainDetachDeviceFlags gpu-workstation"); at != std::string::npos;
         at = run.err.find("virDomainDetachDeviceFlags gpu-workstation", at + 1))
        ++detaches;
    CHECK(detaches == 1);
    CHECK(run.err.find("wait for gpu-workstation") == std::string::npos);
    CHECK(run.err.find("waiting for guest") == std::string::npos);  // no progress line without a wait
    CHECK(run.err.find("no device removal events") == std::string::npos);  // the test driver has them
}

TEST_CASE("a dry run lists the plan's steps with their undo, as the real run would take them") {
    auto result = run_json({"assign", "web-frontend", "02:00.0", "--dry-run"});
    CHECK(result["result"] == "planned");
    CHECK(result["operation"] == "assign");
    REQUIRE(result["steps"].size() == 2);
    CHECK(result["steps"][0]["action"] == "define-guest");
    CHECK(result["steps"][0]["undo"] == "define-guest");
    CHECK(result["steps"][1]["action"] == "attach-live");
    CHECK(result["steps"][1]["undo"] == "detach-live");
    CHECK(result["steps"][1]["address"] == "0000:02:00.0");
    CHECK(result["steps"][1]["xml"].get<std::string>().find("bus='0x02'") != std::string::npos);
}

TEST_CASE("assign runs the host-use guard over the whole group, like detach") {
    std::string root = std::string(VPT_FIXTURES) + "/sysfs/host-uses";
    auto disk = run_vpt({"-c", demo_uri(), "assign", "media-server", "01:00.0", "--root", root});
    CHECK(disk.exit_code == 1);
    CHECK(disk.out.empty());  // a real run that is refused prints only its refusal
    CHECK(line_count(disk.err) == 1);
    CHECK(disk.err.find("nvme0n1p2 is mounted on /") != std::string::npos);
    CHECK(disk.err.find("--force") != std::string::npos);

    auto dry = run_vpt({"-c", demo_uri(), "--json", "assign", "media-server", "01:00.0", "--root", root, "--dry-run"});
    CHECK(dry.exit_code == 1);
    auto planned = json::parse(dry.out);
    CHECK(planned["result"] == "refused");
    CHECK(planned["host_use"]["force_needed"] == true);
    CHECK(planned["refusals"].size() == 1);

    auto forced = run_json({"assign", "media-server", "01:00.0", "--root", root, "--force", "--dry-run"});
    CHECK(forced["result"] == "planned");

    // The GPU is nothing the host needs: no --force.
    auto gpu = run_json({"assign", "media-server", "19:00.0", "--root", root, "--dry-run"});
    CHECK(gpu["host_use"]["uses"].empty());
    CHECK(gpu["result"] == "planned");
}

TEST_CASE("unassign --reattach is one plan: a failed reattach undoes the config change too") {
    auto run = run_vpt({"-c", demo_uri(), "--json", "unassign", "media-server", "3d:00.0", "--reattach"});
    CHECK(run.exit_code == 1);
    auto result = json::parse(run.out);
    CHECK(result["steps"][0]["action"] == "define-guest");
    int reattaches = 0;
    for (const auto& step : result["steps"]) reattaches += step["action"] == "reattach";
    CHECK(reattaches == 3);  // the whole group: 3d:00.0 and its two companions
    CHECK(result["result"] == "rolled-back");
    CHECK(result["done"].size() == 1);
    CHECK(result["undone"].size() == 1);
    CHECK(line_count(run.err) == 1);
    CHECK(run.err.find("every change was undone") != std::string::npos);
}

TEST_CASE("assign warns when the device is on another NUMA node than the guest's memory") {
    // media-server's memory is pinned to node 1 (<numatune>); the GPU 19:00.0 is on node 0.
    auto dry = run_vpt({"-c", demo_uri(), "assign", "media-server", "19:00.0", "--dry-run"});
    CHECK(dry.exit_code == 0);
    CHECK(dry.out.find("  warning: 0000:19:00.0 is on NUMA node 0, media-server's memory is on node 1: pin it to "
                       "node 0 (virsh numatune media-server --nodeset 0 --config)\n") != std::string::npos);
    auto result = run_json({"assign", "media-server", "19:00.0", "--dry-run"});
    REQUIRE(result["fit_warnings"].size() == 1);
    CHECK(result["fit_warnings"][0]["code"] == "numa-mismatch");
    CHECK(result["fit_warnings"][0]["device"] == "0000:19:00.0");
    CHECK(result["warnings"][0] == result["fit_warnings"][0]["text"]);
    // A device on node 1 fits; a guest with no pinning floats: no warning.
    CHECK(run_json({"assign", "media-server", "5e:00.0", "--dry-run"})["fit_warnings"].empty());
    CHECK(run_json({"assign", "ci-runner", "19:00.0", "--dry-run"})["fit_warnings"].empty());
}

TEST_CASE("assign warns when the 64-bit BARs exceed the guest's default 64-bit PCI window") {
    std::string root = std::string(VPT_FIXTURES) + "/sysfs/bars-large";  // 19:00.0 has a 64 GiB BAR
    auto result = run_json({"assign", "ci-runner", "19:00.0", "--root", root, "--dry-run"});
    REQUIRE(result["fit_warnings"].size() == 1);
    CHECK(result["fit_warnings"][0]["code"] == "mmio64-window");
    CHECK(result["fit_warnings"][0]["text"].get<std::string>().find(
              "64-bit BARs total 64 GiB, more than the 32 GiB 64-bit PCI window") != std::string::npos);
    CHECK(result["fit_warnings"][0]["text"].get<std::string>().find("vpt prepare ci-runner --mmio64 128G --config") !=
          std::string::npos);
    // Without sysfs (the test driver, no --root) nothing is said.
    CHECK(run_json({"assign", "ci-runner", "19:00.0", "--dry-run"})["fit_warnings"].empty());
}
