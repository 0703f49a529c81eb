// vpt prepare against libvirt's test driver (define works there).
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <sstream>

#include <nlohmann/json.hpp>

#include "run_vpt.hpp"
#include "temp_dir.hpp"

using nlohmann::json;

namespace {

std::string demo_text() {
    std::ifstream in(VPT_EXAMPLES "/demo-host.xml");
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// The demo host with `from` (which must be there, once or more) replaced by
// `to` everywhere, written into `dir`.
std::string demo_edited(const vpt::test::TempDir& dir, const std::string& from, const std::string& to) {
    std::string xml = demo_text();
    REQUIRE(xml.find(from) != std::string::npos);
    for (size_t at = 0; (at = xml.find(from, at)) != std::string::npos; at += to.size()) xml.replace(at, from.size(), to);
    auto path = dir.path / "host.xml";
    std::ofstream(path) << xml;
    return "test://" + path.string();
}

// ci-runner's system disk, as the demo host has it.
const std::string ci_runner_disk =
    "<disk type='file' device='disk'>\n        <driver name='qemu' type='qcow2'/>\n"
    "        <source file='/var/lib/libvirt/images/ci-runner.qcow2'/>\n"
    "        <target dev='vda' bus='virtio'/>\n"
    "        <address type='pci' domain='0x0000' bus='0x00' slot='0x04' function='0x0'/>\n      </disk>";

// Every vpt command a text names between single quotes, as its arguments.
std::vector<std::vector<std::string>> suggested_commands(const std::string& text) {
    std::vector<std::vector<std::string>> commands;
    for (size_t at = 0; (at = text.find("'vpt ", at)) != std::string::npos;) {
        size_t end = text.find('\'', at + 1);
        REQUIRE(end != std::string::npos);
        std::istringstream words(text.substr(at + 5, end - at - 5));
        std::vector<std::string> args;
        for (std::string word; words >> word;) args.push_back(word);
        commands.push_back(args);
        at = end + 1;
    }
    return commands;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("prepare leaves the firmware and machine of a guest with an installed disk alone unless asked") {
    // ci-runner boots its qcow2 disk with BIOS on i440fx: by default nothing changes.
    auto run = run_vpt({"-c", demo_uri(), "--json", "prepare", "ci-runner"});
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    auto result = json::parse(run.out);
    REQUIRE(result["changes"].size() == 2);
    CHECK(result["changes"][0]["already"] == false);
    CHECK(has(result["changes"][0]["skipped"].get<std::string>(), "installed disk (vda)"));
    CHECK(has(result["changes"][0]["skipped"].get<std::string>(), " prepare ci-runner --uefi' changes it anyway"));
    // Its PCI layout is i440fx's: q35 is skipped with the reason, not half-done.
    CHECK(has(result["changes"][1]["skipped"].get<std::string>(), "i440fx"));
    CHECK(result["steps"].empty());
    CHECK(result["warnings"].empty());
    CHECK(result["result"] == "nothing-to-do");

    // Asked for by name, UEFI is set, with a warning in the text and the JSON.
    auto uefi = run_vpt({"-c", demo_uri(), "--json", "prepare", "ci-runner", "--uefi"});
    REQUIRE_MESSAGE(uefi.exit_code == 0, uefi.err);
    auto asked = json::parse(uefi.out);
    CHECK(asked["changes"][0]["already"] == false);
    CHECK(asked["changes"][0]["skipped"].is_null());
    CHECK(has(asked["steps"][0]["xml"].get<std::string>(), "<os firmware='efi'>"));
    REQUIRE(asked["warnings"].size() == 1);
    CHECK(has(asked["warnings"][0].get<std::string>(), "guest 'ci-runner' has an installed disk (vda)"));
    CHECK(has(asked["warnings"][0].get<std::string>(), "must boot with UEFI firmware"));
    CHECK(asked["result"] == "done");
    auto text = run_vpt({"-c", demo_uri(), "prepare", "ci-runner", "--uefi", "--dry-run"});
    REQUIRE_MESSAGE(text.exit_code == 0, text.err);
    CHECK(has(text.out, "  warning: guest 'ci-runner' has an installed disk (vda): from its next start its OS must boot "
                        "with UEFI firmware"));

    auto q35 = run_vpt({"-c", demo_uri(), "prepare", "ci-runner", "--q35"});
    CHECK(q35.exit_code == 1);
    CHECK(has(q35.err, "i440fx"));

    // gpu-workstation already has OVMF and q35.
    auto ready = run_vpt({"-c", demo_uri(), "--json", "prepare", "gpu-workstation", "--config", "--uefi", "--q35"});
    REQUIRE_MESSAGE(ready.exit_code == 0, ready.err);
    auto already = json::parse(ready.out);
    CHECK(already["result"] == "nothing-to-do");
    CHECK(already["warnings"].empty());
}

TEST_CASE("prepare sets UEFI by default on a guest with nothing installed") {
    vpt::test::TempDir dir("empty-guest");
    auto uri = demo_edited(dir, ci_runner_disk, "");
    auto run = run_vpt({"-c", uri, "--json", "prepare", "ci-runner"});
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    auto result = json::parse(run.out);
    REQUIRE(result["changes"].size() == 2);
    CHECK(result["changes"][0]["already"] == false);
    CHECK(result["changes"][0]["skipped"].is_null());
    CHECK(has(result["changes"][1]["skipped"].get<std::string>(), "i440fx"));
    CHECK(result["warnings"].empty());
    CHECK(result["result"] == "done");
}

TEST_CASE("prepare suggests only commands that work") {
    vpt::test::TempDir dir("movable-guest");
    // Without its pci-root controller, ci-runner's machine can be set to q35.
    auto movable = demo_edited(dir, "<controller type='pci' index='0' model='pci-root'/>", "");
    struct Case {
        std::string uri;
        std::vector<std::string> args;
        size_t suggestions;
    };
    std::vector<Case> cases = {
        {demo_uri(), {"prepare", "ci-runner"}, 1},                    // --uefi
        {demo_uri(), {"prepare", "ci-runner", "--pci-bridge"}, 0},   // no --q35: it cannot be moved
        {demo_uri(), {"prepare", "ci-runner", "--root-ports", "2"}, 0},
        {demo_uri(), {"prepare", "web-frontend", "--viommu"}, 1},    // running: --config
        {movable, {"prepare", "ci-runner"}, 2},                       // --uefi, --q35
        {movable, {"prepare", "ci-runner", "--pci-bridge"}, 1},       // --q35
    };
    for (const auto& c : cases) {
        auto args = c.args;
        args.insert(args.begin(), {"-c", c.uri});
        auto run = run_vpt(args);
        auto suggested = suggested_commands(run.out + run.err);
        INFO("vpt ", args[2], " ", args[3], (args.size() > 4 ? " " + args[4] : ""), ": ", run.out, run.err);
        CHECK(suggested.size() == c.suggestions);
        for (const auto& command : suggested) {
            auto followed = run_vpt(command);
            INFO("suggested: ", followed.err);
            CHECK(followed.exit_code == 0);
            // A boot change made on request says what the installed OS must do.
            bool boot = std::find(command.begin(), command.end(), "--uefi") != command.end() ||
                        std::find(command.begin(), command.end(), "--q35") != command.end();
            if (boot && command.back() != "--config") CHECK(has(followed.out, "warning: guest 'ci-runner' has an installed disk"));
        }
    }
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
    CHECK(dry.out.find("64-bit PCI window of 64 GiB (<pcihole64>): would be set") != std::string::npos);  // a dry run speaks in the conditional
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
