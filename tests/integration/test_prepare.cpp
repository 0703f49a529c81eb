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

TEST_CASE("prepare --root-ports/--pci-bridge add hot-plug controllers to a q35 guest only") {
    auto run = run_vpt({"-c", demo_uri(), "--json", "prepare", "gpu-workstation", "--config", "--root-ports", "12",
                        "--pci-bridge"});
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    auto result = json::parse(run.out);
    REQUIRE(result["changes"].size() == 2);  // the controllers only: UEFI and q35 are not implied
    CHECK(result["changes"][0]["change"].get<std::string>().find("12 free") != std::string::npos);
    CHECK(result["changes"][0]["already"] == false);
    CHECK(result["changes"][1]["already"] == false);
    CHECK(result["result"] == "done");

    auto enough = run_vpt({"-c", demo_uri(), "--json", "prepare", "gpu-workstation", "--config", "--root-ports", "1"});
    REQUIRE_MESSAGE(enough.exit_code == 0, enough.err);
    CHECK(json::parse(enough.out)["result"] == "nothing-to-do");

    auto i440fx = run_vpt({"-c", demo_uri(), "prepare", "ci-runner", "--pci-bridge"});
    CHECK(i440fx.exit_code == 1);
    CHECK(line_count(i440fx.err) == 1);
    CHECK(i440fx.err.find("q35") != std::string::npos);

    auto zero = run_vpt({"-c", demo_uri(), "prepare", "gpu-workstation", "--root-ports", "0"});
    CHECK(zero.exit_code == 2);
}
