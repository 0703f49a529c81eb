// A refusal names the command that gets past it, with the real arguments of
// the case at hand: which guest, which device, which URI.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "journal_fixture.hpp"
#include "run_vpt.hpp"
#include "temp_dir.hpp"

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The demo host with gpu-workstation holding only the GPU of its group, not
// the GPU's audio function: the group is split if anyone else takes that.
struct SplitGroupHost {
    vpt::test::TempDir dir{"itest-split"};
    std::string uri;
    SplitGroupHost() {
        std::ifstream in(VPT_EXAMPLES "/demo-host.xml");
        std::stringstream text;
        text << in.rdbuf();
        std::string host = text.str();
        const std::string audio = "<address domain='0x0000' bus='0x18' slot='0x00' function='0x1'/>\n        </source>";
        auto at = host.find(audio);
        REQUIRE(at != std::string::npos);
        auto start = host.rfind("<hostdev ", at);
        auto end = host.find("</hostdev>", at) + std::string("</hostdev>").size();
        host.erase(start, end - start);
        auto file = dir.path / "host.xml";
        std::ofstream(file) << host;
        uri = "test://" + file.string();
    }
};

}  // namespace

TEST_CASE("refusals name the next command with its arguments") {
    SUBCASE("a device another guest holds: unassign it from that guest") {
        auto run = run_vpt({"-c", demo_uri(), "assign", "ci-runner", "18:00.0"});
        CHECK(run.exit_code == 1);
        CHECK(line_count(run.err) == 1);
        CHECK(has(run.err, "is held by guest 'gpu-workstation' (hostdev, running); take it back with "
                           "'vpt unassign gpu-workstation 0000:18:00.0'\n"));
    }
    SUBCASE("reattach while a running guest holds it: unassign with --reattach") {
        auto run = run_vpt({"-c", demo_uri(), "reattach", "18:00.0"});
        CHECK(run.exit_code == 1);
        CHECK(line_count(run.err) == 1);
        CHECK(has(run.err, "take it back and give it to the host with "
                           "'vpt unassign gpu-workstation 0000:18:00.0 --reattach'\n"));
    }
    SUBCASE("a group split between guests: unassign the companion") {
        SplitGroupHost host;
        auto run = run_vpt({"-c", host.uri, "assign", "ci-runner", "18:00.1"});
        CHECK(run.exit_code == 1);
        CHECK(line_count(run.err) == 1);
        CHECK(has(run.err, "a group cannot be split between guests; take it back with "
                           "'vpt unassign gpu-workstation 0000:18:00.0'\n"));
    }
    SUBCASE("an interrupted change: recover through the URI it was made with") {
        vpt::test::TempDir state("itest-state");
        using namespace journal_fixture;
        std::ofstream(state.path / "journal.json")
            << journal("detach", demo_uri(), "0000:19:00.0",
                       {step({"detach", "reattach", "applied", "0000:19:00.0", "", "", "", 0, 0, "pci_0000_19_00_0"})})
                   .dump();
        auto run = run_vpt({"-c", demo_uri(), "--state-dir", state.path.string(), "assign", "ci-runner", "02:00.0"},
                           state.path.string());
        CHECK(run.exit_code == 1);
        CHECK(line_count(run.err) == 1);
        CHECK(has(run.err, "; undo it with 'vpt -c " + demo_uri() + " --state-dir " + state.path.string() +
                               " recover' (or finish it: --complete), then run this again\n"));
    }
    SUBCASE("another vpt holds the lock: the same command with a longer --wait") {
        vpt::test::TempDir state("itest-state");
        int fd = ::open((state.path / "lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        REQUIRE(fd >= 0);
        REQUIRE(::flock(fd, LOCK_EX) == 0);
        auto run = run_vpt({"-c", demo_uri(), "-q", "detach", "19:00.0", "--wait", "0"}, state.path.string());
        ::close(fd);
        CHECK(run.exit_code == 1);
        CHECK(line_count(run.err) == 1);
        CHECK(has(run.err, "gave up after 0 s; to wait longer: 'vpt -c " + demo_uri() +
                               " -q detach 19:00.0 --wait 600'\n"));
    }
    SUBCASE("a running guest to prepare: the same command with --config") {
        auto run = run_vpt({"-c", demo_uri(), "prepare", "web-frontend", "--uefi"});
        CHECK(run.exit_code == 1);
        CHECK(has(run.err, "guest 'web-frontend' is running; 'vpt -c " + demo_uri() +
                               " prepare web-frontend --uefi --config' changes its config for the next boot\n"));
    }
    SUBCASE("a pool in use: the interface to take off it") {
        auto run = run_vpt({"-c", demo_uri(), "pool", "delete", "sriov-pool"});
        CHECK(run.exit_code == 1);
        CHECK(has(run.err, "'virsh detach-interface web-frontend network --config --live'"));
    }
}

namespace {

// The demo host with media-server named `name`, given a <memtune> hard_limit
// too small for a vIOMMU (so prepare --viommu names the virsh command that
// raises it).
struct HostileHost {
    vpt::test::TempDir dir{"itest-hostile"};
    std::string uri;
    explicit HostileHost(const std::string& name) {
        std::ifstream in(VPT_EXAMPLES "/demo-host.xml");
        std::stringstream text;
        text << in.rdbuf();
        std::string host = text.str();
        const std::string from = "<name>media-server</name>";
        auto at = host.find(from);
        REQUIRE(at != std::string::npos);
        host.replace(at, from.size(), "<name>" + name + "</name>");
        const std::string memory = "<currentMemory unit='KiB'>4194304</currentMemory>";
        at = host.find(memory, at);
        REQUIRE(at != std::string::npos);
        host.insert(at, "<memtune><hard_limit unit='KiB'>5242880</hard_limit></memtune>\n    ");
        auto file = dir.path / "host.xml";
        std::ofstream(file) << host;
        uri = "test://" + file.string();
    }
};

// Whether a command in `text` has `name` as a bare word after a verb
// ("virsh memtune x;reboot --hard-limit"), which a shell would split and run.
bool bare_in_a_command(const std::string& text, const std::string& name) {
    for (const char* verb : {"assign ", "unassign ", "prepare ", "verify ", "check --guest ", "memtune ", "numatune ",
                             "vcpupin ", "metadata ", "detach-interface "})
        if (text.find(verb + name) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("a guest named as shell code is one quoted word in every command vpt prints") {
    for (const std::string name : {"x;reboot", "wi$(touch${IFS}x)", "a b`id`"}) {
        HostileHost host(name);
        CAPTURE(name);
        std::vector<std::vector<std::string>> commands = {
            {"prepare", name, "--viommu", "--dry-run"},        // virsh memtune NAME --hard-limit
            {"prepare", name, "--mmio64", "1G", "--dry-run"},  // the window it sets: no command
            {"assign", "ci-runner", "3e:00.0"},                // vpt unassign NAME 0000:3e:00.0
            {"assign", name, "03:10.1"},                       // vpt assign NAME --pool sriov-pool-pf1
            {"check", "--guest", name},
            {"show", "3e:00.0"},
        };
        size_t named = 0;
        for (auto args : commands) {
            args.insert(args.begin(), {"-c", host.uri});
            auto run = run_vpt(args);
            std::string all = run.out + run.err;
            INFO(args[2], " ", args[3], ": ", all);
            CHECK_FALSE(bare_in_a_command(all, name));
            named += all.find(name) != std::string::npos;
        }
        CHECK(named >= 4);
        auto prepared = run_vpt({"-c", host.uri, "prepare", name, "--viommu", "--dry-run"});
        CHECK(has(prepared.out, "(virsh memtune '" + name + "' --hard-limit "));
        auto pool = run_vpt({"-c", host.uri, "assign", name, "03:10.1"});
        CHECK(has(pool.err, "take one with 'vpt assign '" + name + "' --pool sriov-pool-pf1'"));
    }
}
