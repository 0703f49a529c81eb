// vpt recover against libvirt's test driver: a journal as a killed vpt
// leaves it, for each kind of step, undone or completed through the same
// runner the commands use; and the journals recover refuses to act on.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "journal_fixture.hpp"
#include "run_vpt.hpp"
#include "temp_dir.hpp"

using nlohmann::json;
using namespace journal_fixture;
namespace fs = std::filesystem;
using vpt::test::TempDir;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string file_text(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// ci-runner of the demo host, as a config vpt could have defined.
std::string ci_runner_xml(const std::string& description) {
    return "<domain type='kvm'><name>ci-runner</name><uuid>e9a61c58-2f7d-4b03-9c84-0a5d3e7b16f2</uuid>"
           "<description>" + description + "</description><memory unit='KiB'>1048576</memory>"
           "<os><type arch='x86_64' machine='pc'>hvm</type></os></domain>";
}

struct State {
    TempDir dir{"itest-state"};
    fs::path journal() const { return dir.path / "journal.json"; }
    void write(const json& record) const { std::ofstream(journal()) << record.dump(2); }
    VptRun run(std::vector<std::string> args) const { return run_vpt(args, dir.path.string()); }
};

}  // namespace

TEST_CASE("recover undoes or completes a guest config change") {
    State state;
    auto crashed = [&](const std::string& done_state) {
        state.write(journal("prepare", demo_uri(), "ci-runner",
                            {step({"define-guest", "define-guest", done_state, "", "ci-runner",
                                   ci_runner_xml("prepared"), ci_runner_xml("original")})}));
    };
    SUBCASE("undo defines the config it had before") {
        crashed("applied");
        auto run = state.run({"-c", demo_uri(), "recover"});
        REQUIRE_MESSAGE(run.exit_code == 0, run.err);
        CHECK(has(run.out, "undone: define ci-runner"));
        CHECK(has(run.out, "Recovered"));
        CHECK_FALSE(fs::exists(state.journal()));
    }
    SUBCASE("complete defines the config the change was making") {
        crashed("applying");
        auto run = state.run({"-c", demo_uri(), "--json", "recover", "--complete"});
        REQUIRE_MESSAGE(run.exit_code == 0, run.err);
        CHECK(json::parse(run.out)["result"] == "recovered");
        CHECK_FALSE(fs::exists(state.journal()));
    }
    SUBCASE("a config libvirt refuses keeps the journal, the step still applied") {
        state.write(journal("prepare", demo_uri(), "ci-runner",
                            {step({"define-guest", "define-guest", "applied", "", "ci-runner",
                                   ci_runner_xml("prepared"), "<domain><name>ci-runner</name></domain>"})}));
        auto run = state.run({"-c", demo_uri(), "--json", "recover"});
        CHECK(run.exit_code == 1);
        CHECK(line_count(run.err) == 1);
        CHECK(json::parse(run.out)["result"] == "failed");
        CHECK(json::parse(file_text(state.journal()))["steps"][0]["state"] == "applied");
    }
}

TEST_CASE("recover defines again a network whose undefine was interrupted") {
    State state;
    std::string xml = "<network><name>vf-pool-x</name><forward mode='hostdev' managed='yes'>"
                      "<address type='pci' domain='0x0000' bus='0x03' slot='0x10' function='0x4'/></forward></network>";
    state.write(journal("pool-delete", demo_uri(), "vf-pool-x",
                        {step({"undefine-network", "define-network", "applied", "", "vf-pool-x", "", xml})}));
    auto run = state.run({"-c", demo_uri(), "recover"});
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    CHECK(has(run.out, "undone: undefine vf-pool-x"));
    CHECK_FALSE(fs::exists(state.journal()));
}

TEST_CASE("recover of a VF count change killed after its write of 0") {
    State state;
    TempDir root{"itest-sriov"};
    fs::copy(fs::path(VPT_FIXTURES) / "sysfs" / "sriov", root.path,
             fs::copy_options::recursive | fs::copy_options::copy_symlinks);
    auto numvfs = root.path / "sys/bus/pci/devices/0000:03:00.0/sriov_numvfs";
    auto crashed = [&] {
        // 4 -> 2 goes through 0; the kill came after the write of 0.
        std::ofstream(numvfs) << "0\n";
        state.write(journal("vfs", demo_uri(), "0000:03:00.0",
                            {step({"write-vf-count", "write-vf-count", "applied", "0000:03:00.0", "", "", "", 0, 4}),
                             step({"write-vf-count", "write-vf-count", "pending", "0000:03:00.0", "", "", "", 2, 0})}));
    };
    SUBCASE("undo puts the 4 VFs back") {
        crashed();
        auto run = state.run({"-c", demo_uri(), "recover", "--root", root.path.string()});
        REQUIRE_MESSAGE(run.exit_code == 0, run.err);
        CHECK(file_text(numvfs).find('4') == 0);
        CHECK(has(run.out, "undone: write 0 to sriov_numvfs"));
    }
    SUBCASE("complete writes the 2 asked for") {
        crashed();
        auto run = state.run({"-c", demo_uri(), "recover", "--complete", "--root", root.path.string()});
        REQUIRE_MESSAGE(run.exit_code == 0, run.err);
        CHECK(file_text(numvfs).find('2') == 0);
        CHECK(has(run.out, "done: write 2 to sriov_numvfs"));
    }
}

TEST_CASE("recover of a live assign whose guest does not let go keeps the group on vfio-pci") {
    // `vpt assign gpu-workstation 18:00.0 --live`, killed after both attaches:
    // the companion 18:00.1 as a placeholder, then 18:00.0. libvirt's test
    // driver cannot hot-unplug, so the running guest keeps 18:00.0, as a guest
    // that never answers would.
    State state;
    auto hostdev = [](const char* function, bool placeholder) {
        return std::string("<hostdev mode='subsystem' type='pci' managed='yes'><source><address domain='0x0000' "
                           "bus='0x18' slot='0x00' function='") + function + "'/></source>" +
               (placeholder ? "<address type='unassigned'/>" : "") + "</hostdev>";
    };
    json placeholder = step({"attach-live", "detach-placeholder", "applied", "0000:18:00.1", "gpu-workstation",
                             hostdev("0x1", true), hostdev("0x1", true)});
    placeholder["label"] = "0000:18:00.1 (placeholder) in running guest 'gpu-workstation'";
    json device = step({"attach-live", "detach-live", "applied", "0000:18:00.0", "gpu-workstation", hostdev("0x0", false),
                        hostdev("0x0", false)});
    device["label"] = "0000:18:00.0 in running guest 'gpu-workstation'";
    state.write(journal("assign", demo_uri(), "gpu-workstation", {placeholder, device}));

    auto run = state.run({"-c", demo_uri(), "recover", "--timeout", "1"});
    CHECK(run.exit_code == 1);
    CHECK(line_count(run.err) == 1);
    CHECK(has(run.err, "0000:18:00.0 in running guest 'gpu-workstation' not released, so the group stays on vfio-pci"));
    CHECK(has(run.err, "recover' again once the guest lets go"));
    CHECK(has(run.out, "could NOT undo: attach 0000:18:00.0 in running guest 'gpu-workstation'"));
    // The placeholder was not touched: libvirt would have given 18:00.1 back to the host at once.
    CHECK(has(run.out, "kept, not undone: attach 0000:18:00.1 (placeholder)"));
    CHECK(has(run.out, "Recovery is incomplete: the journal is kept."));
    auto kept = json::parse(file_text(state.journal()));
    CHECK(kept["steps"][0]["state"] == "applied");
    CHECK(kept["steps"][1]["state"] == "applied");
}

TEST_CASE("recover connects only where the user says, and refuses another URI's journal") {
    State state;
    TempDir scratch{"itest-ext"};
    auto marker = scratch.path / "ran";
    auto script = scratch.path / "transport.sh";
    std::ofstream(script) << "#!/bin/sh\ntouch " << marker.string() << "\n";
    fs::permissions(script, fs::perms::owner_all);
    json record = journal("detach", "qemu+ext:///system?command=" + script.string(), "0000:19:00.0",
                          {step({"detach", "reattach", "applied", "0000:19:00.0", "", "", "", 0, 0,
                                 "pci_0000_19_00_0"})});
    state.write(record);
    std::string before = file_text(state.journal());
    for (const auto& args : std::vector<std::vector<std::string>>{{"recover"}, {"-c", demo_uri(), "recover"},
                                                                 {"-c", demo_uri(), "recover", "--complete"}}) {
        auto run = state.run(args);
        CHECK(run.exit_code != 0);
        CHECK(line_count(run.err) == 1);
        CHECK_FALSE(fs::exists(marker));
        CHECK(file_text(state.journal()) == before);
    }
    auto other = state.run({"-c", demo_uri(), "recover"});
    CHECK(has(other.err, "made through"));
}

TEST_CASE("recover refuses a journal it cannot trust or read, naming why") {
    State state;
    json record = journal("detach", demo_uri(), "0000:19:00.0",
                          {step({"detach", "reattach", "applied", "0000:19:00.0", "", "", "", 0, 0,
                                 "pci_0000_19_00_0"})});
    SUBCASE("written by an older vpt") {
        record["version"] = 1;
        state.write(record);
        auto run = state.run({"-c", demo_uri(), "recover"});
        CHECK(run.exit_code == 1);
        CHECK(has(run.err, "another version of vpt"));
    }
    SUBCASE("writable by others") {
        state.write(record);
        fs::permissions(state.journal(), fs::perms::others_write, fs::perm_options::add);
        auto run = state.run({"-c", demo_uri(), "recover"});
        CHECK(run.exit_code == 1);
        CHECK(has(run.err, "not trusted"));
    }
    SUBCASE("a field out of range") {
        record["steps"][0]["count"] = 1LL << 40;
        state.write(record);
        auto run = state.run({"-c", demo_uri(), "recover"});
        CHECK(run.exit_code == 1);
        CHECK(has(run.err, "steps[0].count"));
    }
    CHECK(fs::exists(state.journal()));
}

TEST_CASE("recover --dry-run only reads: no state directory is made") {
    TempDir scratch{"itest-nostate"};
    auto missing = scratch.path / "state";
    auto run = run_vpt({"recover", "--dry-run"}, missing.string());
    CHECK(run.exit_code == 0);
    CHECK(has(run.out, "Nothing to recover"));
    CHECK_FALSE(fs::exists(missing));
}

TEST_CASE("a state directory others could write in is refused, and nothing in it is touched") {
    State state;
    json record = journal("pool-create", demo_uri(), "p1",
                          {step({"start-network", "stop-network", "applied", "", "sriov-pool"})});
    state.write(record);
    std::string before = file_text(state.journal());
    SUBCASE("writable by its group") {
        fs::permissions(state.dir.path, fs::perms::group_write, fs::perm_options::add);
        auto run = state.run({"-c", demo_uri(), "recover"});
        CHECK(run.exit_code == 1);
        CHECK(line_count(run.err) == 1);
        CHECK(run.err == "vpt: state directory " + state.dir.path.string() +
                             " is writable by other users; vpt keeps root's journal and lock only where no one else "
                             "can write (chown and chmod it, or choose another --state-dir)\n");
    }
    SUBCASE("owned by another user") {
        if (::geteuid() != 0) return;  // only root can give a directory away
        REQUIRE(::chown(state.dir.path.c_str(), 65534, 65534) == 0);
        auto run = state.run({"-c", demo_uri(), "--state-dir", state.dir.path.string(), "recover"});
        CHECK(run.exit_code == 1);
        CHECK(line_count(run.err) == 1);
        CHECK(has(run.err, "is owned by uid 65534, not by the running user (uid 0)"));
    }
    CHECK(file_text(state.journal()) == before);
    CHECK_FALSE(fs::exists(state.dir.path / "lock"));
}

TEST_CASE("recover writes a guest config back only over the one vpt left, keeping both copies otherwise") {
    State state;
    // ci-runner's config now, as libvirt gives it.
    auto now = run_program("/usr/bin/virsh", {"-c", demo_uri(), "dumpxml", "--inactive", "ci-runner"});
    REQUIRE_MESSAGE(now.exit_code == 0, now.err);
    auto crashed = [&](const std::string& left) {
        auto entry = step({"define-guest", "define-guest", "applied", "", "ci-runner", ci_runner_xml("prepared"),
                           ci_runner_xml("original")});
        entry["config_before"] = ci_runner_xml("original");
        entry["undo_config_before"] = left;  // what the define left, as the journal recorded it
        state.write(journal("prepare", demo_uri(), "ci-runner", {entry}));
    };
    SUBCASE("changed since vpt wrote it: refused, both copies kept and named, the journal kept") {
        crashed(ci_runner_xml("prepared"));
        auto run = state.run({"-c", demo_uri(), "recover"});
        CHECK(run.exit_code == 1);
        CHECK(line_count(run.err) == 1);
        CHECK(has(run.out, "could NOT undo: define ci-runner: the config of guest 'ci-runner' changed since vpt read it"));
        std::vector<fs::path> read, there;
        for (const auto& entry : fs::directory_iterator(state.dir.path)) {
            if (entry.path().string().ends_with(".read.xml")) read.push_back(entry.path());
            if (entry.path().string().ends_with(".now.xml")) there.push_back(entry.path());
        }
        REQUIRE(read.size() == 1);
        REQUIRE(there.size() == 1);
        CHECK(file_text(read[0]) == ci_runner_xml("prepared"));
        CHECK(has(file_text(there[0]), "<description>Shut-off legacy guest"));
        CHECK(has(run.out, "what vpt read is in " + read[0].string()));
        CHECK(has(run.out, "what is there now is in " + there[0].string()));
        CHECK(json::parse(file_text(state.journal()))["steps"][0]["state"] == "applied");
    }
    SUBCASE("as vpt left it: undone") {
        crashed(now.out);
        auto run = state.run({"-c", demo_uri(), "recover"});
        REQUIRE_MESSAGE(run.exit_code == 0, run.err);
        CHECK(has(run.out, "undone: define ci-runner"));
        CHECK_FALSE(fs::exists(state.journal()));
    }
}
