// Compare before write, through the runner every command and `vpt recover`
// use, against libvirt's test driver in this process: the one place where a
// config can be changed between the plan's read and the runner's write (a
// test:/// host is re-read by each connection, so another process would not
// see the change).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "core/executor.hpp"
#include "host/change_runner.hpp"
#include "ops/journal.hpp"
#include "ops/recovery.hpp"
#include "virt/config_guard.hpp"
#include "virt/connection.hpp"
#include "virt/guest.hpp"
#include "virt/network.hpp"
#include "temp_dir.hpp"

using namespace vpt;
using vpt::test::TempDir;
namespace fs = std::filesystem;

namespace {

std::string file_text(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

// The demo host in a directory of its own, with a state directory beside it.
struct Host {
    TempDir dir{"runner-host"};
    Host() {
        fs::copy_file(fs::path(VPT_SOURCE_DIR) / "examples" / "demo-host.xml", dir.path / "host.xml");
        fs::create_directory(dir.path / "state");
    }
    std::string uri() const { return "test://" + dir / "host.xml"; }
    fs::path state() const { return dir.path / "state"; }
    // The files kept in the state directory, by suffix.
    std::vector<fs::path> kept(const std::string& suffix) const {
        std::vector<fs::path> found;
        for (const auto& entry : fs::directory_iterator(state()))
            if (entry.path().string().ends_with(suffix)) found.push_back(entry.path());
        return found;
    }
};

const std::string description = "<description>Shut-off legacy guest (i440fx, BIOS, no passthrough devices)</description>";

// Runs the real runner; before the step at `index` runs, `meanwhile` (what
// another tool does) runs, and with `fail`, that step then fails.
class Interleaved : public StepRunner {
public:
    Interleaved(StepRunner& runner, size_t index, std::function<void()> meanwhile, bool fail)
        : runner_(runner), index_(index), meanwhile_(std::move(meanwhile)), fail_(fail) {}
    void run(const Step& step) override {
        if (count_++ == index_) {
            meanwhile_();
            if (fail_) throw std::runtime_error("a later step failed");
        }
        runner_.run(step);
    }

private:
    StepRunner& runner_;
    size_t index_;
    std::function<void()> meanwhile_;
    bool fail_;
    size_t count_ = 0;
};

}  // namespace

TEST_CASE("a guest config changed between the plan's read and the define is not overwritten; both copies are kept") {
    Host host;
    Connection connection(host.uri(), Access::read_write);
    Guest guest(connection, "ci-runner");
    std::string read = guest.config_xml();
    Plan plan;
    plan.steps.push_back(define_guest_step("ci-runner", replaced(read, "<os>", "<os firmware='efi'>"), read));

    // Meanwhile, as `virsh edit` would: another definition of the guest.
    std::string theirs = replaced(read, description, "<description>edited meanwhile</description>");
    guest.define(theirs);
    std::string now = guest.config_xml();

    ChangeRunner runner(connection, HostFs(), std::chrono::seconds(1), host.state());
    auto report = execute_plan(plan, runner);
    CHECK_FALSE(report.completed);
    CHECK(report.done.empty());
    CHECK(report.failure.find("the config of guest 'ci-runner' changed since vpt read it") != std::string::npos);
    CHECK(report.failure.find('\n') == std::string::npos);
    CHECK(guest.config_xml() == now);  // their edit stays

    auto read_copy = host.kept(".read.xml"), now_copy = host.kept(".now.xml");
    REQUIRE(read_copy.size() == 1);
    REQUIRE(now_copy.size() == 1);
    CHECK(file_text(read_copy[0]) == read);
    CHECK(file_text(now_copy[0]) == now);
    CHECK(report.failure.find("what vpt read is in " + read_copy[0].string()) != std::string::npos);
    CHECK(report.failure.find("what is there now is in " + now_copy[0].string()) != std::string::npos);
    CHECK((fs::status(read_copy[0]).permissions() & (fs::perms::group_all | fs::perms::others_all)) == fs::perms::none);
}

TEST_CASE("the undo of a define does not overwrite a change made after vpt wrote the config") {
    Host host;
    Connection connection(host.uri(), Access::read_write);
    Guest guest(connection, "ci-runner");
    std::string read = guest.config_xml();
    Plan plan;
    plan.steps.push_back(define_guest_step("ci-runner", replaced(read, "<os>", "<os firmware='efi'>"), read));
    plan.steps.push_back(define_guest_step("media-server", Guest(connection, "media-server").config_xml(),
                                           Guest(connection, "media-server").config_xml()));
    ChangeRunner real(connection, HostFs(), std::chrono::seconds(1), host.state());

    SUBCASE("changed after the write: the undo refuses and keeps both") {
        std::string theirs;
        Interleaved runner(real, 1, [&] {
            theirs = replaced(guest.config_xml(), description, "<description>edited meanwhile</description>");
            guest.define(theirs);
        }, true);
        auto report = execute_plan(plan, runner);
        CHECK_FALSE(report.completed);
        REQUIRE(report.undone.size() == 1);
        REQUIRE(report.undone[0].error);
        CHECK(report.undone[0].error->find("the config of guest 'ci-runner' changed since vpt read it") !=
              std::string::npos);
        CHECK(same_config(guest.config_xml(), theirs));
        REQUIRE(host.kept(".read.xml").size() == 1);
        // What the undo expected: the config as vpt wrote it, UEFI and all.
        CHECK(file_text(host.kept(".read.xml")[0]).find("<os firmware='efi'>") != std::string::npos);
    }
    SUBCASE("unchanged: the undo puts the config back as it was read") {
        Interleaved runner(real, 1, [] {}, true);
        auto report = execute_plan(plan, runner);
        CHECK_FALSE(report.completed);
        CHECK(report.fully_restored());
        CHECK(guest.config_xml() == read);
        CHECK(host.kept(".xml").empty());
    }
}

TEST_CASE("a network is undefined only as it was read, and defined only where there is none") {
    Host host;
    Connection connection(host.uri(), Access::read_write);
    ChangeRunner runner(connection, HostFs(), std::chrono::seconds(1), host.state());
    std::string read = Network(connection, "sriov-pool-pf1").config_xml();

    Plan remove;
    remove.steps.push_back(undefine_network_step("sriov-pool-pf1", read));
    Network(connection, "sriov-pool-pf1").stop();
    Network::define(connection, replaced(read, "function='0x3'", "function='0x5'"));  // edited meanwhile
    auto removed = execute_plan(remove, runner);
    CHECK_FALSE(removed.completed);
    CHECK(removed.failure.find("the config of network 'sriov-pool-pf1' changed since vpt read it") != std::string::npos);
    CHECK(Network::exists(connection, "sriov-pool-pf1"));

    Plan create;
    create.steps.push_back(define_network_step("sriov-pool", "<network><name>sriov-pool</name><forward mode='hostdev' "
                                                             "managed='yes'><pf dev='enp3s0f1'/></forward></network>"));
    auto created = execute_plan(create, runner);  // sriov-pool exists: made since vpt looked
    CHECK_FALSE(created.completed);
    CHECK(created.failure.find("network 'sriov-pool' exists now, and vpt found none when it planned") !=
          std::string::npos);
    CHECK(Network(connection, "sriov-pool").config_xml().find("enp3s0f0") != std::string::npos);
}

// As the crash matrix's "returned" point: libvirt stored the define, vpt was
// killed before its journal said so.
TEST_CASE("recovery of a define cut short after libvirt stored it: undo puts the read config back, complete keeps it") {
    Host host;
    Connection connection(host.uri(), Access::read_write);
    Guest guest(connection, "ci-runner");
    std::string read = guest.config_xml();
    std::string hostdev = "<hostdev mode='subsystem' type='pci' managed='yes'><source><address domain='0x0000' "
                          "bus='0x19' slot='0x00' function='0x0'/></source></hostdev>";
    Plan plan;
    plan.steps.push_back(define_guest_step("ci-runner", replaced(read, "</devices>", hostdev + "</devices>"), read));
    Journal journal(host.state() / "journal.json");
    auto record = new_journal_record(plan, host.uri());
    record.states[0] = StepState::applying;
    guest.define(plan.steps[0].xml);  // the write happened
    REQUIRE(guest.config_xml().find("bus='0x19'") != std::string::npos);
    ChangeRunner runner(connection, HostFs(), std::chrono::seconds(1), host.state());
    JournalObserver observer(journal, record);

    SUBCASE("undo") {
        auto report = recover(record, RecoveryMode::undo, runner, observer);
        CHECK(report.success());
        CHECK(same_config(guest.config_xml(), read));
    }
    SUBCASE("complete") {
        auto report = recover(record, RecoveryMode::complete, runner, observer);
        CHECK(report.success());
        CHECK(guest.config_xml().find("bus='0x19'") != std::string::npos);
    }
    SUBCASE("changed by another tool after the cut-short write: refused, their config stays") {
        std::string theirs = replaced(guest.config_xml(), description, "<description>edited meanwhile</description>");
        std::string without = replaced(theirs, "bus='0x19'", "bus='0x18'");  // and the device is not vpt's
        guest.define(without);
        std::string now = guest.config_xml();
        auto report = recover(record, RecoveryMode::undo, runner, observer);
        CHECK_FALSE(report.success());
        CHECK(guest.config_xml() == now);
    }
}
