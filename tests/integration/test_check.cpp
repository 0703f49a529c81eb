// vpt check against libvirt's test driver, with the host's files read from
// a fixture tree (--root): the test driver has no domain capabilities and
// no QEMU, so those checks are skipped, never guessed.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "run_vpt.hpp"

namespace {

std::string sysfs(const std::string& scenario) { return VPT_FIXTURES "/sysfs/" + scenario; }

nlohmann::json check_json(const std::vector<std::string>& args, int expected_exit) {
    auto run = run_vpt(args);
    CAPTURE(run.err);
    CHECK(run.exit_code == expected_exit);
    return nlohmann::json::parse(run.out);
}

const nlohmann::json& by_id(const nlohmann::json& out, const std::string& id) {
    for (const auto& check : out["checks"])
        if (check["id"] == id) return check;
    throw std::runtime_error("no check " + id);
}

bool has_text(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("vpt check on a ready Intel host: exit 0, libvirt's missing capabilities skipped") {
    auto run = run_vpt({"-c", demo_uri(), "check", "--root", sysfs("intel-ir")});
    CAPTURE(run.err);
    CHECK(run.exit_code == 0);
    CHECK(run.err.empty());
    CHECK(has_text(run.out, "PASS  IOMMU active"));
    CHECK(has_text(run.out, "SKIP  PCI passthrough in libvirt"));
    CHECK(has_text(run.out, "Ready for PCI passthrough"));

    auto out = check_json({"-c", demo_uri(), "check", "--root", sysfs("intel-ir"), "--json"}, 0);
    CHECK(out["ready"] == true);
    for (const char* id : {"hostdev", "uefi-firmware", "qemu", "memlock"}) {
        CAPTURE(id);
        CHECK(by_id(out, id)["status"] == "skip");
        CHECK_FALSE(by_id(out, id)["finding"].get<std::string>().empty());
    }
    CHECK(has_text(by_id(out, "hostdev")["finding"], "not supported"));
    CHECK(by_id(out, "libvirt")["status"] == "pass");
    CHECK(by_id(out, "interrupt-remapping")["status"] == "pass");
    CHECK(by_id(out, "kernel")["fix"].is_null());
    for (const auto& check : out["checks"]) {
        CHECK(check.size() == 5);
        CHECK(check.contains("id"));
        CHECK(check.contains("status"));
        CHECK(check.contains("source"));
        CHECK(check.contains("finding"));
        CHECK(check.contains("fix"));
    }
}

TEST_CASE("vpt check on hosts that are not ready: exit 1, the fix under each failure") {
    auto run = run_vpt({"-c", demo_uri(), "check", "--root", sysfs("iommu-not-enabled")});
    CHECK(run.exit_code == 1);
    CHECK(has_text(run.out, "FAIL  IOMMU kernel parameters"));
    CHECK(has_text(run.out, "fix: add intel_iommu=on iommu=pt to GRUB_CMDLINE_LINUX_DEFAULT"));
    CHECK(has_text(run.out, "Not ready for PCI passthrough"));
    CHECK(line_count(run.err) == 1);

    auto out = check_json({"-c", demo_uri(), "--json", "check", "--root", sysfs("intel-no-ir")}, 1);
    CHECK(out["ready"] == false);
    CHECK(by_id(out, "interrupt-remapping")["status"] == "fail");
    CHECK(has_text(by_id(out, "interrupt-remapping")["fix"],
                   "options vfio_iommu_type1 allow_unsafe_interrupts=1"));
}

TEST_CASE("vpt check DEV adds the device's group, host use, reset and SR-IOV") {
    SUBCASE("an SR-IOV PF the host does not use: ready") {
        auto out = check_json({"-c", demo_uri(), "check", "03:00.0", "--root", sysfs("intel-ir"), "--json"}, 0);
        CHECK(by_id(out, "device-host-use")["status"] == "pass");
        CHECK(by_id(out, "device-reset")["status"] == "pass");
        CHECK(by_id(out, "device-sriov")["finding"] == "physical function: 4 of 7 VFs enabled");
        // libvirt's test driver reports no host drivers: the group cannot be called viable.
        CHECK(by_id(out, "device-group")["status"] == "warn");
    }
    SUBCASE("the NVMe holding the root filesystem: not ready") {
        auto run = run_vpt({"-c", demo_uri(), "check", "pci_0000_01_00_0", "--root", sysfs("intel-ir")});
        CHECK(run.exit_code == 1);
        CHECK(has_text(run.out, "Device 0000:01:00.0"));
        CHECK(has_text(run.out, "FAIL  Host use"));
        CHECK(has_text(run.out, "nvme0n1p2 is mounted on /"));
    }
    SUBCASE("the boot console GPU") {
        auto out = check_json({"-c", demo_uri(), "check", "05:00.0", "--root", sysfs("intel-ir"), "--json"}, 1);
        CHECK(has_text(by_id(out, "device-host-use")["finding"], "boot display"));
    }
}

TEST_CASE("vpt check: bad usage exits 2") {
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"-c", demo_uri(), "check", "zz:zz.z", "--root", sysfs("intel-ir")},
             {"-c", demo_uri(), "check", "0000:99:00.0", "--root", sysfs("intel-ir")},
             {"-c", demo_uri(), "check", "--root", sysfs("no-such-scenario")},
             {"-c", demo_uri(), "check", "--bogus"}}) {
        CAPTURE(args.back());
        auto run = run_vpt(args);
        CHECK(run.exit_code == 2);
        CHECK(run.out.empty());
        CHECK(line_count(run.err) == 1);
    }
}

TEST_CASE("vpt check with libvirt unreachable: a failed check, not an abort") {
    auto run = run_vpt({"-c", "test:///nonexistent/host.xml", "check", "--root", sysfs("intel-ir"), "--json"});
    CHECK(run.exit_code == 1);
    auto out = nlohmann::json::parse(run.out);
    CHECK(by_id(out, "libvirt")["status"] == "fail");
    CHECK(by_id(out, "iommu-active")["status"] == "pass");
    CHECK(by_id(out, "hostdev")["status"] == "skip");
}

TEST_CASE("vpt check --help hides --root") {
    auto run = run_vpt({"check", "--help"});
    CHECK(run.exit_code == 0);
    CHECK(has_text(run.out, "DEV"));
    CHECK_FALSE(has_text(run.out, "--root"));
}

TEST_CASE("vpt check DEV says when the group's 64-bit BARs exceed a guest's default 64-bit PCI window") {
    auto run = run_vpt({"-c", demo_uri(), "--json", "check", "19:00.0", "--root", sysfs("bars-large")});
    auto out = nlohmann::json::parse(run.out);
    CHECK(by_id(out, "device-bars")["status"] == "warn");
    CHECK(has_text(by_id(out, "device-bars")["finding"], "64 GiB, more than the 32 GiB 64-bit PCI window"));
    CHECK(has_text(by_id(out, "device-bars")["fix"], "vpt prepare GUEST --mmio64 128G"));
    // Without a resource file to read: skipped, not guessed.
    auto unread = nlohmann::json::parse(run_vpt({"-c", demo_uri(), "--json", "check", "19:00.0", "--root", sysfs("intel-ir")}).out);
    CHECK(by_id(unread, "device-bars")["status"] == "skip");
}

// A URI naming a host (here one that refuses the connection at once) takes
// the remote path: the checks of the host's own files cannot be decided
// from here, and say so. A reachable remote host is not part of these tests.
TEST_CASE("vpt check -c REMOTE: the checks that need the host are unknown, each check names its source") {
    const std::string remote = "test+tcp://127.0.0.1:1/host.xml";
    auto out = check_json({"-c", remote, "check", "--json"}, 1);  // libvirt unreachable: one failure
    const std::vector<std::string> from_host = {"kernel", "cpu-virtualization", "kvm", "iommu-firmware",
                                                "iommu-cmdline", "iommu-active", "interrupt-remapping",
                                                "acs-override", "vfio-modules", "boot-bindings"};
    for (const auto& id : from_host) {
        CAPTURE(id);
        CHECK(by_id(out, id)["status"] == "unknown");
        CHECK(by_id(out, id)["source"] == "host");
        CHECK(by_id(out, id)["finding"] == "needs the host itself: run 'vpt check' on it");
        CHECK(by_id(out, id)["fix"].is_null());
    }
    for (const char* id : {"libvirt", "qemu", "hostdev", "uefi-firmware", "memlock"}) {
        CAPTURE(id);
        CHECK(by_id(out, id)["source"] == "libvirt");
        CHECK(by_id(out, id)["status"] != "unknown");
    }

    auto text = run_vpt({"-c", remote, "check"});
    CHECK(text.exit_code == 1);
    CHECK(has_text(text.out, "  UNKNOWN  Kernel "));
    CHECK(has_text(text.out, "10 unknown (they need the host's own files: run 'vpt check' on the host)"));

    SUBCASE("--root is the host's files whatever the URI says") {
        auto rooted = check_json({"-c", remote, "check", "--root", sysfs("intel-ir"), "--json"}, 1);
        CHECK(by_id(rooted, "iommu-active")["status"] == "pass");
        CHECK(by_id(rooted, "iommu-active")["source"] == "host");
    }
}

TEST_CASE("vpt check on a local URI: nothing unknown, the sources named") {
    auto out = check_json({"-c", demo_uri(), "check", "--root", sysfs("intel-ir"), "--json"}, 0);
    for (const auto& check : out["checks"]) {
        CAPTURE(check["id"]);
        CHECK(check["status"] != "unknown");
        CHECK((check["source"] == "host" || check["source"] == "libvirt"));
    }
    CHECK(by_id(out, "kernel")["source"] == "host");
    CHECK(by_id(out, "libvirt")["source"] == "libvirt");
    auto text = run_vpt({"-c", demo_uri(), "check", "--root", sysfs("intel-ir")});
    CHECK(has_text(text.out, "\nReady for PCI passthrough: "));
    CHECK_FALSE(has_text(text.out, "UNKNOWN"));
}
