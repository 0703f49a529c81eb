// vpt detach / reattach / recover against libvirt's test driver. The test
// driver cannot detach or reattach, so a real run fails cleanly at the first
// step; plans, refusals, journal handling and dry runs are all real.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "journal_fixture.hpp"
#include "run_vpt.hpp"
#include "temp_dir.hpp"

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// vpt's state directory for one test: its journal and lock live there.
struct StateDir : vpt::test::TempDir {
    StateDir() : TempDir("itest-state") {}
    std::string journal() const { return *this / "journal.json"; }
    std::string dir() const { return path.string(); }
};

}  // namespace

TEST_CASE("detach --dry-run shows the whole group and changes nothing") {
    StateDir state;
    auto run = run_vpt({"-c", demo_uri(), "detach", "3e:00.0", "--dry-run", "--json"}, state.dir());
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    auto plan = json::parse(run.out);
    CHECK(plan["result"] == "planned");
    CHECK(plan["iommu_group"] == 19);
    REQUIRE(plan["steps"].size() == 7);
    int detaches = 0, bridges = 0;
    for (const auto& step : plan["steps"]) {
        if (step["action"] == "detach") ++detaches;
        if (step["reason"] == "bridge: left alone") ++bridges;
    }
    CHECK(detaches == 3);
    CHECK(bridges == 4);
    CHECK_FALSE(fs::exists(state.journal()));
    CHECK_FALSE(fs::exists(state / "lock"));  // a dry run takes no lock

    auto text = run_vpt({"-c", demo_uri(), "detach", "3e:00.0", "--dry-run"}, state.dir());
    CHECK(text.out.find("Dry run: nothing was changed.") != std::string::npos);
}

TEST_CASE("detach refusals: one line, non-zero, no journal") {
    StateDir state;
    struct Case {
        std::string device;
        int exit_code;
        std::string expected;
    };
    for (const auto& c : std::vector<Case>{
             {"18:00.1", 1, "running guest 'gpu-workstation'"},
             {"3c:01.0", 2, "PCI bridge or root port"},
             {"00:00.0", 2, "is a host bridge"},
             {"00:1f.0", 2, "is an ISA/LPC bridge"},
             {"99:00.0", 2, "unknown PCI device"},
             {"1:2:3", 2, "malformed device name"},
             {"net_eno1_ac_1f_6b_4e_20_9a", 2, "not a PCI device"}}) {
        CAPTURE(c.device);
        auto run = run_vpt({"-c", demo_uri(), "detach", c.device}, state.dir());
        CHECK(run.exit_code == c.exit_code);
        CHECK(run.out.empty());
        CHECK(line_count(run.err) == 1);
        CHECK(run.err.find(c.expected) != std::string::npos);
        CHECK_FALSE(fs::exists(state.journal()));
    }
}

TEST_CASE("detach leaves the ISA/LPC bridge in the group alone") {
    StateDir state;
    auto run = run_vpt({"-c", demo_uri(), "detach", "00:1f.4", "--dry-run", "--json"}, state.dir());
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    auto plan = json::parse(run.out);
    REQUIRE(plan["steps"].size() == 2);
    CHECK(plan["steps"][0]["address"] == "0000:00:1f.0");
    CHECK(plan["steps"][0]["action"] == "skip");
    CHECK(plan["steps"][0]["reason"] == "bridge: left alone");
    CHECK(plan["steps"][1]["address"] == "0000:00:1f.4");
    CHECK(plan["steps"][1]["action"] == "detach");
}

TEST_CASE("the host-use guard: the test driver has no real host, so it is not checked and needs no --force") {
    StateDir state;
    auto run = run_vpt({"-c", demo_uri(), "--json", "detach", "19:00.1", "--dry-run"}, state.dir());
    REQUIRE(run.exit_code == 0);
    auto guard = json::parse(run.out)["host_use"];
    CHECK(guard["checked"] == false);
    CHECK(guard["force_needed"] == false);
    CHECK(guard["why_unchecked"].get<std::string>().find("test driver") != std::string::npos);
    // the text says so too
    auto text = run_vpt({"-c", demo_uri(), "detach", "19:00.1", "--dry-run"}, state.dir());
    CHECK(text.out.find("  warning: cannot check whether the host depends on these devices (libvirt's test driver "
                        "describes no real host)\n") != std::string::npos);
}

TEST_CASE("the host-use guard on a host tree: the root disk is refused, a free GPU is not") {
    StateDir state;
    std::string root = std::string(VPT_FIXTURES) + "/sysfs/host-uses";
    auto disk = run_vpt({"-c", demo_uri(), "detach", "01:00.0", "--root", root}, state.dir());
    CHECK(disk.exit_code == 1);
    CHECK(line_count(disk.err) == 1);
    CHECK(disk.err.find("nvme0n1p2 is mounted on /") != std::string::npos);

    // A dry run refuses as the real run would, after showing the plan.
    auto plan = run_vpt({"-c", demo_uri(), "detach", "01:00.0", "--root", root, "--dry-run", "--json"}, state.dir());
    CHECK(plan.exit_code == 1);
    CHECK(line_count(plan.err) == 1);
    auto planned = json::parse(plan.out);
    CHECK(planned["result"] == "refused");
    CHECK(planned["host_use"]["force_needed"] == true);
    auto forced = run_vpt({"-c", demo_uri(), "detach", "01:00.0", "--root", root, "--dry-run", "--force", "--json"},
                          state.dir());
    CHECK(forced.exit_code == 0);
    CHECK(json::parse(forced.out)["result"] == "planned");

    // Nothing stops the GPU, so the run reaches libvirt (which cannot detach here).
    auto gpu = run_vpt({"-c", demo_uri(), "detach", "19:00.0", "--root", root}, state.dir());
    CHECK(gpu.exit_code == 1);
    CHECK(gpu.err.find("not supported") != std::string::npos);
}

TEST_CASE("a failing libvirt detach is reported and leaves no journal") {
    StateDir state;
    auto run = run_vpt({"-c", demo_uri(), "--json", "detach", "19:00.1", "--force"}, state.dir());
    CHECK(run.exit_code == 1);
    auto result = json::parse(run.out);
    CHECK(result["result"] == "rolled-back");
    CHECK(result["changed"].empty());
    CHECK(result["error"].get<std::string>().find("not supported") != std::string::npos);
    CHECK(run.err.find("nothing was changed") != std::string::npos);
    CHECK_FALSE(fs::exists(state.journal()));
}

TEST_CASE("reattach: dry run warns about shut-off guests' configs, refuses running ones") {
    StateDir state;
    auto run = run_vpt({"-c", demo_uri(), "reattach", "3d:00.0", "--dry-run", "--json"}, state.dir());
    REQUIRE(run.exit_code == 0);
    auto plan = json::parse(run.out);
    CHECK(plan["warnings"].size() == 3);
    CHECK(plan["warnings"][0].get<std::string>().find("media-server") != std::string::npos);

    auto refused = run_vpt({"-c", demo_uri(), "reattach", "18:00.0"}, state.dir());
    CHECK(refused.exit_code == 1);
    CHECK(refused.err.find("gpu-workstation") != std::string::npos);
}

TEST_CASE("an unfinished journal is reported by every command and blocks new changes") {
    StateDir state;
    // What a vpt killed between two detaches leaves behind.
    using namespace journal_fixture;
    json journal = journal_fixture::journal(
        "detach", demo_uri(), "0000:19:00.0",
        {step({"detach", "reattach", "applied", "0000:19:00.0", "", "", "", 0, 0, "pci_0000_19_00_0"}),
         step({"detach", "reattach", "pending", "0000:19:00.1", "", "", "", 0, 0, "pci_0000_19_00_1"})});
    std::ofstream(state.journal()) << journal.dump();

    auto list = run_vpt({"-c", demo_uri(), "list"}, state.dir());
    CHECK(list.exit_code == 0);
    CHECK(list.err.find("unfinished 'detach' of 0000:19:00.0") != std::string::npos);
    CHECK(list.err.find("; undo it with 'vpt -c " + demo_uri() + " recover' (or finish it: --complete)\n") !=
          std::string::npos);

    auto blocked = run_vpt({"-c", demo_uri(), "detach", "02:00.0"}, state.dir());
    CHECK(blocked.exit_code == 1);
    CHECK(line_count(blocked.err) == 1);
    CHECK(blocked.err.find("; undo it with 'vpt -c " + demo_uri() + " recover' (or finish it: --complete), then "
                           "run this again") != std::string::npos);

    auto dry = run_vpt({"recover", "--dry-run", "--json"}, state.dir());
    REQUIRE_MESSAGE(dry.exit_code == 0, dry.err);
    CHECK(json::parse(dry.out)["steps"][0]["state"] == "applied");

    // The test driver cannot reattach: recovery fails and keeps the journal.
    auto recover = run_vpt({"-c", demo_uri(), "recover", "--json"}, state.dir());
    CHECK(recover.exit_code == 1);
    CHECK(json::parse(recover.out)["result"] == "failed");
    CHECK(fs::exists(state.journal()));
    CHECK(json::parse(std::ifstream(state.journal()))["steps"][0]["state"] == "applied");
}

TEST_CASE("recover with nothing to do") {
    StateDir state;
    auto run = run_vpt({"recover"}, state.dir());
    CHECK(run.exit_code == 0);
    CHECK(run.out.find("Nothing to recover") != std::string::npos);
}
