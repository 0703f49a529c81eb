// vpt prepare against libvirt's test driver (define works there).
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "run_vpt.hpp"

using nlohmann::json;

TEST_CASE("prepare sets UEFI and q35 by default, and says what was already so") {
    auto run = run_vpt({"-c", demo_uri(), "--json", "prepare", "ci-runner"});
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    auto result = json::parse(run.out);
    REQUIRE(result["changes"].size() == 2);
    CHECK(result["changes"][0]["already"] == false);  // ci-runner boots BIOS on i440fx
    // Its PCI layout is i440fx's: q35 is skipped with the reason, not half-done.
    CHECK(result["changes"][1]["skipped"].get<std::string>().find("i440fx") != std::string::npos);
    CHECK(result["result"] == "done");

    auto asked = run_vpt({"-c", demo_uri(), "prepare", "ci-runner", "--q35"});
    CHECK(asked.exit_code == 1);
    CHECK(asked.err.find("i440fx") != std::string::npos);

    // gpu-workstation already has OVMF and q35.
    auto ready = run_vpt({"-c", demo_uri(), "--json", "prepare", "gpu-workstation", "--config", "--uefi", "--q35"});
    REQUIRE_MESSAGE(ready.exit_code == 0, ready.err);
    auto already = json::parse(ready.out);
    CHECK(already["result"] == "nothing-to-do");
}

TEST_CASE("prepare refuses a running guest without --config, and unknown guests") {
    auto running = run_vpt({"-c", demo_uri(), "prepare", "gpu-workstation", "--viommu"});
    CHECK(running.exit_code == 1);
    CHECK(running.out.empty());
    CHECK(running.err.find("--config") != std::string::npos);
    auto unknown = run_vpt({"-c", demo_uri(), "prepare", "nobody"});
    CHECK(unknown.exit_code == 2);
    CHECK(line_count(unknown.err) == 1);
}

TEST_CASE("prepare --viommu --dry-run changes nothing") {
    auto run = run_vpt({"-c", demo_uri(), "--json", "prepare", "nfv-router", "--viommu", "--config", "--dry-run"});
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    auto result = json::parse(run.out);
    CHECK(result["result"] == "planned");
    CHECK(result["changes"].size() == 2);
}
