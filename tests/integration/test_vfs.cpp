// vpt vfs against libvirt's test driver. The test driver has no host sysfs,
// so changes run with the hidden --root on a temporary copy of the fixture
// tree tests/fixtures/sysfs/sriov (the demo host's PFs); the libvirt side
// (node devices, pools, guests) is real. The test driver's node devices do
// not change, so the wait for new VFs is skipped (--timeout 0) or times out.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "run_vpt.hpp"
#include "temp_dir.hpp"

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

using vpt::test::TempDir;

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A writable copy of the SR-IOV fixture tree, and a state directory.
struct Host {
    TempDir root{"itest-sriov"};
    TempDir state{"itest-state"};
    Host() {
        fs::copy(fs::path(VPT_FIXTURES) / "sysfs" / "sriov", root.path,
                 fs::copy_options::recursive | fs::copy_options::copy_symlinks);
    }
    fs::path real(const std::string& host_path) const { return fs::path(root.path) / fs::path(host_path).relative_path(); }
    std::string read(const std::string& host_path) const {
        std::ifstream in(real(host_path));
        std::stringstream text;
        text << in.rdbuf();
        return text.str();
    }
    void write(const std::string& host_path, const std::string& text) const { std::ofstream(real(host_path)) << text; }
    std::string numvfs(const std::string& pf) const { return read("/sys/bus/pci/devices/" + pf + "/sriov_numvfs"); }
    std::string rule(const std::string& pf) const { return "/etc/udev/rules.d/70-vpt-sriov-" + pf + ".rules"; }

    VptRun vfs(std::vector<std::string> args) const {
        std::vector<std::string> all = {"-c", demo_uri(), "vfs"};
        all.insert(all.end(), args.begin(), args.end());
        all.push_back("--root");
        all.push_back(root.path.string());
        return run_vpt(all, state.path.string());
    }
};

std::vector<std::string> names(const json& list) {
    std::vector<std::string> out;
    for (const auto& item : list) out.push_back(item.get<std::string>());
    return out;
}

}  // namespace

TEST_CASE("vfs PF without COUNT: counts, VFs, holders and pools as libvirt reports them") {
    auto run = run_vpt({"-c", demo_uri(), "--json", "vfs", "03:00.0"});
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    CHECK(run.err.empty());
    auto out = json::parse(run.out);
    CHECK(out["pf"] == "0000:03:00.0");
    CHECK(out["netdev"] == "enp3s0f0");
    CHECK(out["source"] == "libvirt");
    CHECK(out["total_vfs"] == 7);
    CHECK(out["current_vfs"] == 4);
    CHECK(out["requested"].is_null());
    CHECK(out["result"] == "shown");
    REQUIRE(out["vfs"].size() == 4);
    const auto& vf0 = out["vfs"][0];
    CHECK(vf0["address"] == "0000:03:10.0");
    CHECK(vf0["holder"] == "nfv-router");
    CHECK(vf0["held_by"][0]["as"] == "interface");
    CHECK(vf0["pool"] == "sriov-pool");
    CHECK(vf0["driver"].is_null());  // the test driver drops drivers
    CHECK(out["vfs"][2]["netdev"] == "enp3s16f4");
    CHECK(out["vfs"][2]["mac"] == "5a:1e:93:0c:7d:42");
    REQUIRE(out["pools"].size() == 1);
    CHECK(out["pools"][0]["name"] == "sriov-pool");
    CHECK(names(out["pools"][0]["running_users"]) == std::vector<std::string>{"web-frontend"});
    CHECK(out["writes"].empty());

    // a PF is also named by its interface, as pool create --pf names it
    auto by_interface = run_vpt({"-c", demo_uri(), "--json", "vfs", "enp3s0f0"});
    REQUIRE_MESSAGE(by_interface.exit_code == 0, by_interface.err);
    CHECK(json::parse(by_interface.out)["pf"] == "0000:03:00.0");

    auto pf1 = json::parse(run_vpt({"-c", demo_uri(), "--json", "vfs", "pci_0000_03_00_1"}).out);
    CHECK(pf1["vfs"][1]["address"] == "0000:03:10.3");
    CHECK(pf1["vfs"][1]["pool"] == "sriov-pool-pf1");
    CHECK(pf1["vfs"][1]["vlan"] == 100);

    auto text = run_vpt({"-c", demo_uri(), "vfs", "03:00.0"});
    CHECK(has(text.out, "4 of at most 7 (from libvirt: libvirt's test driver has no host sysfs)"));
    CHECK(has(text.out, "nfv-router (interface)"));
    CHECK(has(text.out, "sriov-pool (running; used by web-frontend)"));
    auto none = run_vpt({"-c", demo_uri(), "vfs", "5e:00.0"});
    CHECK(none.exit_code == 0);
    CHECK(has(none.out, "0 of at most 64"));
    CHECK(has(none.out, "No VFs: 'vpt vfs 0000:5e:00.0 COUNT' creates them."));
}

TEST_CASE("vfs PF with --root: counts, drivers and autoprobe from sysfs") {
    const std::string root = std::string(VPT_FIXTURES) + "/sysfs/sriov";
    auto run = run_vpt({"-c", demo_uri(), "--json", "vfs", "03:00.0", "--root", root});
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    auto out = json::parse(run.out);
    CHECK(out["source"] == "sysfs");
    CHECK(out["current_vfs"] == 4);
    CHECK(out["drivers_autoprobe"] == true);
    CHECK(out["persisted_count"].is_null());
    CHECK(out["vfs"][0]["driver"] == "vfio-pci");
    CHECK(out["vfs"][2]["driver"] == "igbvf");
    CHECK(out["vfs"][3]["index"] == 3);
}

TEST_CASE("vfs refusals and bad input: one line, nothing written") {
    Host host;
    struct Case {
        std::vector<std::string> args;
        int exit_code;
        std::string expected;
    };
    for (const auto& c : std::vector<Case>{
             {{"02:00.0"}, 2, "0000:02:00.0 is not an SR-IOV physical function"},
             {{"03:10.0", "2"}, 2, "is an SR-IOV virtual function; give its physical function 0000:03:00.0"},
             {{"99:00.0"}, 2, "unknown PCI device"},
             {{"03:00.1", "8"}, 2, "0000:03:00.1 supports at most 7 VFs (sriov_totalvfs), not 8"},
             {{"03:00.1", "--persist"}, 2, "--persist needs COUNT"},
             {{"03:00.1", "-1"}, 2, ""},
             {{"03:00.0", "6"}, 1, "0000:03:10.0 is held by guest 'nfv-router' (interface, running)"},
             {{"03:00.0", "0", "--persist"}, 1, "changing the VF count of 0000:03:00.0 removes its 4 VFs"}}) {
        CAPTURE(c.args);
        auto run = host.vfs(c.args);
        CHECK(run.exit_code == c.exit_code);
        CHECK(run.out.empty());
        CHECK(line_count(run.err) == 1);
        CHECK(has(run.err, c.expected));
    }
    CHECK(host.numvfs("0000:03:00.0") == "4\n");
    CHECK(host.numvfs("0000:03:00.1") == "2\n");
    CHECK_FALSE(fs::exists(host.real("/etc")));
    CHECK_FALSE(fs::exists(host.state / "journal.json"));
}

TEST_CASE("vfs COUNT needs the host's sysfs: refused on the test driver without --root") {
    TempDir state("itest-state");
    for (auto dry_run : {false, true}) {
        std::vector<std::string> args = {"-c", demo_uri(), "vfs", "03:00.1", "3"};
        if (dry_run) args.push_back("--dry-run");
        auto run = run_vpt(args, state.path.string());
        CHECK(run.exit_code == 1);
        CHECK(run.out.empty());
        CHECK(line_count(run.err) == 1);
        CHECK(has(run.err, "cannot change VF counts through test://"));
        CHECK(has(run.err, "libvirt's test driver has no host sysfs"));
    }
    CHECK_FALSE(fs::exists(state / "lock"));  // refused before the lock
}

TEST_CASE("vfs --dry-run prints the plan and changes nothing") {
    Host host;
    auto run = host.vfs({"03:00.1", "3", "--dry-run", "--persist", "--json"});
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    auto out = json::parse(run.out);
    CHECK(out["result"] == "planned");
    CHECK(out["requested"] == 3);
    REQUIRE(out["writes"].size() == 2);
    CHECK(out["writes"][0] == json({{"path", "/sys/bus/pci/devices/0000:03:00.1/sriov_numvfs"}, {"value", 0}}));
    CHECK(out["writes"][1]["value"] == 3);
    CHECK(names(out["pools_restarted"]) == std::vector<std::string>{"sriov-pool-pf1"});
    CHECK(out["persisted_file"] == host.rule("0000:03:00.1"));
    CHECK(host.numvfs("0000:03:00.1") == "2\n");
    CHECK_FALSE(fs::exists(host.real(host.rule("0000:03:00.1"))));
    CHECK_FALSE(fs::exists(host.state / "lock"));  // a dry run takes no lock

    auto text = host.vfs({"03:00.1", "3", "--dry-run"});
    CHECK(has(text.out, "2 -> 3 VFs (at most 7)"));
    CHECK(has(text.out, "write 0 to /sys/bus/pci/devices/0000:03:00.1/sriov_numvfs (the kernel changes a "
                        "non-zero count only through 0)"));
    CHECK(has(text.out, "write 3 to /sys/bus/pci/devices/0000:03:00.1/sriov_numvfs\n"));
    CHECK(has(text.out, "wait up to 30 s until libvirt lists exactly 3 VFs of 0000:03:00.1"));
    CHECK(has(text.out, "restart network sriov-pool-pf1"));
    CHECK(has(text.out, "Dry run: nothing was changed."));
}

TEST_CASE("vfs COUNT: through 0, the udev rule, the pool restarted; then back to 0") {
    Host host;
    auto run = host.vfs({"03:00.1", "3", "--persist", "--timeout", "0", "--json"});
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    auto out = json::parse(run.out);
    CHECK(out["result"] == "not-confirmed");
    CHECK(out["waited_ms"].is_null());
    CHECK(out["current_vfs"] == 2);
    REQUIRE(out["writes"].size() == 2);
    CHECK(out["writes"][0]["value"] == 0);
    CHECK(out["writes"][1]["value"] == 3);
    CHECK(names(out["pools_restarted"]) == std::vector<std::string>{"sriov-pool-pf1"});
    CHECK(out["persisted_file"] == host.rule("0000:03:00.1"));
    CHECK(out["persist_action"] == "written");
    CHECK(host.numvfs("0000:03:00.1") == "3\n");
    CHECK(has(host.read(host.rule("0000:03:00.1")),
              "ACTION==\"add|bind\", SUBSYSTEM==\"pci\", KERNEL==\"0000:03:00.1\", ATTR{sriov_numvfs}=\"3\"\n"));
    CHECK_FALSE(fs::exists(host.state / "journal.json"));

    // The rule now shows as the boot-time count.
    auto shown = json::parse(host.vfs({"03:00.1", "--json"}).out);
    CHECK(shown["persisted_count"] == 3);

    // Back to 0: one write, the pool stopped (a pool on a PF without VFs
    // cannot start), the rule removed.
    auto zero = host.vfs({"03:00.1", "0", "--persist", "--timeout", "0"});
    REQUIRE_MESSAGE(zero.exit_code == 0, zero.err);
    CHECK(has(zero.out, "wrote 0 to /sys/bus/pci/devices/0000:03:00.1/sriov_numvfs\n"));
    CHECK_FALSE(has(zero.out, "wrote 3"));
    CHECK(has(zero.out, "removed /etc/udev/rules.d/70-vpt-sriov-0000:03:00.1.rules"));
    CHECK(has(zero.out, "stopped network sriov-pool-pf1"));
    CHECK(has(zero.out, "not confirmed: did not wait for libvirt"));
    CHECK(has(zero.out, "Done, not confirmed: 0000:03:00.1 now has 0 VFs."));
    CHECK(host.numvfs("0000:03:00.1") == "0\n");
    CHECK_FALSE(fs::exists(host.real(host.rule("0000:03:00.1"))));
}

TEST_CASE("vfs COUNT confirmed: libvirt already lists exactly the VFs sysfs now has") {
    Host host;
    // sysfs says 0 while libvirt's (static) PF1 shows 2: creating 2 is then
    // confirmed at the first look.
    host.write("/sys/bus/pci/devices/0000:03:00.1/sriov_numvfs", "0\n");
    auto run = host.vfs({"03:00.1", "2", "--json"});
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    auto out = json::parse(run.out);
    CHECK(out["result"] == "changed");
    CHECK(out["waited_ms"].is_number());
    REQUIRE(out["writes"].size() == 1);
    CHECK(out["writes"][0]["value"] == 2);
    CHECK(names(out["pools_restarted"]) == std::vector<std::string>{"sriov-pool-pf1"});
    CHECK(host.numvfs("0000:03:00.1") == "2\n");

    auto again = host.vfs({"03:00.1", "2"});
    CHECK(again.exit_code == 0);
    CHECK(has(again.out, "already 2 VFs"));
    CHECK(has(again.out, "Nothing to do."));
}

TEST_CASE("vfs COUNT that libvirt never lists: timed out, exit 1, what was done is shown") {
    Host host;
    auto run = host.vfs({"5e:00.0", "8", "--timeout", "1", "--json"});
    CHECK(run.exit_code == 1);
    auto out = json::parse(run.out);
    CHECK(out["result"] == "timed-out");
    REQUIRE(out["writes"].size() == 1);
    CHECK(out["writes"][0]["value"] == 8);
    CHECK(line_count(run.err) == 1);
    CHECK(has(run.err, "0000:5e:00.0 now has 8 VFs in sysfs, but libvirt did not list exactly those within 1 s"));
    CHECK(host.numvfs("0000:5e:00.0") == "8\n");
}

TEST_CASE("vfs COUNT refusals that need sysfs: no PF driver, an unfinished journal") {
    Host host;
    SUBCASE("no driver bound to the PF") {
        fs::remove(host.real("/sys/devices/pci0000:5d/0000:5d:00.0/0000:5e:00.0/driver"));
        auto run = host.vfs({"5e:00.0", "4"});
        CHECK(run.exit_code == 1);
        CHECK(line_count(run.err) == 1);
        CHECK(has(run.err, "0000:5e:00.0 has no host driver bound"));
        CHECK(host.numvfs("0000:5e:00.0") == "0\n");
    }
    SUBCASE("a journal left behind blocks the change") {
        // "{}" is a journal vpt cannot read: vpt recover refuses it too, a person must look.
        std::ofstream(host.state / "journal.json") << "{}";
        auto run = host.vfs({"5e:00.0", "4"});
        CHECK(run.exit_code == 1);
        CHECK(has(run.err, "remove it by hand"));
        CHECK_FALSE(has(run.err, "vpt recover"));
        CHECK(host.numvfs("0000:5e:00.0") == "0\n");
    }
}
