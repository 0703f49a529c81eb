// vpt prepare against libvirt's test driver (define works there).
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>

#include <nlohmann/json.hpp>

#include "run_vpt.hpp"
#include "temp_dir.hpp"

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

TEST_CASE("prepare --mmio64 sets the 64-bit PCI window on the root controller; a bad size is bad usage") {
    auto run = run_vpt({"-c", demo_uri(), "--json", "prepare", "media-server", "--mmio64", "64G"});
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    auto result = json::parse(run.out);
    REQUIRE(result["changes"].size() == 1);
    CHECK(result["changes"][0]["change"] == "64-bit PCI window of 64 GiB (<pcihole64>)");
    CHECK(result["result"] == "done");
    CHECK(result["steps"][0]["xml"].get<std::string>().find(
              "<controller type='pci' index='0' model='pcie-root'>\n      <pcihole64 unit='KiB'>67108864</pcihole64>\n"
              "    </controller>") != std::string::npos);

    // ci-runner is i440fx: the window goes on its pci-root; the dry run says so and changes nothing.
    auto dry = run_vpt({"-c", demo_uri(), "prepare", "ci-runner", "--mmio64", "65536M", "--dry-run"});
    REQUIRE_MESSAGE(dry.exit_code == 0, dry.err);
    CHECK(dry.out.find("64-bit PCI window of 64 GiB (<pcihole64>): set") != std::string::npos);
    CHECK(dry.out.find("Dry run: nothing was changed.") != std::string::npos);

    for (const char* bad : {"64", "64X", "0G", "-1G", "1.5G"}) {
        auto refused = run_vpt({"-c", demo_uri(), "prepare", "media-server", "--mmio64", bad});
        CHECK_MESSAGE(refused.exit_code == 2, bad);
        CHECK(line_count(refused.err) == 1);
        CHECK(refused.err.find("--mmio64") != std::string::npos);
    }
}

namespace {
// The demo host with media-server (4 GiB, three VFIO hostdevs) given a
// <memtune> hard_limit of 5 GiB, and optionally a vIOMMU.
std::string demo_with_hard_limit(const vpt::test::TempDir& dir, bool viommu) {
    std::ifstream in(VPT_EXAMPLES "/demo-host.xml");
    std::string xml((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::string anchor = "<currentMemory unit='KiB'>4194304</currentMemory>\n    <vcpu placement='static'>4</vcpu>\n"
                         "    <numatune>";
    auto at = xml.find(anchor);
    REQUIRE(at != std::string::npos);
    xml.insert(at, "<memtune><hard_limit unit='KiB'>5242880</hard_limit></memtune>\n    ");
    if (viommu) {
        auto devices = xml.find("<devices>", at);
        xml.insert(devices + 9, "\n      <iommu model='intel'/>");
    }
    auto path = dir.path / "host.xml";
    std::ofstream(path) << xml;
    return "test://" + path.string();
}
}  // namespace

TEST_CASE("a vIOMMU with a hard_limit too small for the locked memory VFIO needs: prepare and assign say what to set") {
    vpt::test::TempDir dir("memlock-host");
    auto prepared = run_vpt({"-c", demo_with_hard_limit(dir, false), "--json", "prepare", "media-server", "--viommu",
                             "--dry-run"});
    REQUIRE_MESSAGE(prepared.exit_code == 0, prepared.err);
    auto result = json::parse(prepared.out);
    REQUIRE(result["fit_warnings"].size() == 1);
    CHECK(result["fit_warnings"][0]["code"] == "memlock-limit");
    // 3 devices x 4 GiB + 1 GiB = 13 GiB = 13631488 KiB.
    CHECK(result["fit_warnings"][0]["text"].get<std::string>().find(
              "virsh memtune media-server --hard-limit 13631488 --config") != std::string::npos);

    // Assigning 19:00.0 and its companion to the guest with a vIOMMU: 5 devices x 4 GiB + 1 GiB.
    auto assigned = run_vpt({"-c", demo_with_hard_limit(dir, true), "assign", "media-server", "19:00.0", "--dry-run"});
    REQUIRE_MESSAGE(assigned.exit_code == 0, assigned.err);
    CHECK(assigned.out.find("below the 21 GiB it needs") != std::string::npos);

    // Without a vIOMMU one copy of the memory is locked: 5 GiB is enough.
    auto plain = run_vpt({"-c", demo_with_hard_limit(dir, false), "--json", "prepare", "media-server", "--uefi",
                          "--dry-run"});
    CHECK(json::parse(plain.out)["fit_warnings"].empty());
}
