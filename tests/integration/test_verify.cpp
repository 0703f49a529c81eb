// vpt verify, check --guest and the identity record assign writes, against
// libvirt's test driver; the hook's install and its check on temporary
// roots. identity-host.xml holds guests whose records the host has moved on
// from (see its header).
#include <doctest/doctest.h>

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
    fs::path script = root.path / "etc/libvirt/hooks/qemu.d/vpt-verify";

    auto dry = run_vpt({"verify", "--install-hook", "--dry-run", "--root", root.path.string()});
    CHECK(dry.exit_code == 0);
    CHECK(dry.out == "would install /etc/libvirt/hooks/qemu.d/vpt-verify\n");
    CHECK_FALSE(fs::exists(script));

    auto install = run_vpt({"verify", "--install-hook", "--root", root.path.string()});
    CHECK(install.exit_code == 0);
    CHECK(install.out == "installed /etc/libvirt/hooks/qemu.d/vpt-verify\n");  // hooks/qemu existed: no restart note
    REQUIRE(fs::exists(script));
    CHECK((fs::status(script).permissions() & fs::perms::owner_exec) != fs::perms::none);

    auto again = run_vpt({"verify", "--install-hook", "--root", root.path.string()});
    CHECK(again.out == "already installed: /etc/libvirt/hooks/qemu.d/vpt-verify\n");

    auto remove = run_vpt({"verify", "--remove-hook", "--root", root.path.string()});
    CHECK(remove.out == "removed /etc/libvirt/hooks/qemu.d/vpt-verify\n");
    CHECK_FALSE(fs::exists(script));
    auto remove_again = run_vpt({"verify", "--remove-hook", "--root", root.path.string()});
    CHECK(remove_again.exit_code == 0);
    CHECK(remove_again.out.find("not installed") != std::string::npos);

    std::ifstream kept(existing);
    std::string text((std::istreambuf_iterator<char>(kept)), {});
    CHECK(text == "#!/bin/sh\n# the admin's own hook\nexit 0\n");
}

TEST_CASE("the first hook on a host says the daemon must be restarted") {
    vpt::test::TempDir root("hook-root");
    auto install = run_vpt({"--json", "verify", "--install-hook", "--root", root.path.string()});
    CHECK(install.exit_code == 0);
    auto result = json::parse(install.out);
    CHECK(result["change"] == "installed");
    CHECK(result["restart_needed"] == true);
    auto text = run_vpt({"verify", "--remove-hook", "--install-hook", "--root", root.path.string()});
    CHECK(text.exit_code == 2);
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
