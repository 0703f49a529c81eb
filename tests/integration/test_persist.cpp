// detach/reattach --persist against libvirt's test driver, with the boot
// files below a temporary root. The test driver cannot detach or reattach,
// so a real run fails at its first node device step: what is proven here is
// the plan, the order of the halves and that a failure puts every boot file
// back as it was. The boot itself is proven in the lab.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "run_vpt.hpp"
#include "temp_dir.hpp"

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

struct HostRoot : vpt::test::TempDir {
    HostRoot() : TempDir("itest-root") {}
    void write(const std::string& host_path, const std::string& text) const {
        fs::path real = path / fs::path(host_path).relative_path();
        fs::create_directories(real.parent_path());
        std::ofstream(real) << text;
    }
    std::optional<std::string> read(const std::string& host_path) const {
        std::ifstream in(path / fs::path(host_path).relative_path());
        if (!in) return std::nullopt;
        std::stringstream text;
        text << in.rdbuf();
        return text.str();
    }
    size_t file_count() const {
        size_t n = 0;
        for (const auto& entry : fs::recursive_directory_iterator(path)) n += entry.is_regular_file();
        return n;
    }
};

// The demo host's IOMMU group 19: three endpoints behind four bridges.
const std::vector<std::string> group19 = {"0000:3d:00.0", "0000:3e:00.0", "0000:3f:00.0"};

}  // namespace

TEST_CASE("detach --persist plans a binding that records each endpoint's ids, and writes nothing in a dry run") {
    HostRoot root;
    auto run = run_vpt({"-c", demo_uri(), "detach", "3e:00.0", "--persist", "--root", root.path.string(),
                        "--dry-run", "--json"});
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    auto out = json::parse(run.out);
    CHECK(out["persist"] == true);
    std::vector<std::string> written;
    std::map<std::string, std::string> files;
    for (const auto& step : out["steps"])
        if (step["action"] == "write-boot-file") {
            written.push_back(step["object"]);
            files[step["object"]] = step["xml"];
        }
    // No module is known below this root: every endpoint gets the udev rule of a built-in driver.
    std::vector<std::string> expected;
    for (const auto& address : group19) {
        expected.push_back("/etc/vpt/boot-bindings/pci-" + address);
        expected.push_back("/etc/udev/rules.d/90-vpt-vfio-" + address + ".rules");
    }
    CHECK(written == expected);
    // The ids libvirt reports for 3e:00.0 (82574L), and for 3f:00.0 (RTL8125).
    CHECK(files["/etc/vpt/boot-bindings/pci-0000:3e:00.0"].rfind("vfio-pci 0x8086 0x10d3 0x020000\n", 0) == 0);
    CHECK(files["/etc/vpt/boot-bindings/pci-0000:3f:00.0"].rfind("vfio-pci 0x10ec 0x8125 0x020000\n", 0) == 0);
    CHECK(files["/etc/udev/rules.d/90-vpt-vfio-0000:3e:00.0.rules"].find(
              "ATTR{vendor}==\"0x8086\", ATTR{device}==\"0x10d3\", ATTR{class}==\"0x020000\"") != std::string::npos);
    // The last boot step comes after every node device step.
    size_t last_detach = 0, first_boot = out["steps"].size();
    for (size_t i = 0; i < out["steps"].size(); ++i) {
        if (out["steps"][i]["action"] == "detach") last_detach = i;
        if (out["steps"][i]["action"] == "write-boot-file") first_boot = std::min(first_boot, i);
    }
    CHECK(last_detach < first_boot);
    CHECK(root.file_count() == 0);

    auto text = run_vpt({"-c", demo_uri(), "detach", "3e:00.0", "--persist", "--root", root.path.string(),
                         "--dry-run"});
    CHECK(text.out.find("Boot configuration, each step undone if a later one fails:") != std::string::npos);
    CHECK(text.out.find("write /etc/vpt/boot-bindings/pci-0000:3f:00.0, for 0000:3f:00.0") != std::string::npos);
}

TEST_CASE("detach --persist replaces an older vpt's binding by address alone with a record") {
    HostRoot root;
    root.write("/etc/driverctl.d/pci-0000:3e:00.0", "vfio-pci\n");
    root.write("/etc/driverctl.d/pci-0000:05:00.0", "vfio-pci\n");  // another group's: named, untouched
    auto run = run_vpt({"-c", demo_uri(), "detach", "3e:00.0", "--persist", "--root", root.path.string(),
                        "--dry-run", "--json"});
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    auto out = json::parse(run.out);
    std::vector<std::string> removed;
    for (const auto& step : out["steps"])
        if (step["action"] == "remove-boot-file") removed.push_back(step["object"]);
    CHECK(removed == std::vector<std::string>{"/etc/driverctl.d/pci-0000:3e:00.0"});
    bool named = false;
    for (const auto& warning : out["warnings"]) {
        std::string text = warning;
        named = named || (text.find("by address alone") != std::string::npos &&
                          text.find("0000:05:00.0") != std::string::npos);
    }
    CHECK(named);
    CHECK(root.read("/etc/driverctl.d/pci-0000:3e:00.0") == "vfio-pci\n");
}

TEST_CASE("--persist needs a host with a boot configuration, and --force-boot needs --persist --force") {
    auto test_driver = run_vpt({"-c", demo_uri(), "detach", "3e:00.0", "--persist", "--dry-run"});
    CHECK(test_driver.exit_code == 2);
    CHECK(test_driver.err.find("libvirt's test driver has none") != std::string::npos);
    CHECK(line_count(test_driver.err) == 1);
    auto alone = run_vpt({"-c", demo_uri(), "detach", "3e:00.0", "--force-boot", "--dry-run"});
    CHECK(alone.exit_code == 2);
    auto without_force = run_vpt({"-c", demo_uri(), "detach", "3e:00.0", "--persist", "--force-boot", "--dry-run"});
    CHECK(without_force.exit_code == 2);
    CHECK(without_force.err.find("--force") != std::string::npos);
}

TEST_CASE("reattach --persist removes the boot files first, and puts them back when the reattach fails") {
    HostRoot root;
    for (const auto& address : group19) {
        root.write("/etc/driverctl.d/pci-" + address, "vfio-pci\n");
        root.write("/etc/modprobe.d/vpt-vfio-" + address + ".conf", "# written for " + address + "\n");
    }
    root.write("/etc/driverctl.d/pci-0000:99:00.0", "vfio-pci\n");  // another group's binding: untouched

    auto plan = run_vpt({"-c", demo_uri(), "reattach", "3e:00.0", "--persist", "--root", root.path.string(),
                         "--dry-run", "--json"});
    REQUIRE_MESSAGE(plan.exit_code == 0, plan.err);
    auto steps = json::parse(plan.out)["steps"];
    std::vector<std::string> actions;
    for (const auto& step : steps)
        if (step["action"] != "skip") actions.push_back(step["action"]);
    REQUIRE(actions.size() > 6);
    for (size_t i = 0; i < 6; ++i) CHECK(actions[i] == "remove-boot-file");
    CHECK(actions.back() == "reattach");

    auto run = run_vpt({"-c", demo_uri(), "reattach", "3e:00.0", "--persist", "--root", root.path.string()});
    CHECK(run.exit_code == 1);
    CHECK(line_count(run.err) == 1);
    CHECK(run.out.find("remove /etc/driverctl.d/pci-0000:3e:00.0") != std::string::npos);
    for (const auto& address : group19) {
        CAPTURE(address);
        CHECK(root.read("/etc/driverctl.d/pci-" + address) == "vfio-pci\n");
        CHECK(root.read("/etc/modprobe.d/vpt-vfio-" + address + ".conf") == "# written for " + address + "\n");
    }
    CHECK(root.read("/etc/driverctl.d/pci-0000:99:00.0") == "vfio-pci\n");
}

TEST_CASE("check names a boot binding whose address now holds another device, and one that holds") {
    std::string fixtures = std::string(VPT_FIXTURES) + "/sysfs/";
    auto boot_check = [&](const std::string& tree) {
        auto run = run_vpt({"-c", demo_uri(), "check", "--root", fixtures + tree, "--json"});
        auto out = json::parse(run.out);
        for (const auto& check : out["checks"])
            if (check["id"] == "boot-bindings") return check;
        FAIL("no boot-bindings check");
        return json();
    };
    auto held = boot_check("boot-binding-held");
    CHECK(held["status"] == "pass");
    CHECK(held["finding"] == "1 binding held this boot: 0000:02:00.0");
    auto moved = boot_check("boot-binding-moved");
    CHECK(moved["status"] == "warn");
    std::string finding = moved["finding"], fix = moved["fix"];
    CHECK(finding.find("0000:02:00.0 is now 144d:a808 class 0x010802 (on nvme), not the recorded 8086:10d3 class "
                       "0x020000") != std::string::npos);
    CHECK(fix.find("vpt detach 0000:03:00.0 --persist") != std::string::npos);
    CHECK(fix.find("rm /etc/vpt/boot-bindings/pci-0000:02:00.0") != std::string::npos);
}

TEST_CASE("check reports boot bindings that did not hold this boot") {
    HostRoot root;
    root.write("/etc/driverctl.d/pci-0000:01:00.0", "vfio-pci\n");
    auto run = run_vpt({"-c", demo_uri(), "check", "--root", root.path.string(), "--json"});
    auto out = json::parse(run.out);
    bool found = false;
    for (const auto& check : out["checks"]) {
        if (check["id"] != "boot-bindings") continue;
        found = true;
        CHECK(check["status"] == "warn");
        CHECK(check["finding"].get<std::string>().find("0000:01:00.0 is gone") != std::string::npos);
    }
    CHECK(found);
}
