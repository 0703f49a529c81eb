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
