#include <doctest/doctest.h>

#include <set>
#include <stdexcept>

#include "core/executor.hpp"

using namespace vpt;

namespace {

// Records every action; fails the ones it is told to.
class RecordingRunner : public StepRunner {
public:
    std::vector<std::string> calls;
    std::set<std::string> fail_on;  // "detach 0000:02:00.0"

    void run(const Step& step) override {
        std::string call = std::string(step_action_name(step.action)) + " " + step.address.str();
        calls.push_back(call);
        if (fail_on.count(call)) throw std::runtime_error("injected failure: " + call);
    }
};

Plan detach_plan(int endpoints, bool with_bridge_first = true) {
    Plan plan;
    if (with_bridge_first) {
        Step bridge;
        bridge.address = *PciAddress::parse("01:00.0");
        plan.steps.push_back(bridge);  // skip
    }
    for (int i = 0; i < endpoints; ++i) {
        Step step;
        step.address = PciAddress{0, 2, uint32_t(i), 0};
        step.action = StepAction::detach_to_vfio;
        step.undo_action = StepAction::reattach;
        plan.steps.push_back(step);
    }
    return plan;
}

}  // namespace

TEST_CASE("execute_plan runs every changing step once, in order") {
    RecordingRunner runner;
    auto report = execute_plan(detach_plan(3), runner);
    CHECK(report.completed);
    CHECK(runner.calls ==
          std::vector<std::string>{"detach 0000:02:00.0", "detach 0000:02:01.0", "detach 0000:02:02.0"});
    CHECK(report.done == std::vector<size_t>{1, 2, 3});
    CHECK(report.undone.empty());
}

TEST_CASE("a failing step k of n leaves steps 1..k-1 undone in reverse order") {
    for (int k = 1; k <= 4; ++k) {
        CAPTURE(k);
        RecordingRunner runner;
        char failing[32];
        std::snprintf(failing, sizeof failing, "detach 0000:02:%02x.0", k - 1);
        runner.fail_on = {failing};
        auto report = execute_plan(detach_plan(4), runner);
        CHECK_FALSE(report.completed);
        CHECK(report.failed_step == size_t(k));  // index 0 is the bridge
        CHECK(report.failure.find("injected") != std::string::npos);
        std::vector<std::string> expected;
        for (int i = 0; i < k; ++i) {
            char call[32];
            std::snprintf(call, sizeof call, "detach 0000:02:%02x.0", i);
            expected.push_back(call);
        }
        for (int i = k - 2; i >= 0; --i) {
            char call[32];
            std::snprintf(call, sizeof call, "reattach 0000:02:%02x.0", i);
            expected.push_back(call);
        }
        CHECK(runner.calls == expected);
        CHECK(report.undone.size() == size_t(k - 1));
        CHECK(report.fully_restored());
    }
}

TEST_CASE("an undo step that fails is logged and the rest still run") {
    RecordingRunner runner;
    runner.fail_on = {"detach 0000:02:03.0", "reattach 0000:02:01.0"};
    auto report = execute_plan(detach_plan(4), runner);
    CHECK_FALSE(report.completed);
    CHECK(runner.calls == std::vector<std::string>{"detach 0000:02:00.0", "detach 0000:02:01.0",
                                                   "detach 0000:02:02.0", "detach 0000:02:03.0",
                                                   "reattach 0000:02:02.0", "reattach 0000:02:01.0",
                                                   "reattach 0000:02:00.0"});
    REQUIRE(report.undone.size() == 3);
    CHECK_FALSE(report.undone[0].error);
    CHECK(report.undone[1].error);
    CHECK_FALSE(report.undone[2].error);
    CHECK_FALSE(report.fully_restored());
}

TEST_CASE("the observer sees every transition, in order") {
    struct Log : ExecutionObserver {
        std::vector<std::string> events;
        static const char* name(Direction d) { return d == Direction::forward ? "forward" : "undo"; }
        void starting(size_t i, Direction d) override { events.push_back("start " + std::to_string(i) + " " + name(d)); }
        void finished(size_t i, Direction d) override { events.push_back("done " + std::to_string(i) + " " + name(d)); }
        void failed(size_t i, Direction d, const std::string&) override { events.push_back("fail " + std::to_string(i) + " " + name(d)); }
    } log;
    RecordingRunner runner;
    runner.fail_on = {"detach 0000:02:01.0"};
    execute_plan(detach_plan(2, false), runner, &log);
    CHECK(log.events == std::vector<std::string>{"start 0 forward", "done 0 forward", "start 1 forward",
                                                 "fail 1 forward", "start 0 undo", "done 0 undo"});
}

TEST_CASE("an undo runs the step reversed: its undo action with the undo payload") {
    // Records the payload too, so a swapped or lost payload shows.
    struct PayloadRunner : StepRunner {
        std::vector<std::string> calls;
        std::string fail_on;
        void run(const Step& step) override {
            std::string call = std::string(step_action_name(step.action)) + " " + step.object + " " + step.xml +
                               " " + std::to_string(step.count);
            calls.push_back(call);
            if (call == fail_on) throw std::runtime_error("refused");
        }
    } runner;
    Plan plan;
    plan.steps.push_back(define_guest_step("web", "<new/>", "<old/>"));
    plan.steps.push_back(attach_live_step("web", "01:00.0", "<hostdev/>"));
    plan.steps.push_back(vf_count_step(PciAddress{0, 3, 0, 0}, "PF", 1, 0));
    plan.steps.push_back(vf_count_step(PciAddress{0, 3, 0, 0}, "PF", 0, 2));
    runner.fail_on = "write-vf-count   2";
    auto report = execute_plan(plan, runner);
    CHECK_FALSE(report.completed);
    CHECK(runner.calls == std::vector<std::string>{"define-guest web <new/> 0", "attach-live web <hostdev/> 0",
                                                   "write-vf-count   0", "write-vf-count   2",
                                                   "write-vf-count   1", "detach-live web <hostdev/> 0",
                                                   "define-guest web <old/> 0"});
    CHECK(report.fully_restored());
}

TEST_CASE("a step with nothing to reverse is not undone") {
    RecordingRunner runner;
    Plan plan = detach_plan(2, false);
    plan.steps[0].undo_action = StepAction::skip;
    runner.fail_on = {"detach 0000:02:01.0"};
    auto report = execute_plan(plan, runner);
    CHECK(runner.calls == std::vector<std::string>{"detach 0000:02:00.0", "detach 0000:02:01.0"});
    CHECK(report.undone.empty());
}

namespace {

// Records what the runner was told to expect, then every call, by action and
// address; fails the calls it is told to.
class GroupRunner : public StepRunner {
public:
    std::vector<std::string> calls;
    std::vector<std::string> expected;  // the last about_to_run, as calls
    std::optional<Direction> told;
    std::set<std::string> fail_on;

    static std::string call_of(const Step& step) {
        return std::string(step_action_name(step.action)) + " " + step.address.str();
    }
    void about_to_run(const std::vector<Step>& steps, Direction direction) override {
        expected.clear();
        for (const auto& step : steps) expected.push_back(call_of(step));
        told = direction;
    }
    void run(const Step& step) override {
        calls.push_back(call_of(step));
        if (fail_on.count(calls.back())) throw std::runtime_error("guest 'web' did not release " + step.address.str());
    }
};

const PciAddress gpu{0, 0x18, 0, 0};
const PciAddress audio{0, 0x18, 0, 1};

// A failing last step, so that everything before it is undone.
Step failing_step() {
    Step step = define_guest_step("web", "<new/>", "<old/>");
    step.address = PciAddress{0, 0x99, 0, 0};
    return step;
}

Step attached(const PciAddress& address) {
    Step step = attach_live_step("web", address.str(), "<hostdev/>");
    step.address = address;
    return step;
}

Step detached_to_vfio(const PciAddress& address) {
    Step step;
    step.address = address;
    step.label = address.str();
    step.action = StepAction::detach_to_vfio;
    step.undo_action = StepAction::reattach;
    return step;
}

// `vpt assign web 18:00.0 --live` of the two-member group 18:00.0 + 18:00.1:
// the companion as a placeholder first, then the device the guest sees.
Plan live_assign_with_placeholder() {
    Plan plan;
    plan.operation = Operation::assign;
    plan.steps.push_back(attach_placeholder_step("web", audio, audio.str(), "<hostdev><address type='unassigned'/></hostdev>"));
    plan.steps.push_back(attached(gpu));
    plan.steps.push_back(failing_step());
    return plan;
}

// The same group, each member detached to vfio-pci and then attached live,
// one member after the other.
Plan live_assign_with_reattach() {
    Plan plan;
    plan.operation = Operation::assign;
    plan.steps.push_back(detached_to_vfio(audio));
    plan.steps.push_back(attached(audio));
    plan.steps.push_back(detached_to_vfio(gpu));
    plan.steps.push_back(attached(gpu));
    plan.steps.push_back(failing_step());
    return plan;
}

}  // namespace

TEST_CASE("an undo takes every member out of the running guest before any goes back to the host") {
    SUBCASE("a placeholder companion is removed only after the guest let go of the device it sees") {
        GroupRunner runner;
        runner.fail_on = {"define-guest 0000:99:00.0"};
        auto report = execute_plan(live_assign_with_placeholder(), runner);
        CHECK(runner.calls == std::vector<std::string>{"attach-live 0000:18:00.1", "attach-live 0000:18:00.0",
                                                       "define-guest 0000:99:00.0", "detach-live 0000:18:00.0",
                                                       "detach-placeholder 0000:18:00.1"});
        CHECK(report.fully_restored());
    }
    SUBCASE("all unplugs, announced together, before any reattach") {
        GroupRunner runner;
        runner.fail_on = {"define-guest 0000:99:00.0"};
        auto report = execute_plan(live_assign_with_reattach(), runner);
        std::vector<std::string> undo = {"detach-live 0000:18:00.0", "detach-live 0000:18:00.1",
                                         "reattach 0000:18:00.0", "reattach 0000:18:00.1"};
        CHECK(std::vector<std::string>(runner.calls.end() - 4, runner.calls.end()) == undo);
        // Told before the first of them, so a guest is asked for both at once.
        CHECK(runner.expected == undo);
        CHECK(runner.told == Direction::undo);
        CHECK(report.fully_restored());
        CHECK(still_in_guests(live_assign_with_reattach(), report.undone).empty());
        CHECK_FALSE(kept_any(report.undone));
    }
}

TEST_CASE("an undo whose unplug the guest does not answer gives nothing back to the host") {
    SUBCASE("the placeholder stays: the group stays on vfio-pci") {
        GroupRunner runner;
        runner.fail_on = {"define-guest 0000:99:00.0", "detach-live 0000:18:00.0"};
        Plan plan = live_assign_with_placeholder();
        auto report = execute_plan(plan, runner);
        CHECK(runner.calls.back() == "detach-live 0000:18:00.0");  // the placeholder is never removed
        REQUIRE(report.undone.size() == 2);
        CHECK(report.undone[0].error);
        CHECK_FALSE(report.undone[0].kept);
        CHECK(report.undone[1].index == 0);
        CHECK(report.undone[1].kept);
        CHECK(report.undone[1].error->find("0000:18:00.0 in running guest 'web' was not released") != std::string::npos);
        CHECK_FALSE(report.fully_restored());
        CHECK(kept_any(report.undone));
        CHECK(still_in_guests(plan, report.undone) == std::vector<std::string>{"0000:18:00.0 in running guest 'web'"});
    }
    SUBCASE("one member released, the other not: no reattach step runs") {
        GroupRunner runner;
        runner.fail_on = {"define-guest 0000:99:00.0", "detach-live 0000:18:00.1"};
        auto report = execute_plan(live_assign_with_reattach(), runner);
        for (const auto& call : runner.calls) CHECK(call.rfind("reattach", 0) != 0);
        size_t kept = 0;
        for (const auto& undo : report.undone) kept += undo.kept;
        CHECK(kept == 2);
        CHECK_FALSE(report.fully_restored());
    }
    SUBCASE("a kept step is not started, so a journal keeps it as still to undo") {
        struct Log : ExecutionObserver {
            std::vector<std::string> events;
            void starting(size_t i, Direction) override { events.push_back("start " + std::to_string(i)); }
            void finished(size_t i, Direction) override { events.push_back("done " + std::to_string(i)); }
            void failed(size_t i, Direction, const std::string&) override { events.push_back("fail " + std::to_string(i)); }
        } log;
        GroupRunner runner;
        runner.fail_on = {"define-guest 0000:99:00.0", "detach-live 0000:18:00.0"};
        execute_plan(live_assign_with_placeholder(), runner, &log);
        CHECK(log.events == std::vector<std::string>{"start 0", "done 0", "start 1", "done 1", "start 2", "fail 2",
                                                     "start 1", "fail 1"});
    }
}

TEST_CASE("a forward run tells the runner its changing steps before the first") {
    GroupRunner runner;
    Plan plan = live_assign_with_placeholder();
    plan.steps.pop_back();
    plan.steps.insert(plan.steps.begin(), Step{});  // a skip
    REQUIRE(execute_plan(plan, runner).completed);
    CHECK(runner.expected == std::vector<std::string>{"attach-live 0000:18:00.1", "attach-live 0000:18:00.0"});
    CHECK(runner.told == Direction::forward);
}
