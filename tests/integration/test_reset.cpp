// vpt reset against libvirt's test driver, which does not implement
// virNodeDeviceReset: refusals, bad input, the plan and the failed call are
// real; the reset itself is proven in the lab (tests/lab).
#include <doctest/doctest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "run_vpt.hpp"
#include "temp_dir.hpp"

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

size_t lines(const std::string& text) { return std::count(text.begin(), text.end(), '\n'); }

}  // namespace

TEST_CASE("reset --dry-run: every endpoint of the group, no undo, nothing changed") {
    vpt::test::TempDir state("itest-state");
    auto run = run_vpt({"-c", demo_uri(), "reset", "19:00.1", "--dry-run", "--json"}, state.path.string());
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    auto plan = json::parse(run.out);
    CHECK(plan["operation"] == "reset");
    CHECK(plan["result"] == "planned");
    CHECK(plan["iommu_group"] == 17);
    REQUIRE(plan["steps"].size() == 2);
    for (const auto& step : plan["steps"]) {
        CHECK(step["action"] == "reset");
        CHECK(step["undo"] == "skip");
    }
    CHECK_FALSE(plan.contains("verified"));
    CHECK_FALSE(fs::exists(state / "journal.json"));

    auto text = run_vpt({"-c", demo_uri(), "reset", "19:00.0", "--dry-run"}, state.path.string());
    CHECK(text.out.find("Reset IOMMU group 17") != std::string::npos);
    CHECK(text.out.find("A reset cannot be undone.") != std::string::npos);
    CHECK(text.out.find("Dry run: nothing was changed.") != std::string::npos);
}

TEST_CASE("reset refused while a running guest holds a member: one line naming the unassign") {
    vpt::test::TempDir state("itest-state");
    auto run = run_vpt({"-c", demo_uri(), "reset", "18:00.0"}, state.path.string());
    CHECK(run.exit_code == 1);
    CHECK(lines(run.err) == 1);
    CHECK(run.err.find("running guest 'gpu-workstation'") != std::string::npos);
    CHECK(run.err.find("'vpt unassign gpu-workstation 0000:18:00.0'") != std::string::npos);
    CHECK(run.out.empty());
    CHECK_FALSE(fs::exists(state / "journal.json"));
    auto show = run_vpt({"-c", demo_uri(), "list", "--held", "--json"});
    CHECK(show.out.find("0000:18:00.0") != std::string::npos);  // still the guest's
}

TEST_CASE("reset bad input: exit 2, one line") {
    for (const char* device : {"99:00.0", "zz", "3c:01.0"}) {
        CAPTURE(device);
        auto run = run_vpt({"-c", demo_uri(), "reset", device});
        CHECK(run.exit_code == 2);
        CHECK(lines(run.err) == 1);
        CHECK(run.out.empty());
    }
}

TEST_CASE("reset: the driver's 'not supported' is reported as one line, nothing changed") {
    vpt::test::TempDir state("itest-state");
    auto run = run_vpt({"-c", demo_uri(), "reset", "19:00.0"}, state.path.string());
    CHECK(run.exit_code == 1);
    CHECK(lines(run.err) == 1);
    CHECK(run.err.find("not supported") != std::string::npos);
    CHECK(run.err.find("nothing was changed") != std::string::npos);
    CHECK_FALSE(fs::exists(state / "journal.json"));
}
