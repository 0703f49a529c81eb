// vpt verify, check --guest and the identity record assign writes, against
// libvirt's test driver; the hook's install and its check on temporary
// roots. identity-host.xml holds guests whose records the host has moved on
// from (see its header).
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "run_vpt.hpp"
#include "temp_dir.hpp"

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string identity_uri() { return fixture_host_uri("identity-host.xml"); }

void write_file(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

// A sysfs device below `root`: ids, class, subsystem ids, and a config
// space carrying a Device Serial Number 88-77-66-55-44-33-22-11.
void sysfs_device(const fs::path& root, const std::string& address, const std::string& vendor,
                  const std::string& device, const std::string& class_code) {
    fs::path dir = root / "sys/bus/pci/devices" / address;
    write_file(dir / "vendor", vendor + "\n");
    write_file(dir / "device", device + "\n");
    write_file(dir / "class", class_code + "\n");
    write_file(dir / "subsystem_vendor", "0x1458\n");
    write_file(dir / "subsystem_device", "0x403b\n");
    std::string config(4096, '\0');
    const unsigned char dsn[] = {0x03, 0x00, 0x01, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88};
    for (size_t i = 0; i < sizeof dsn; ++i) config[0x100 + i] = char(dsn[i]);
    write_file(dir / "config", config);
}

// How a child ended: at once if it has, else killed after two seconds (a
// test that fails must not hang on it).
int end_of(pid_t child) {
    int status = 0;
    for (int i = 0; i < 400; ++i) {
        if (::waitpid(child, &status, WNOHANG) == child) return status;
        ::usleep(5000);
    }
    ::kill(child, SIGKILL);
    ::waitpid(child, &status, 0);
    return status;
}

json step_xml_run(const std::vector<std::string>& args) {
    auto run = run_vpt(args);
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    return json::parse(run.out);
}

}  // namespace

TEST_CASE("assign records each device's identity in the config it defines, read back after the define") {
    auto run = run_vpt({"-c", demo_uri(), "--json", "assign", "media-server", "19:00.0"});
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    auto result = json::parse(run.out);
    CHECK(result["identity_recorded"] == true);
    CHECK(result["devices"][0]["identity"] == "1002:73bf class 0x030000");
    std::string xml = result["steps"][0]["xml"];
    CHECK(xml.find("<vpt:identity xmlns:vpt='urn:vpt:identity:1'>") != std::string::npos);
    CHECK(xml.find("<vpt:device address='0000:19:00.0' vendor='0x1002' device='0x73bf' class='0x030000'>") !=
          std::string::npos);
    CHECK(xml.find("address='0000:19:00.1'") != std::string::npos);
    CHECK(xml.find("companion='yes'") != std::string::npos);
    // The test driver describes no real host: no sysfs fields, never invented.
    CHECK(xml.find("subsystem_vendor") == std::string::npos);
    CHECK(xml.find("<vpt:serial") == std::string::npos);
}

TEST_CASE("assign with --root takes the subsystem ids and the DSN from sysfs") {
    vpt::test::TempDir root("identity-root");
    sysfs_device(root.path, "0000:19:00.0", "0x1002", "0x73bf", "0x030000");
    auto result = step_xml_run({"-c", demo_uri(), "--json", "assign", "media-server", "19:00.0", "--root",
                                root.path.string(), "--dry-run"});
    std::string xml = result["steps"][0]["xml"];
    CHECK(xml.find("subsystem_vendor='0x1458' subsystem_device='0x403b'") != std::string::npos);
    CHECK(xml.find("<vpt:serial type='dsn'>88-77-66-55-44-33-22-11</vpt:serial>") != std::string::npos);
}

TEST_CASE("a --live assignment is not recorded: it ends when the guest stops") {
    auto result = json::parse(run_vpt({"-c", demo_uri(), "--json", "assign", "web-frontend", "02:00.0", "--live",
                                       "--dry-run"}).out);
    CHECK(result["devices"][0]["identity"].is_null());
    for (const auto& step : result["steps"]) CHECK(step["action"] != "define-guest");
}

TEST_CASE("unassign drops the records of the device and its companions") {
    auto result = step_xml_run({"-c", identity_uri(), "--json", "unassign", "steady", "01:00.0", "--dry-run"});
    CHECK(result["devices"] == json({"0000:01:00.0"}));
    std::string xml = result["steps"][0]["xml"];
    CHECK(xml.find("address='0000:01:00.0'") == std::string::npos);
    CHECK(xml.find("<vpt:device address='0000:01:00.1'") != std::string::npos);  // not taken out: nor its record
}

TEST_CASE("verify: one verdict per recorded device, exit 1 unless all are ok") {
    SUBCASE("ok") {
        auto run = run_vpt({"-c", identity_uri(), "verify", "steady"});
        CHECK(run.exit_code == 0);
        CHECK(run.out.find("steady 0000:01:00.0 ok: 10de:1c82 class 0x030000\n") != std::string::npos);
        CHECK(run.out.find("steady 0000:01:00.1 ok") != std::string::npos);
    }
    SUBCASE("drift: the line names both devices") {
        auto run = run_vpt({"-c", identity_uri(), "verify", "drifted"});
        CHECK(run.exit_code == 1);
        CHECK(run.out.find("drifted 0000:02:00.0 drift: recorded 10de:2204 class 0x030000, now holds 144d:a808") !=
              std::string::npos);
        CHECK(line_count(run.err) == 1);
    }
    SUBCASE("moved: by its VPD serial, with the commands that follow it") {
        auto run = run_vpt({"-c", identity_uri(), "--json", "verify", "moved"});
        CHECK(run.exit_code == 1);
        auto result = json::parse(run.out);
        CHECK(result["ok"] == false);
        REQUIRE(result["devices"].size() == 1);
        const auto& device = result["devices"][0];
        CHECK(device["status"] == "moved");
        CHECK(device["moved_to"] == "0000:03:00.0");
        CHECK(device["recorded"]["serial"] == json({{"type", "vpd"}, {"value", "MT2042X12345"}}));
        CHECK(device["commands"] == json({"vpt unassign moved 0000:04:00.0", "vpt assign moved 0000:03:00.0"}));
    }
    SUBCASE("every guest with a record when none is named; the garbled one is bad input") {
        auto run = run_vpt({"-c", identity_uri(), "verify"});
        CHECK(run.exit_code == 2);
        CHECK(run.err.find("guest 'garbled': identity record: bad address") != std::string::npos);
        CHECK(run.err.find("virsh metadata garbled urn:vpt:identity:1 --config --remove") != std::string::npos);
        CHECK(line_count(run.err) == 1);
    }
    SUBCASE("the commands verify suggests for a moved device work") {
        auto unassign = run_vpt({"-c", identity_uri(), "unassign", "moved", "0000:04:00.0", "--dry-run"});
        CHECK_MESSAGE(unassign.exit_code == 0, unassign.err);
        auto assign = run_vpt({"-c", identity_uri(), "assign", "moved", "0000:03:00.0", "--dry-run"});
        CHECK_MESSAGE(assign.exit_code == 0, assign.err);
    }
    SUBCASE("a guest without a record, and one that does not exist") {
        auto none = run_vpt({"-c", demo_uri(), "verify", "media-server"});
        CHECK(none.exit_code == 0);
        CHECK(none.out.find("no identity record") != std::string::npos);
        auto unknown = run_vpt({"-c", identity_uri(), "verify", "stedy"});
        CHECK(unknown.exit_code == 2);
        CHECK(unknown.err.find("did you mean steady") != std::string::npos);
    }
}

TEST_CASE("check --guest includes the verdicts") {
    auto run = run_vpt({"-c", identity_uri(), "--json", "check", "--guest", "drifted"});
    CHECK(run.exit_code == 1);
    auto result = json::parse(run.out);
    bool found = false;
    for (const auto& check : result["checks"])
        if (check["id"] == "identity:0000:02:00.0") {
            found = true;
            CHECK(check["status"] == "fail");
            CHECK(check["finding"].get<std::string>().find("drift") != std::string::npos);
        }
    CHECK(found);
}

TEST_CASE("verify --install-hook / --remove-hook below --root, beside an existing hook") {
    vpt::test::TempDir root("hook-root");
    fs::path existing = root.path / "etc/libvirt/hooks/qemu";
    write_file(existing, "#!/bin/sh\n# the admin's own hook\nexit 0\n");
    fs::path script = root.path / "etc/libvirt/hooks/qemu.d/00-vpt-verify";

    auto dry = run_vpt({"verify", "--install-hook", "--dry-run", "--root", root.path.string()});
    CHECK(dry.exit_code == 0);
    CHECK(dry.out == "would install /etc/libvirt/hooks/qemu.d/00-vpt-verify\n");
    CHECK_FALSE(fs::exists(script));

    auto install = run_vpt({"verify", "--install-hook", "--root", root.path.string()});
    CHECK_MESSAGE(install.exit_code == 0, install.err);
    CHECK(install.out.starts_with("installed /etc/libvirt/hooks/qemu.d/00-vpt-verify\n"
                                  "note: no running libvirtd or virtqemud found (/run/libvirtd.pid, "
                                  "/run/virtqemud.pid): a daemon looks for hooks when it starts;"));
    REQUIRE(fs::exists(script));
    CHECK((fs::status(script).permissions() & fs::perms::owner_exec) != fs::perms::none);

    auto again = run_vpt({"verify", "--install-hook", "--root", root.path.string()});
    CHECK(again.out.starts_with("already installed: /etc/libvirt/hooks/qemu.d/00-vpt-verify\n"));

    auto remove = run_vpt({"verify", "--remove-hook", "--root", root.path.string()});
    CHECK(remove.out == "removed /etc/libvirt/hooks/qemu.d/00-vpt-verify\n");
    CHECK_FALSE(fs::exists(script));
    auto remove_again = run_vpt({"verify", "--remove-hook", "--root", root.path.string()});
    CHECK(remove_again.exit_code == 0);
    CHECK(remove_again.out.find("not installed") != std::string::npos);

    std::ifstream kept(existing);
    std::string text((std::istreambuf_iterator<char>(kept)), {});
    CHECK(text == "#!/bin/sh\n# the admin's own hook\nexit 0\n");
}

TEST_CASE("--install-hook tells the running daemon to look for hooks again, though qemu.d was there") {
    // After --remove-hook and a daemon restart, qemu.d is empty: the daemon
    // found no hook when it started and runs none until it looks again.
    vpt::test::TempDir root("hook-root");
    fs::create_directories(root.path / "etc/libvirt/hooks/qemu.d");
    pid_t daemon = ::fork();
    if (daemon == 0) {
        ::prctl(PR_SET_NAME, "virtqemud");
        for (;;) ::pause();
    }
    for (int i = 0; i < 200; ++i) {
        std::ifstream comm("/proc/" + std::to_string(daemon) + "/comm");
        std::string name;
        if (std::getline(comm, name) && name == "virtqemud") break;
        ::usleep(5000);
    }
    write_file(root.path / "run/virtqemud.pid", std::to_string(daemon) + "\n");

    auto install = run_vpt({"--json", "verify", "--install-hook", "--root", root.path.string()});
    CHECK_MESSAGE(install.exit_code == 0, install.err);
    auto result = json::parse(install.out);
    CHECK(result["change"] == "installed");
    CHECK(result["reloaded"] == json::array({{{"daemon", "virtqemud"}, {"pid", daemon}}}));
    CHECK(result["restart_needed"] == false);
    CHECK(result["note"].is_null());
    int status = end_of(daemon);
    CHECK(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGHUP);

    auto both = run_vpt({"verify", "--remove-hook", "--install-hook", "--root", root.path.string()});
    CHECK(both.exit_code == 2);
}

TEST_CASE("--install-hook refuses a vpt binary others could replace, unless --force") {
    vpt::test::TempDir root("hook-root");
    fs::path binary = root.path / "opt/vpt/vpt";
    write_file(binary, "#!/bin/sh\nexit 0\n");
    fs::permissions(binary, fs::perms(0757));
    fs::path script = root.path / "etc/libvirt/hooks/qemu.d/00-vpt-verify";

    auto refused = run_vpt({"verify", "--install-hook", "--root", root.path.string(), "--binary", binary.string()});
    CHECK(refused.exit_code == 1);
    CHECK(line_count(refused.err) == 1);
    CHECK(refused.err.find("refusing to install a hook that runs " + binary.string() + " as root") !=
          std::string::npos);
    CHECK(refused.err.find("is writable by other users") != std::string::npos);
    CHECK_FALSE(fs::exists(script));

    auto forced = run_vpt(
        {"verify", "--install-hook", "--force", "--root", root.path.string(), "--binary", binary.string()});
    CHECK_MESSAGE(forced.exit_code == 0, forced.err);
    CHECK(fs::exists(script));
    CHECK(run_vpt({"verify", "--remove-hook", "--force", "--root", root.path.string()}).exit_code == 2);
}

TEST_CASE("verify --hook checks the guest's XML on stdin against sysfs, for prepare begin only") {
    vpt::test::TempDir root("hook-sysfs");
    sysfs_device(root.path, "0000:01:00.0", "0x144d", "0xa808", "0x010802");  // now: an NVMe
    auto guest_xml = [&](const std::string& vendor, const std::string& device) {
        return "<domain type='kvm'><name>g</name><metadata><vpt:identity xmlns:vpt='urn:vpt:identity:1'>"
               "<vpt:device address='0000:01:00.0' vendor='" + vendor + "' device='" + device +
               "' subsystem_vendor='0x1458' subsystem_device='0x403b'>"
               "<vpt:serial type='dsn'>88-77-66-55-44-33-22-11</vpt:serial></vpt:device>"
               "</vpt:identity></metadata></domain>";
    };
    fs::path drifted = root.path / "drifted.xml", same = root.path / "same.xml", garbled = root.path / "garbled.xml";
    write_file(drifted, guest_xml("0x10de", "0x2204"));
    write_file(same, guest_xml("0x144d", "0xa808"));
    write_file(garbled, guest_xml("0x10de", "0x2204; rm -rf /"));

    auto refused = run_vpt_with_input({"verify", "--hook", "g", "prepare", "begin", "-", "--root", root.path.string()},
                                      drifted.string());
    CHECK(refused.exit_code == 1);
    CHECK(refused.out.empty());  // libvirt would take a qemu.d script's output as the guest's XML
    CHECK(line_count(refused.err) == 1);
    CHECK(refused.err.find("refusing to start guest 'g'") != std::string::npos);
    CHECK(refused.err.find("0000:01:00.0 drift: recorded 10de:2204") != std::string::npos);
    CHECK(refused.err.find("now holds 144d:a808 subsystem 1458:403b class 0x010802") != std::string::npos);

    auto ok = run_vpt_with_input({"verify", "--hook", "g", "--root", root.path.string()}, same.string());
    CHECK_MESSAGE(ok.exit_code == 0, ok.err);
    CHECK(ok.out.empty());

    // Another phase (a daemon reconnecting to a running guest kills it when
    // a hook fails): nothing is checked.
    auto other_phase = run_vpt_with_input(
        {"verify", "--hook", "g", "reconnect", "begin", "-", "--root", root.path.string()}, drifted.string());
    CHECK(other_phase.exit_code == 0);

    auto bad = run_vpt_with_input({"verify", "--hook", "g", "--root", root.path.string()}, garbled.string());
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("identity record cannot be read") != std::string::npos);
}

TEST_CASE("the hook: a guest named like an option, a device that hangs, and the refusal in the audit") {
    vpt::test::TempDir root("hook-sysfs");
    sysfs_device(root.path, "0000:01:00.0", "0x144d", "0xa808", "0x010802");
    fs::path xml = root.path / "guest.xml";
    write_file(xml, "<domain type='kvm'><name>--help</name><metadata><vpt:identity xmlns:vpt='urn:vpt:identity:1'>"
                    "<vpt:device address='0000:01:00.0' vendor='0x144d' device='0xa808'/>"
                    "</vpt:identity></metadata></domain>");
    std::string audit = audit_file(default_state_dir());
    fs::remove(audit);

    // As the hook script calls it: the name after "--".
    auto ok = run_vpt_with_input({"verify", "--hook", "--root", root.path.string(), "--", "--help"}, xml.string());
    CHECK_MESSAGE(ok.exit_code == 0, ok.err);
    CHECK(ok.out.empty());
    CHECK_FALSE(fs::exists(audit));  // a guest that starts is not audited

    fs::path config = root.path / "sys/bus/pci/devices/0000:01:00.0/config";
    fs::remove(config);
    REQUIRE(::mkfifo(config.c_str(), 0600) == 0);  // a read that blocks, as a hung device's can
    auto start = std::chrono::steady_clock::now();
    auto hung = run_vpt_with_input(
        {"verify", "--hook", "--root", root.path.string(), "--hook-deadline-ms", "300", "--", "--help"}, xml.string());
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(4));
    CHECK(hung.exit_code == 1);
    CHECK(hung.out.empty());
    CHECK(line_count(hung.err) == 1);
    CHECK(hung.err.find("refusing to start guest '--help': reading its recorded devices (0000:01:00.0) from sysfs "
                        "did not finish within 300 ms") != std::string::npos);

    std::ifstream in(audit);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0].find("event=start op=verify-hook target=--help cmd=") != std::string::npos);
    CHECK(lines[1].find("event=end op=verify-hook target=--help outcome=refused error=\"refusing to start guest "
                        "'--help': reading its recorded devices") != std::string::npos);
}
