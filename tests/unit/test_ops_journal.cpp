#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
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
    plan.target = *PciAddress::parse("02:01.0");
    plan.iommu_group = 7;
    for (const char* a : {"01:00.0", "02:01.0", "02:02.0"}) {
        Step step;
        step.address = *PciAddress::parse(a);
        step.nodedev_name = step.address.nodedev_name();
        step.label = step.address.str() + " (NIC \"quoted\")";
        step.action = std::string(a) == "01:00.0" ? StepAction::skip : StepAction::detach_to_vfio;
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
    void run(const Step& step, StepAction action) override {
        std::string call = std::string(step_action_name(action)) + " " + step.address.str();
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
