// Whether a connection reaches this machine is libvirt's to say (its
// hostname, its host UUID), not the URI's text: libvirt's test driver is
// never this machine, a daemon behind a UNIX socket that reports another
// hostname is another machine, and a daemon that never answers ends vpt
// with exit 3 after --timeout.
#include <doctest/doctest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "private_libvirtd.hpp"
#include "run_vpt.hpp"
#include "temp_dir.hpp"

namespace {

bool has_text(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

const nlohmann::json& by_id(const nlohmann::json& out, const std::string& id) {
    for (const auto& check : out["checks"])
        if (check["id"] == id) return check;
    throw std::runtime_error("no check " + id);
}

std::string this_hostname() {
    char name[256] = {};
    gethostname(name, sizeof name - 1);
    return name;
}

const char* test_driver_reason = "libvirt's test driver has no host";

}  // namespace

TEST_CASE("check on the demo host: this machine's files are not the test driver's host") {
    SUBCASE("DEV's host use is unknown, never a PASS about this machine") {
        auto run = run_vpt({"-c", demo_uri(), "check", "01:00.0"});
        CAPTURE(run.out);
        auto host_use = run.out.find("Host use");
        REQUIRE(host_use != std::string::npos);
        auto line_start = run.out.rfind('\n', host_use) + 1;
        CHECK(run.out.substr(line_start, host_use - line_start) == "  UNKNOWN  ");
        CHECK(has_text(run.out, test_driver_reason));
        CHECK(has_text(run.out, "unknown (libvirt's test driver has no host whose files they read)"));
    }
    SUBCASE("the reset of 00:00.0 is not this machine's 00:00.0's") {
        auto out = nlohmann::json::parse(run_vpt({"-c", demo_uri(), "--json", "check", "00:00.0"}).out);
        CHECK(by_id(out, "device-reset")["status"] == "unknown");
        CHECK(has_text(by_id(out, "device-reset")["finding"], test_driver_reason));
        for (const char* id : {"cpu-virtualization", "iommu-active", "interrupt-remapping", "vfio-modules",
                               "device-host-use", "device-sriov", "device-bars"}) {
            CAPTURE(id);
            CHECK(by_id(out, id)["status"] == "unknown");
        }
        CHECK(has_text(by_id(out, "libvirt")["finding"], "(libvirt's test driver: no host)"));
    }
    SUBCASE("a fixture tree given with --root is read instead") {
        auto out = nlohmann::json::parse(
            run_vpt({"-c", demo_uri(), "--json", "check", "01:00.0", "--root", VPT_FIXTURES "/sysfs/intel-ir"}).out);
        CHECK(by_id(out, "device-host-use")["status"] == "fail");
    }
}

TEST_CASE("show and reset on the demo host: sysfs facts unknown, with the reason") {
    auto show = run_vpt({"-c", demo_uri(), "show", "00:00.0"});
    CHECK(show.exit_code == 0);
    CHECK(has_text(show.out, std::string("reset, BARs, power state: unknown (") + test_driver_reason + ")"));

    vpt::test::TempDir state("locality");
    auto reset = run_vpt({"-c", demo_uri(), "reset", "19:00.0", "--dry-run"}, state.path.string());
    CAPTURE(reset.err);
    CHECK(reset.exit_code == 0);
    CHECK(has_text(reset.out, std::string("reset methods unknown (") + test_driver_reason + ")"));
}

// A daemon behind "+unix" with "?socket=" is this machine by its URI's text;
// libvirt says otherwise when it runs under another hostname.
TEST_CASE("a private libvirtd under another hostname, reached through its UNIX socket, is remote") {
    if (auto why = PrivateLibvirtd::unavailable(); !why.empty()) {
        MESSAGE("not run: " << why);
        return;
    }
    PrivateLibvirtd other({"vpt-other-host", ""});
    const std::string uri = other.qemu_uri();

    SUBCASE("check: the host's own files are unknown, libvirt's check says why") {
        auto run = run_vpt({"-c", uri, "--json", "check"});
        CAPTURE(run.err);
        auto out = nlohmann::json::parse(run.out);
        for (const char* id : {"kernel", "iommu-active", "vfio-modules", "boot-bindings"}) {
            CAPTURE(id);
            CHECK(by_id(out, id)["status"] == "unknown");
        }
        std::string finding = by_id(out, "libvirt")["finding"];
        CHECK(has_text(finding, "not this machine: libvirt's host is 'vpt-other-host', this machine is '" +
                                    this_hostname() + "'"));
    }
    SUBCASE("detach --persist refuses: this machine's /etc is not that host's") {
        // Any PCI device the daemon lists will do: the refusal comes before any change.
        auto list = run_vpt({"-c", uri, "--json", "list"});
        CAPTURE(list.err);
        REQUIRE(list.exit_code == 0);
        auto devices = nlohmann::json::parse(list.out)["devices"];
        REQUIRE_FALSE(devices.empty());
        std::string address = devices.front()["address"];
        vpt::test::TempDir state("locality");
        auto run = run_vpt({"-c", uri, "detach", address, "--persist"}, state.path.string());
        CHECK(run.exit_code == 1);
        CHECK(has_text(run.err, "--persist writes the host's /etc, and libvirt's host is not this machine "
                                "(libvirt's host is 'vpt-other-host'"));
        CHECK(line_count(run.err) == 1);
    }
}

// The same daemon under this machine's hostname, its host UUID taken from
// this machine's machine-id, is this machine: the hostname alone made the
// difference above.
TEST_CASE("a private libvirtd under this machine's hostname and machine-id is local") {
    if (auto why = PrivateLibvirtd::unavailable(); !why.empty()) {
        MESSAGE("not run: " << why);
        return;
    }
    if (access("/etc/machine-id", R_OK) != 0) {
        MESSAGE("not run: this machine has no /etc/machine-id");
        return;
    }
    PrivateLibvirtd same({"", "machine-id"});
    auto run = run_vpt({"-c", same.qemu_uri(), "--json", "check"});
    CAPTURE(run.err);
    auto out = nlohmann::json::parse(run.out);
    CHECK(by_id(out, "kernel")["status"] != "unknown");
    CHECK_FALSE(has_text(by_id(out, "libvirt")["finding"], "not this machine"));
}

TEST_CASE("a daemon that never answers: exit 3 after --timeout, one line") {
    SilentSocket silent;
    for (auto uri : {"test+unix:///nowhere.xml?socket=" + silent.path(), "qemu+unix:///system?socket=" + silent.path()}) {
        CAPTURE(uri);
        auto start = std::chrono::steady_clock::now();
        auto run = run_vpt({"--timeout", "2", "-c", uri, "list"});
        auto took = std::chrono::steady_clock::now() - start;
        CHECK(run.exit_code == 3);
        CHECK(took < std::chrono::seconds(10));
        CHECK(line_count(run.err) == 1);
        CHECK(has_text(run.err, "no answer within 2 s (see --timeout)"));
    }
    SUBCASE("--timeout after the command, and beside a host that answers") {
        auto run = run_vpt({"-c", demo_uri(), "-c", "test+unix:///nowhere.xml?socket=" + silent.path(), "list",
                            "--timeout", "2"});
        CHECK(run.exit_code == 1);  // one host read, one unreachable
        CHECK(has_text(run.out, "01:00.0"));
        CHECK(has_text(run.err, "no answer within 2 s"));
    }
}

TEST_CASE("a stopped libvirtd: exit 3 after --timeout") {
    if (auto why = PrivateLibvirtd::unavailable(); !why.empty()) {
        MESSAGE("not run: " << why);
        return;
    }
    PrivateLibvirtd daemon({"", ""});
    kill(daemon.pid(), SIGSTOP);
    auto start = std::chrono::steady_clock::now();
    auto run = run_vpt({"--timeout", "2", "-c", daemon.qemu_uri(), "list"});
    CHECK(run.exit_code == 3);
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(10));
    CHECK(line_count(run.err) == 1);
    kill(daemon.pid(), SIGCONT);
}
