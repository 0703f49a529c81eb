// What depends on an SR-IOV PF's VFs, for every command that takes the PF
// away (detach, detach --persist, assign, reset, vfs COUNT) and for pool
// delete, on the demo host: PF 0000:03:00.0 has VF 03:10.0 held by the
// running guest nfv-router, and its VFs back the pool sriov-pool, which the
// running guest web-frontend uses. PF 0000:03:00.1's VFs are free (their
// pool has no users). libvirt's test driver cannot detach or reset node
// devices, so a real run that is refused fails before any step, and one that
// is forced past the rule fails at libvirt's first call.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "run_vpt.hpp"
#include "temp_dir.hpp"

using nlohmann::json;
namespace fs = std::filesystem;
using vpt::test::TempDir;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

const std::string nfv_router =
    "0000:03:10.0 is held by guest 'nfv-router' (interface, running): release it with "
    "'vpt unassign nfv-router 0000:03:10.0'";
const std::string web_frontend =
    "pool 'sriov-pool' hands out VFs of 0000:03:00.0 and guest 'web-frontend' (running) uses it: take the "
    "interface off with 'virsh detach-interface web-frontend network --config --live'";
const std::string pf0_vfs = "0000:03:10.0, 0000:03:10.2, 0000:03:10.4, 0000:03:10.6";

// vpt's state directory for one test: nothing may be left in it by a refusal.
struct State : TempDir {
    State() : TempDir("itest-state") {}
    VptRun run(std::vector<std::string> args) const {
        args.insert(args.begin(), {"-c", demo_uri()});
        return run_vpt(args, path.string());
    }
    bool has_journal() const { return fs::exists(path / "journal.json"); }
    bool empty() const { return fs::is_empty(path); }
};

// A refused real run: exit 1, nothing on stdout, one line naming both
// dependents of PF0 and --force, and no journal.
void check_refused(const State& state, const VptRun& run, const std::string& change) {
    CHECK(run.exit_code == 1);
    CHECK(run.out.empty());
    CHECK(line_count(run.err) == 1);
    CHECK_MESSAGE(has(run.err, change + ", which are in use: " + nfv_router + "; " + web_frontend), run.err);
    CHECK(has(run.err, "; use --force to go ahead anyway\n"));
    CHECK_FALSE(state.has_journal());
}

// The dependents of PF0 in a refused plan's JSON.
void check_pf0_dependents(const json& out) {
    CHECK(out["result"] == "refused");
    const json& deps = out["dependents"];
    CHECK(deps["vfs"] == json({"0000:03:10.0", "0000:03:10.2", "0000:03:10.4", "0000:03:10.6"}));
    REQUIRE(deps["items"].size() == 2);
    CHECK(deps["items"][0] == json({{"kind", "guest-holds-vf"},
                                    {"device", "0000:03:00.0"},
                                    {"vf", "0000:03:10.0"},
                                    {"guest", "nfv-router"},
                                    {"running", true},
                                    {"pool", nullptr},
                                    {"text", "0000:03:10.0 is held by guest 'nfv-router' (interface, running)"},
                                    {"release", "vpt unassign nfv-router 0000:03:10.0"}}));
    CHECK(deps["items"][1]["kind"] == "guest-uses-pool");
    CHECK(deps["items"][1]["pool"] == "sriov-pool");
    CHECK(deps["items"][1]["guest"] == "web-frontend");
    CHECK(deps["items"][1]["vf"].is_null());
    CHECK(deps["items"][1]["release"] == "virsh detach-interface web-frontend network --config --live");
    CHECK(deps["guests"] == json({"nfv-router", "web-frontend"}));
    CHECK(deps["force_needed"] == true);
    CHECK(deps["lost"].is_null());
    REQUIRE(out["refusals"].size() >= 1);
    CHECK(has(out["refusals"].back().get<std::string>(), nfv_router));
}

// A writable copy of the SR-IOV sysfs fixture, with the host's own use of
// PF1's VFs laid over it when asked.
struct SriovRoot : TempDir {
    explicit SriovRoot(bool host_uses_vfs) : TempDir("itest-sriov") {
        auto options = fs::copy_options::recursive | fs::copy_options::copy_symlinks;
        fs::copy(fs::path(VPT_FIXTURES) / "sysfs" / "sriov", path, options);
        if (host_uses_vfs) fs::copy(fs::path(VPT_FIXTURES) / "sysfs" / "sriov-host-use", path, options);
    }
    std::string numvfs(const std::string& pf) const {
        std::ifstream in(path / "sys/bus/pci/devices" / pf / "sriov_numvfs");
        std::stringstream text;
        text << in.rdbuf();
        return text.str();
    }
};

}  // namespace

TEST_CASE("detach of a PF whose VFs guests use: refused, naming each and what releases it") {
    State state;
    auto dry = state.run({"detach", "03:00.0", "--dry-run"});
    CHECK(dry.exit_code == 1);
    CHECK(line_count(dry.err) == 1);
    CHECK(has(dry.out, "Detach IOMMU group 10 to vfio-pci (for 0000:03:00.0):"));  // the plan, then the refusal
    CHECK(has(dry.out, "  refused: taking 0000:03:00.0 from its driver removes its 4 VFs, which are in use: " +
                           nfv_router + "; " + web_frontend));
    CHECK_FALSE(has(dry.out, "Dry run: nothing was changed."));
    auto json_dry = state.run({"--json", "detach", "03:00.0", "--dry-run"});
    CHECK(json_dry.exit_code == 1);
    check_pf0_dependents(json::parse(json_dry.out));
    CHECK(state.empty());  // a dry run takes no lock and writes nothing

    check_refused(state, state.run({"detach", "03:00.0"}), "taking 0000:03:00.0 from its driver removes its 4 VFs");

    // With --persist the PF has no VFs after a boot either.
    TempDir boot("itest-root");
    auto persist = state.run({"detach", "03:00.0", "--persist", "--root", boot.path.string()});
    check_refused(state, persist, "taking 0000:03:00.0 from its driver removes its 4 VFs");
    CHECK(fs::is_empty(boot.path));

    // Free VFs are no one's: PF1's pool has no users.
    auto free = json::parse(state.run({"--json", "detach", "03:00.1", "--dry-run"}).out);
    CHECK(free["result"] == "planned");
    CHECK(free["dependents"]["vfs"] == json({"0000:03:10.1", "0000:03:10.3"}));
    CHECK(free["dependents"]["items"].empty());
    CHECK(free["dependents"]["force_needed"] == false);
}

TEST_CASE("detach --force of a PF whose VFs guests use: the plan says which VFs vanish and who loses them") {
    State state;
    std::string lost =
        "--force: the VFs " + pf0_vfs + " of 0000:03:00.0 vanish, and guests nfv-router, web-frontend lose them";
    auto dry = state.run({"detach", "03:00.0", "--force", "--dry-run"});
    CHECK(dry.exit_code == 0);
    CHECK(has(dry.out, "  warning: " + lost + "\n"));
    CHECK(has(dry.out, "Dry run: nothing was changed."));

    // The real run goes ahead to libvirt (whose test driver cannot detach).
    auto run = state.run({"--json", "detach", "03:00.0", "--force"});
    CHECK(run.exit_code == 1);
    auto out = json::parse(run.out);
    CHECK(out["result"] == "rolled-back");
    CHECK(out["dependents"]["lost"] == lost);
    CHECK(out["dependents"]["force_needed"] == false);
    CHECK(out["warnings"] == json({"cannot check whether the host depends on these devices (libvirt's test driver "
                                   "describes no real host)",
                                   lost}));
    CHECK(out["refusals"].empty());
    CHECK(has(run.err, "not supported"));

    // With --persist too, --force (no --force-boot needed) gets past it.
    TempDir boot("itest-root");
    auto persist = state.run({"--json", "detach", "03:00.0", "--persist", "--force", "--root", boot.path.string(),
                              "--dry-run"});
    CHECK(persist.exit_code == 0);
    CHECK(json::parse(persist.out)["dependents"]["lost"] == lost);
}

TEST_CASE("assign of a PF whose VFs guests use: refused like detach; --force says what is lost") {
    State state;
    check_refused(state, state.run({"assign", "ci-runner", "03:00.0"}),
                  "taking 0000:03:00.0 from its driver removes its 4 VFs");

    auto dry = state.run({"--json", "assign", "ci-runner", "03:00.0", "--dry-run"});
    CHECK(dry.exit_code == 1);
    CHECK(line_count(dry.err) == 1);
    check_pf0_dependents(json::parse(dry.out));
    auto text = state.run({"assign", "ci-runner", "03:00.0", "--dry-run"});
    CHECK(text.exit_code == 1);
    CHECK(has(text.out, "  refused: taking 0000:03:00.0 from its driver removes its 4 VFs"));

    auto forced = state.run({"--json", "assign", "ci-runner", "03:00.0", "--force", "--dry-run"});
    CHECK(forced.exit_code == 0);
    auto out = json::parse(forced.out);
    CHECK(out["result"] == "planned");
    CHECK(has(out["dependents"]["lost"].get<std::string>(), "the VFs " + pf0_vfs + " of 0000:03:00.0 vanish"));
    CHECK_FALSE(state.has_journal());
}

TEST_CASE("reset of a PF whose VFs guests use: refused; --force gets past only that") {
    State state;
    auto dry = state.run({"--json", "reset", "03:00.0", "--dry-run"});
    CHECK(dry.exit_code == 1);
    auto planned = json::parse(dry.out);
    check_pf0_dependents(planned);
    CHECK(has(planned["refusals"][0].get<std::string>(), "resetting 0000:03:00.0 resets its 4 VFs with it"));
    CHECK(state.empty());

    check_refused(state, state.run({"reset", "03:00.0"}), "resetting 0000:03:00.0 resets its 4 VFs with it");

    // Forced, the run reaches libvirt, whose test driver cannot reset.
    auto forced = state.run({"--json", "reset", "03:00.0", "--force"});
    CHECK(forced.exit_code == 1);
    auto out = json::parse(forced.out);
    CHECK(out["dependents"]["lost"] == "--force: the VFs " + pf0_vfs +
                                           " of 0000:03:00.0 are reset, and guests nfv-router, web-frontend lose them");
    CHECK(has(forced.err, "not supported"));
    CHECK(has(forced.err, "nothing was changed"));
    CHECK_FALSE(state.has_journal());

    // --force is no way past a running guest holding a member.
    auto held = state.run({"reset", "18:00.0", "--force"});
    CHECK(held.exit_code == 1);
    CHECK(has(held.err, "running guest 'gpu-workstation'"));
}

TEST_CASE("vfs COUNT lowering VFs whose network interfaces the host uses: refused, --force goes ahead") {
    State state;
    SriovRoot root(true);
    auto vfs = [&](std::vector<std::string> args) {
        args.insert(args.begin(), {"vfs", "03:00.1"});
        args.insert(args.end(), {"--root", root.path.string()});
        return state.run(args);
    };
    const std::string bridge = "the host uses 0000:03:10.1 (Ethernet controller): enp3s16f1 is a port of bridge br-vf";
    const std::string address =
        "the host uses 0000:03:10.3 (Ethernet controller): enp3s16f3 has address "
        "2001:0db8:0000:0000:0000:0000:0000:0313";

    auto run = vfs({"1"});
    CHECK(run.exit_code == 1);
    CHECK(run.out.empty());
    CHECK(line_count(run.err) == 1);
    CHECK_MESSAGE(has(run.err, "changing the VF count of 0000:03:00.1 removes its 2 VFs, which are in use: " + bridge +
                                   "; " + address + "; use --force to go ahead anyway"),
                  run.err);
    CHECK(root.numvfs("0000:03:00.1") == "2\n");
    CHECK_FALSE(state.has_journal());

    auto dry = vfs({"1", "--dry-run", "--json"});
    CHECK(dry.exit_code == 1);
    auto planned = json::parse(dry.out);
    CHECK(planned["result"] == "refused");
    CHECK(planned["refusals"].size() == 1);
    REQUIRE(planned["dependents"]["items"].size() == 2);
    CHECK(planned["dependents"]["items"][0]["kind"] == "host-uses-vf");
    CHECK(planned["dependents"]["items"][0]["vf"] == "0000:03:10.1");
    CHECK(planned["dependents"]["items"][0]["release"].is_null());
    CHECK(planned["dependents"]["items"][1]["vf"] == "0000:03:10.3");
    CHECK(planned["dependents"]["guests"].empty());
    auto text = vfs({"1", "--dry-run"});
    CHECK(has(text.out, "  refused: changing the VF count of 0000:03:00.1"));
    CHECK_FALSE(has(text.out, "Dry run: nothing was changed."));

    auto forced = vfs({"1", "--force", "--timeout", "0", "--json"});
    REQUIRE_MESSAGE(forced.exit_code == 0, forced.err);
    auto out = json::parse(forced.out);
    CHECK(out["result"] == "not-confirmed");
    CHECK(out["dependents"]["lost"] ==
          "--force: the VFs 0000:03:10.1, 0000:03:10.3 of 0000:03:00.1 vanish, and the host loses its own use of them");
    CHECK(out["refusals"].empty());
    CHECK(has(forced.err, "--force: the VFs 0000:03:10.1, 0000:03:10.3 of 0000:03:00.1 vanish"));
    CHECK(root.numvfs("0000:03:00.1") == "1\n");

    // Without the host's use, the same change goes ahead.
    SriovRoot clean(false);
    auto free = state.run({"--json", "vfs", "03:00.1", "1", "--dry-run", "--root", clean.path.string()});
    CHECK(free.exit_code == 0);
    CHECK(json::parse(free.out)["dependents"]["items"].empty());
}

TEST_CASE("vfs COUNT on a PF whose VFs guests use: the dry run shows the plan and the refusal") {
    State state;
    SriovRoot root(false);
    auto dry = state.run({"vfs", "03:00.0", "6", "--dry-run", "--root", root.path.string()});
    CHECK(dry.exit_code == 1);
    CHECK(line_count(dry.err) == 1);
    CHECK(has(dry.out, "4 -> 6 VFs (at most 7)"));
    CHECK(has(dry.out, "  refused: changing the VF count of 0000:03:00.0 removes its 4 VFs, which are in use: " +
                           nfv_router + "; " + web_frontend));
    auto json_dry = state.run({"--json", "vfs", "03:00.0", "6", "--dry-run", "--root", root.path.string()});
    check_pf0_dependents(json::parse(json_dry.out));
    CHECK(root.numvfs("0000:03:00.0") == "4\n");
    CHECK(state.empty());
}

TEST_CASE("pool delete of a pool a running guest uses: the dry run shows the refusal; --force deletes it") {
    State state;
    std::string refusal =
        "deleting pool network 'sriov-pool', which guests use: guest 'web-frontend' (running) has an interface on it: "
        "take the interface off with 'virsh detach-interface web-frontend network --config --live'";
    auto dry = state.run({"pool", "delete", "sriov-pool", "--dry-run"});
    CHECK(dry.exit_code == 1);
    CHECK(line_count(dry.err) == 1);
    CHECK(has(dry.out, "  2. undefine network 'sriov-pool'"));
    CHECK(has(dry.out, "  refused: " + refusal));
    auto json_dry = json::parse(state.run({"--json", "pool", "delete", "sriov-pool", "--dry-run"}).out);
    CHECK(json_dry["result"] == "refused");
    REQUIRE(json_dry["dependents"]["items"].size() == 1);
    CHECK(json_dry["dependents"]["items"][0]["kind"] == "guest-uses-pool");
    CHECK(json_dry["dependents"]["items"][0]["device"].is_null());
    CHECK(json_dry["dependents"]["guests"] == json({"web-frontend"}));
    CHECK(state.empty());

    auto run = state.run({"pool", "delete", "sriov-pool"});
    CHECK(run.exit_code == 1);
    CHECK(run.out.empty());
    CHECK(line_count(run.err) == 1);
    CHECK(has(run.err, refusal));
    CHECK_FALSE(state.has_journal());

    auto forced = state.run({"--json", "pool", "delete", "sriov-pool", "--force"});
    REQUIRE_MESSAGE(forced.exit_code == 0, forced.err);
    auto out = json::parse(forced.out);
    CHECK(out["result"] == "done");
    CHECK(out["dependents"]["lost"] ==
          "--force: guest web-frontend loses pool network 'sriov-pool': an interface on it has no network to start "
          "with");
}
