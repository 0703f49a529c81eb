#include <doctest/doctest.h>

#include "core/error.hpp"
#include "plan/pool_planner.hpp"

using namespace vpt;

namespace {

HostState host_with_pool(bool active, bool autostart, std::vector<NetworkUse> uses = {}) {
    HostState state;
    PoolNetwork pool;
    pool.info.name = "vf-pool";
    pool.info.forward_mode = "hostdev";
    pool.active = active;
    pool.autostart = autostart;
    state.pools.push_back(pool);
    state.network_uses = std::move(uses);
    return state;
}

std::vector<StepAction> actions(const Plan& plan) {
    std::vector<StepAction> out;
    for (const auto& step : plan.steps) out.push_back(step.action);
    return out;
}

}  // namespace

TEST_CASE("plan_pool_create: define, autostart, start; each with its undo") {
    Plan plan = plan_pool_create("vf-pool", "<network/>", true);
    CHECK(plan.operation == Operation::pool_create);
    CHECK(actions(plan) ==
          std::vector<StepAction>{StepAction::define_network, StepAction::autostart_on, StepAction::start_network});
    CHECK(plan.steps[0].xml == "<network/>");
    CHECK(plan.steps[0].undo_action == StepAction::undefine_network);
    CHECK(plan.steps[2].undo_action == StepAction::stop_network);
    CHECK(actions(plan_pool_create("vf-pool", "<network/>", false)) ==
          std::vector<StepAction>{StepAction::define_network, StepAction::start_network});
}

TEST_CASE("plan_pool_delete: only the steps its state needs, the undefine undone by its own XML") {
    SUBCASE("running and autostarted") {
        Plan plan = plan_pool_delete(host_with_pool(true, true), "vf-pool", "<network>x</network>");
        CHECK(actions(plan) ==
              std::vector<StepAction>{StepAction::autostart_off, StepAction::stop_network, StepAction::undefine_network});
        CHECK(plan.steps[2].undo_action == StepAction::define_network);
        CHECK(plan.steps[2].undo_xml == "<network>x</network>");
    }
    SUBCASE("defined only") {
        CHECK(actions(plan_pool_delete(host_with_pool(false, false), "vf-pool", "<network/>")) ==
              std::vector<StepAction>{StepAction::undefine_network});
    }
}

TEST_CASE("plan_pool_delete: an unknown pool is bad input; the guests on it are pool_dependents'") {
    try {
        plan_pool_delete(host_with_pool(true, true), "other", "");
        FAIL("expected bad input");
    } catch (const Error& e) {
        CHECK(e.code() == ExitCode::bad_input);
    }
    Plan plan = plan_pool_delete(host_with_pool(true, false, {{"web", "vf-pool", true}}), "vf-pool", "");
    CHECK(plan.refusals.empty());
    CHECK(actions(plan) == std::vector<StepAction>{StepAction::stop_network, StepAction::undefine_network});
}
