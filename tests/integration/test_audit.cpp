// The audit trail of host and guest changes, sent to $VPT_AUDIT_FILE
// (run_vpt points it into the test's state directory) instead of the
// system log: who, the command line, each step, the outcome; nothing for a
// dry run, a refusal or a read-only command.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "journal_fixture.hpp"
#include "run_vpt.hpp"
#include "temp_dir.hpp"

using namespace journal_fixture;
namespace fs = std::filesystem;

namespace {

struct State {
    vpt::test::TempDir dir{"itest-state"};
    VptRun run(std::vector<std::string> args) const { return run_vpt(args, dir.path.string()); }
    std::vector<std::string> audit() const {
        std::ifstream in(audit_file(dir.path.string()));
        std::vector<std::string> lines;
        for (std::string line; std::getline(in, line);) lines.push_back(line);
        return lines;
    }
    bool audited() const { return fs::exists(audit_file(dir.path.string())); }
};

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("the audit trail of a change: who, the command, each step, the outcome") {
    State state;
    SUBCASE("an assign that works") {
        auto run = state.run({"-c", demo_uri(), "assign", "media-server", "19:00.0"});
        REQUIRE_MESSAGE(run.exit_code == 0, run.err);
        auto lines = state.audit();
        REQUIRE(lines.size() == 3);
        CHECK(has(lines[0], " vpt["));  // the file's prefix: a time, then vpt[PID]
        CHECK(has(lines[0], "event=start op=assign target=media-server uri=" + demo_uri() + " cmd=\""));
        CHECK(has(lines[0], " assign media-server 19:00.0\" user="));
        CHECK(has(lines[1], "event=applied op=assign target=media-server step=\"define the config of guest 'media-server'\" user="));
        CHECK(has(lines[2], "event=end op=assign target=media-server outcome=ok user="));
    }
    SUBCASE("a detach libvirt refuses: the failed step, and nothing left changed") {
        auto run = state.run({"-c", demo_uri(), "detach", "19:00.0"});
        CHECK(run.exit_code == 1);
        auto lines = state.audit();
        REQUIRE(lines.size() == 3);
        CHECK(has(lines[0], "event=start op=detach target=0000:19:00.0 "));
        CHECK(has(lines[1], "event=failed op=detach target=0000:19:00.0 step=\"detach 0000:19:00.0 "));
        CHECK(has(lines[1], "error=\"this function is not supported"));
        CHECK(has(lines[2], "event=end op=detach target=0000:19:00.0 outcome=undone error="));
    }
    SUBCASE("a live assign that fails is undone step by step") {
        auto run = state.run({"-c", demo_uri(), "assign", "web-frontend", "02:00.0"});
        CHECK(run.exit_code == 1);
        auto lines = state.audit();
        REQUIRE(lines.size() == 5);
        CHECK(has(lines[1], "event=applied "));
        CHECK(has(lines[2], "event=failed "));
        CHECK(has(lines[3], "event=undone op=assign target=web-frontend step=\"define the config of guest 'web-frontend'\""));
        CHECK(has(lines[4], "outcome=undone"));
    }
    SUBCASE("recover is audited, naming what it recovers") {
        std::ofstream(state.dir.path / "journal.json")
            << journal("pool-create", demo_uri(), "p1",
                       {step({"start-network", "stop-network", "applied", "", "sriov-pool"})}).dump();
        auto run = state.run({"-c", demo_uri(), "recover"});
        REQUIRE_MESSAGE(run.exit_code == 0, run.err);
        auto lines = state.audit();
        REQUIRE(lines.size() == 3);
        CHECK(has(lines[0], "event=start op=recover target=\"pool-create p1\""));
        CHECK(has(lines[1], "event=undone op=recover target=\"pool-create p1\" step=\"start "));
        CHECK(has(lines[2], "outcome=ok"));
    }
}

TEST_CASE("no audit for what changes nothing") {
    State state;
    SUBCASE("a dry run") {
        auto run = state.run({"-c", demo_uri(), "assign", "media-server", "19:00.0", "--dry-run"});
        REQUIRE_MESSAGE(run.exit_code == 0, run.err);
        CHECK_FALSE(state.audited());
    }
    SUBCASE("a refusal") {
        auto run = state.run({"-c", demo_uri(), "detach", "18:00.1"});
        CHECK(run.exit_code == 1);
        CHECK_FALSE(state.audited());
    }
    SUBCASE("a read-only command") {
        auto run = state.run({"-c", demo_uri(), "list"});
        REQUIRE_MESSAGE(run.exit_code == 0, run.err);
        CHECK_FALSE(state.audited());
    }
}
