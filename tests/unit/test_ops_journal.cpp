#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <iterator>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "core/error.hpp"
#include "ops/host_lock.hpp"
#include "ops/journal.hpp"
#include "ops/recovery.hpp"
#include "temp_dir.hpp"

using namespace vpt;
using vpt::test::TempDir;
namespace fs = std::filesystem;

namespace {

Plan three_step_plan() {
    Plan plan;
    plan.operation = Operation::detach;
    plan.target = "0000:02:01.0";
    plan.iommu_group = 7;
    for (const char* a : {"01:00.0", "02:01.0", "02:02.0"}) {
        Step step;
        step.address = *PciAddress::parse(a);
        step.nodedev_name = step.address.nodedev_name();
        step.label = step.address.str() + " (NIC \"quoted\")";
        step.action = std::string(a) == "01:00.0" ? StepAction::skip : StepAction::detach_to_vfio;
        step.undo_action = inverse(step.action);
        step.driver = "e1000";
        step.reason = "why";
        plan.steps.push_back(step);
    }
    return plan;
}

class Runner : public StepRunner {
public:
    std::vector<std::string> calls;
    std::string fail_on;
    void run(const Step& step) override {
        std::string call = std::string(step_action_name(step.action)) + " " + step.address.str();
        calls.push_back(call);
        if (call == fail_on) throw std::runtime_error("boom");
    }
};

}  // namespace

TEST_CASE("Journal saves and loads a record exactly") {
    TempDir dir;
    Journal journal(dir.path / "journal.json");
    CHECK_FALSE(journal.exists());
    auto record = new_journal_record(three_step_plan(), "qemu:///system");
    record.states[1] = StepState::applied;
    record.states[2] = StepState::applying;
    journal.save(record);
    CHECK(journal.exists());
    CHECK_FALSE(fs::exists(dir.path / "journal.json.tmp"));
    auto loaded = journal.load();
    REQUIRE(loaded.ok());
    CHECK(loaded->uri == "qemu:///system");
    CHECK(loaded->pid == long(getpid()));
    CHECK(loaded->plan.target == record.plan.target);
    CHECK(loaded->plan.iommu_group == 7);
    REQUIRE(loaded->plan.steps.size() == 3);
    CHECK(loaded->plan.steps[1].label == record.plan.steps[1].label);
    CHECK(loaded->plan.steps[0].action == StepAction::skip);
    CHECK(loaded->states == record.states);
    journal.remove();
    CHECK_FALSE(journal.exists());
}

TEST_CASE("Journal::load reports a damaged file instead of guessing") {
    TempDir dir;
    Journal journal(dir.path / "journal.json");
    std::ofstream(dir.path / "journal.json") << "{\"operation\": \"detach\", \"steps\": [";
    auto loaded = journal.load();
    CHECK_FALSE(loaded.ok());
    CHECK(loaded.error().find("damaged") != std::string::npos);
}

TEST_CASE("Journal keeps guest, network, VF count and boot steps with their undo payloads") {
    TempDir dir;
    Journal journal(dir.path / "journal.json");
    Plan plan;
    plan.operation = Operation::unassign;
    plan.target = "web <&'\">";
    plan.steps.push_back(define_guest_step("web", "<domain>new</domain>", "<domain>old</domain>"));
    plan.steps.push_back(detach_live_step("web", *PciAddress::parse("03:00.0"), "03:00.0", "<hostdev/>"));
    plan.steps.push_back(undefine_network_step("pool", "<network/>"));
    plan.steps.push_back(vf_count_step(*PciAddress::parse("04:00.0"), "PF", 2, 0));
    plan.steps.push_back(initramfs_undo_point_step("update-initramfs"));
    plan.steps.push_back(boot_file_step("/etc/modprobe.d/vpt-vfio-0000:01:00.0.conf", "01:00.0",
                                        "install nvme $CMDLINE_OPTS \"x\"\n", "# old\n"));
    plan.steps.push_back(rebuild_initramfs_step("update-initramfs"));
    journal.save(new_journal_record(plan, "qemu:///system"));
    auto loaded = journal.load();
    REQUIRE(loaded.ok());
    CHECK(loaded->plan.operation == Operation::unassign);
    CHECK(loaded->plan.target == plan.target);
    REQUIRE(loaded->plan.steps.size() == plan.steps.size());
    for (size_t i = 0; i < plan.steps.size(); ++i) {
        const Step &a = plan.steps[i], &b = loaded->plan.steps[i];
        CAPTURE(i);
        CHECK(b.action == a.action);
        CHECK(b.undo_action == a.undo_action);
        CHECK(b.xml == a.xml);
        CHECK(b.undo_xml == a.undo_xml);
        CHECK(b.count == a.count);
        CHECK(b.undo_count == a.undo_count);
        CHECK(b.object == a.object);
        CHECK(b.address == a.address);
        CHECK(b.label == a.label);
    }
}

namespace {

// The journal of three_step_plan() as text, with `edit` applied to its JSON.
std::string edited_journal(const std::function<void(std::string&)>& edit) {
    TempDir dir;
    Journal journal(dir.path / "journal.json");
    journal.save(new_journal_record(three_step_plan(), "qemu:///system"));
    std::ifstream in(dir.path / "journal.json");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    edit(text);
    return text;
}

void replace_once(std::string& text, const std::string& from, const std::string& to) {
    auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("a damaged journal is refused with the field named, never partly read") {
    struct Case {
        std::string what;
        std::function<void(std::string&)> edit;
        const char* named;
    };
    std::vector<Case> cases = {
        {"group of 2^70", [](std::string& t) { replace_once(t, "\"iommu_group\": 7", "\"iommu_group\": 1180591620717411303424"); }, "iommu_group"},
        {"negative group", [](std::string& t) { replace_once(t, "\"iommu_group\": 7", "\"iommu_group\": -3"); }, "iommu_group"},
        {"group as text", [](std::string& t) { replace_once(t, "\"iommu_group\": 7", "\"iommu_group\": \"7\""); }, "iommu_group"},
        {"huge count", [](std::string& t) { replace_once(t, "\"count\": 0", "\"count\": 18446744073709551615"); }, "steps[0].count"},
        {"unknown action", [](std::string& t) { replace_once(t, "\"action\": \"detach\"", "\"action\": \"wipe\""); }, "steps[1].action"},
        {"bad address", [](std::string& t) { replace_once(t, "\"address\": \"0000:02:01.0\"", "\"address\": \"0000:02:99.0\""); }, "steps[1].address"},
        {"unknown state", [](std::string& t) { replace_once(t, "\"state\": \"pending\"", "\"state\": \"maybe\""); }, "steps[0].state"},
        {"missing uri", [](std::string& t) { replace_once(t, "\"uri\"", "\"url\""); }, "uri"},
        {"steps not a list", [](std::string& t) { replace_once(t, "\"steps\": [", "\"steps\": \"none\", \"old_steps\": ["); }, "steps"},
        {"unknown operation", [](std::string& t) { replace_once(t, "\"operation\": \"detach\"", "\"operation\": \"format\""); }, "operation"},
        {"pid zero", [](std::string& t) { auto at = t.find("\"pid\": "); auto end = t.find(',', at); t.replace(at, end - at, "\"pid\": 0"); }, "pid"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.what);
        TempDir dir;
        auto file = dir.path / "journal.json";
        std::string text = edited_journal(c.edit);
        std::ofstream(file) << text;
        auto loaded = Journal(file).load();
        REQUIRE_FALSE(loaded.ok());
        CHECK(loaded.error().find("damaged") != std::string::npos);
        CHECK(loaded.error().find(c.named) != std::string::npos);
        // Refusing never rewrites it.
        std::ifstream in(file);
        CHECK(std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()) == text);
    }
}

TEST_CASE("a journal of another format is refused as another vpt's, not guessed at") {
    TempDir dir;
    auto file = dir.path / "journal.json";
    std::ofstream(file) << edited_journal([](std::string& t) { replace_once(t, "\"version\": 2", "\"version\": 1"); });
    auto loaded = Journal(file).load();
    REQUIRE_FALSE(loaded.ok());
    CHECK(loaded.error().find("another version of vpt") != std::string::npos);
    CHECK(loaded.error().find("format 1") != std::string::npos);
}

TEST_CASE("a journal others can write, or in a directory others can write, is not trusted") {
    TempDir dir;
    Journal journal(dir.path / "journal.json");
    journal.save(new_journal_record(three_step_plan(), "qemu:///system"));
    REQUIRE(journal.load().ok());
    fs::permissions(dir.path / "journal.json", fs::perms::others_write, fs::perm_options::add);
    auto loaded = journal.load();
    REQUIRE_FALSE(loaded.ok());
    CHECK(loaded.error().find("writable by other users") != std::string::npos);
    fs::permissions(dir.path / "journal.json", fs::perms::others_write, fs::perm_options::remove);
    fs::permissions(dir.path, fs::perms::group_write, fs::perm_options::add);
    loaded = journal.load();
    REQUIRE_FALSE(loaded.ok());
    CHECK(loaded.error().find("state directory") != std::string::npos);
    fs::permissions(dir.path, fs::perms::group_write, fs::perm_options::remove);
    fs::remove(dir.path / "journal.json");
    fs::create_symlink(dir.path / "elsewhere.json", dir.path / "journal.json");
    CHECK(journal.load().error().find("not a regular file") != std::string::npos);
}

TEST_CASE("JournalObserver records each transition as it happens") {
    TempDir dir;
    Journal journal(dir.path / "journal.json");
    auto record = new_journal_record(three_step_plan(), "test:///x");
    JournalObserver observer(journal, record);
    Runner runner;
    runner.fail_on = "detach 0000:02:02.0";
    auto report = execute_plan(record.plan, runner, &observer);
    CHECK_FALSE(report.completed);
    auto loaded = journal.load();
    REQUIRE(loaded.ok());
    CHECK(loaded->states == std::vector<StepState>{StepState::pending, StepState::undone, StepState::failed});
}

TEST_CASE("recovery after a crash: undo by default, or complete") {
    TempDir dir;
    Journal journal(dir.path / "journal.json");
    // The state a kill -9 between step 1's end and step 2's start leaves.
    auto crashed = [&] {
        auto record = new_journal_record(three_step_plan(), "test:///x");
        record.states[1] = StepState::applied;
        journal.save(record);
        return *journal.load();
    };
    SUBCASE("undo reattaches what was detached") {
        auto record = crashed();
        CHECK(steps_to_undo(record) == std::vector<size_t>{1});
        Runner runner;
        JournalObserver observer(journal, record);
        auto report = recover(record, RecoveryMode::undo, runner, observer);
        CHECK(report.success());
        CHECK(runner.calls == std::vector<std::string>{"reattach 0000:02:01.0"});
        CHECK(journal.load()->states[1] == StepState::undone);
    }
    SUBCASE("complete runs what is left") {
        auto record = crashed();
        CHECK(steps_to_complete(record) == std::vector<size_t>{2});
        Runner runner;
        JournalObserver observer(journal, record);
        auto report = recover(record, RecoveryMode::complete, runner, observer);
        CHECK(report.success());
        CHECK(runner.calls == std::vector<std::string>{"detach 0000:02:02.0"});
    }
    SUBCASE("a half-applied step is undone too, and a failed undo keeps it applied") {
        auto record = crashed();
        record.states[2] = StepState::applying;
        CHECK(steps_to_undo(record) == std::vector<size_t>{1, 2});
        Runner runner;
        runner.fail_on = "reattach 0000:02:01.0";
        JournalObserver observer(journal, record);
        auto report = recover(record, RecoveryMode::undo, runner, observer);
        CHECK_FALSE(report.success());
        CHECK(runner.calls == std::vector<std::string>{"reattach 0000:02:02.0", "reattach 0000:02:01.0"});
        CHECK(journal.load()->states == std::vector<StepState>{StepState::pending, StepState::applied, StepState::undone});
    }
}

TEST_CASE("HostLock serialises: a second holder waits, then gives up") {
    TempDir dir;
    auto file = dir.path / "lock";
    HostLock first(file, std::chrono::seconds(0));
    bool told = false;
    auto start = std::chrono::steady_clock::now();
    CHECK_THROWS_AS(HostLock(file, std::chrono::seconds(1), [&] { told = true; }), Error);
    CHECK(told);
    CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(900));
}

TEST_CASE("HostLock is free again once released") {
    TempDir dir;
    auto file = dir.path / "lock";
    { HostLock first(file, std::chrono::seconds(0)); }
    CHECK_NOTHROW(HostLock(file, std::chrono::seconds(0)));
}

TEST_CASE("recovery undoes a guest's pending hot-unplugs after one in flight: they were requested together") {
    Plan plan;
    plan.operation = Operation::unassign;
    plan.target = "web";
    plan.steps.push_back(define_guest_step("web", "<domain/>", "<domain/>"));
    plan.steps.push_back(detach_live_step("web", *PciAddress::parse("18:00.0"), "18:00.0", "<hostdev/>"));
    plan.steps.push_back(detach_live_step("web", *PciAddress::parse("18:00.1"), "18:00.1", "<hostdev/>"));
    plan.steps.push_back(detach_live_step("db", *PciAddress::parse("19:00.0"), "19:00.0", "<hostdev/>"));
    auto record = new_journal_record(plan, "test:///x");
    record.states[0] = StepState::applied;
    record.states[1] = StepState::applying;  // killed during the group's wait
    CHECK(steps_to_undo(record) == std::vector<size_t>{0, 1, 2});  // not another guest's
    record.states[1] = StepState::pending;  // killed before any unplug was asked
    CHECK(steps_to_undo(record) == std::vector<size_t>{0});
}

TEST_CASE("saving the journal never writes through a link planted in the state directory") {
    TempDir dir;
    auto victim = dir.path / "victim";
    std::ofstream(victim) << "secret\n";
    // The journal's temporary: a link planted there is removed, never followed.
    fs::create_symlink(victim, dir.path / "journal.json.tmp");
    Journal journal(dir.path / "journal.json");
    journal.save(new_journal_record(three_step_plan(), "qemu:///system"));
    std::ifstream in(victim);
    CHECK(std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()) == "secret\n");
    REQUIRE(journal.load().ok());
    // No temporary file is left behind.
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir.path)) names.push_back(entry.path().filename());
    std::sort(names.begin(), names.end());
    CHECK(names == std::vector<std::string>{"journal.json", "victim"});

    SUBCASE("nor does it write in a state directory others can write") {
        fs::permissions(dir.path, fs::perms::others_write, fs::perm_options::add);
        CHECK_THROWS_WITH_AS(journal.save(new_journal_record(three_step_plan(), "test:///x")),
                             doctest::Contains("is writable by other users"), Error);
        CHECK(journal.load().error().find("state directory") != std::string::npos);
    }
}

TEST_CASE("HostLock never opens a link planted as the lock") {
    TempDir dir;
    auto victim = dir.path / "created-through-the-link";
    fs::create_symlink(victim, dir.path / "lock");
    CHECK_THROWS_WITH_AS(HostLock(dir.path / "lock", std::chrono::seconds(0)),
                         doctest::Contains("it is a symbolic link, which vpt never follows"), Error);
    CHECK_FALSE(fs::exists(victim));
    CHECK(fs::is_symlink(dir.path / "lock"));

    SUBCASE("nor one in a state directory others can write") {
        fs::remove(dir.path / "lock");
        fs::permissions(dir.path, fs::perms::group_write, fs::perm_options::add);
        CHECK_THROWS_WITH_AS(HostLock(dir.path / "lock", std::chrono::seconds(0)),
                             doctest::Contains("is writable by other users"), Error);
        CHECK_FALSE(fs::exists(dir.path / "lock"));
    }
}

TEST_CASE("recovery of a live assign killed after both attaches, against a guest that does not let go") {
    // `vpt assign web 18:00.0 --live`: the companion 18:00.1 as a
    // placeholder, then 18:00.0; killed after both attaches.
    Plan plan;
    plan.operation = Operation::assign;
    plan.target = "web";
    const PciAddress gpu = *PciAddress::parse("18:00.0"), audio = *PciAddress::parse("18:00.1");
    plan.steps.push_back(attach_placeholder_step("web", audio, audio.str(), "<hostdev/>"));
    Step attach = attach_live_step("web", gpu.str(), "<hostdev/>");
    attach.address = gpu;
    plan.steps.push_back(attach);
    TempDir dir;
    Journal journal(dir.path / "journal.json");
    auto record = new_journal_record(plan, "test:///x");
    record.states = {StepState::applied, StepState::applied};
    journal.save(record);
    record = *journal.load();  // the placeholder's undo survives the journal
    CHECK(record.plan.steps[0].undo_action == StepAction::detach_placeholder);
    SUBCASE("the guest does not answer: nothing goes back to the host, the journal keeps both") {
        Runner runner;
        runner.fail_on = "detach-live 0000:18:00.0";
        JournalObserver observer(journal, record);
        auto report = recover(record, RecoveryMode::undo, runner, observer);
        CHECK_FALSE(report.success());
        CHECK(runner.calls == std::vector<std::string>{"detach-live 0000:18:00.0"});
        CHECK(journal.load()->states == std::vector<StepState>{StepState::applied, StepState::applied});
        CHECK(kept_any(report.undone));
    }
    SUBCASE("the guest lets go: the device first, then the placeholder") {
        Runner runner;
        JournalObserver observer(journal, record);
        auto report = recover(record, RecoveryMode::undo, runner, observer);
        CHECK(report.success());
        CHECK(runner.calls == std::vector<std::string>{"detach-live 0000:18:00.0", "detach-placeholder 0000:18:00.1"});
        CHECK(journal.load()->states == std::vector<StepState>{StepState::undone, StepState::undone});
    }
}

TEST_CASE("recovery undoes a guest's pending hot-unplugs after an applied one: its step waited for them all") {
    Plan plan;
    plan.operation = Operation::unassign;
    plan.target = "web";
    plan.steps.push_back(detach_live_step("web", *PciAddress::parse("18:00.0"), "18:00.0", "<hostdev/>"));
    plan.steps.push_back(detach_live_step("web", *PciAddress::parse("18:00.1"), "18:00.1", "<hostdev/>"));
    plan.steps.push_back(detach_live_step("db", *PciAddress::parse("19:00.0"), "19:00.0", "<hostdev/>"));
    auto record = new_journal_record(plan, "test:///x");
    record.states[0] = StepState::applied;  // killed before the second step was written as started
    CHECK(steps_to_undo(record) == std::vector<size_t>{0, 1});  // not another guest's
}

namespace {

const std::string old_config = "<domain><name>web</name></domain>";
const std::string new_config = "<domain><name>web</name><os firmware='efi'/></domain>";
const std::string as_written = "<domain>\n  <name>web</name>\n  <os firmware='efi'/>\n</domain>\n";

Plan config_plan() {
    Plan plan;
    plan.operation = Operation::prepare;
    plan.target = "web";
    plan.steps.push_back(define_guest_step("web", new_config, old_config));
    return plan;
}

// Writes configs as libvirt would (its own form), keeping each step it ran.
class ConfigRunner : public StepRunner {
public:
    explicit ConfigRunner(WrittenConfigs& written) : written_(written) {}
    std::vector<Step> ran;
    void run(const Step& step) override {
        ran.push_back(step);
        written_.record(step, step.xml == new_config ? as_written : step.xml);
    }

private:
    WrittenConfigs& written_;
};

}  // namespace

TEST_CASE("the journal keeps the config each step expects, and reads an older vpt's journal without them") {
    TempDir dir;
    Journal journal(dir.path / "journal.json");
    auto record = new_journal_record(config_plan(), "test:///x");
    record.plan.steps[0].undo_config_before = as_written;
    journal.save(record);
    auto loaded = journal.load();
    REQUIRE(loaded.ok());
    CHECK(loaded->plan.steps[0].config_before == old_config);
    CHECK(loaded->plan.steps[0].undo_config_before == as_written);

    // A journal without the fields: nothing to check against, as before.
    std::ifstream in(dir.path / "journal.json");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (const char* field : {"\"config_before\"", "\"undo_config_before\""}) {
        auto at = text.find(field);
        REQUIRE(at != std::string::npos);
        text.erase(at, text.find('\n', at) - at + 1);
    }
    auto older = parse_journal(text, "journal.json");
    REQUIRE_MESSAGE(older.ok(), older.error());
    CHECK_FALSE(older->plan.steps[0].config_before);
    CHECK_FALSE(older->plan.steps[0].undo_config_before);
    CHECK(older->plan.steps[0].undo_xml == old_config);

    // Present but of the wrong type is damage, not absence.
    text.replace(text.find("\"reason\""), 8, "\"config_before\": 1, \"reason\"");
    auto damaged = parse_journal(text, "journal.json");
    REQUIRE_FALSE(damaged.ok());
    CHECK(damaged.error().find("config_before: not a string") != std::string::npos);
}

TEST_CASE("JournalObserver records what a config write left, which its undo expects to find") {
    TempDir dir;
    Journal journal(dir.path / "journal.json");
    auto record = new_journal_record(config_plan(), "test:///x");
    WrittenConfigs written;
    ConfigRunner runner(written);
    JournalObserver observer(journal, record, &written);
    auto report = execute_plan(record.plan, runner, &observer);
    CHECK(report.completed);
    auto loaded = journal.load();
    REQUIRE(loaded.ok());
    CHECK(loaded->states[0] == StepState::applied);
    CHECK(loaded->plan.steps[0].undo_config_before == as_written);
    CHECK(reversed(loaded->plan.steps[0]).config_before == as_written);
}

TEST_CASE("recovery undoes a config write cut short only over the config the step found") {
    TempDir dir;
    Journal journal(dir.path / "journal.json");
    auto record = new_journal_record(config_plan(), "test:///x");
    record.states[0] = StepState::applying;  // killed during the define: what it left was never recorded
    journal.save(record);
    auto crashed = *journal.load();
    WrittenConfigs written;
    ConfigRunner runner(written);
    JournalObserver observer(journal, crashed, &written);
    auto report = recover(crashed, RecoveryMode::undo, runner, observer);
    CHECK(report.success());
    REQUIRE(runner.ran.size() == 1);
    CHECK(runner.ran[0].xml == old_config);
    CHECK(runner.ran[0].config_before == old_config);  // not unchecked: as the step found it, or refused
}
