#include "plan/pool_planner.hpp"

#include "core/error.hpp"

namespace vpt {

Plan plan_pool_create(const std::string& name, const std::string& xml, bool autostart) {
    Plan plan;
    plan.operation = Operation::pool_create;
    plan.target = name;
    plan.steps.push_back(define_network_step(name, xml));
    if (autostart) plan.steps.push_back(network_step(name, StepAction::autostart_on));
    plan.steps.push_back(network_step(name, StepAction::start_network));
    return plan;
}

Plan plan_pool_delete(const HostState& state, const std::string& name, const std::string& xml) {
    const PoolNetwork* pool = state.pool(name);
    if (!pool) throw bad_input("no VF-pool network named '" + name + "' (see 'vpt pool list')");
    Plan plan;
    plan.operation = Operation::pool_delete;
    plan.target = name;
    if (pool->autostart) plan.steps.push_back(network_step(name, StepAction::autostart_off));
    if (pool->active) plan.steps.push_back(network_step(name, StepAction::stop_network));
    plan.steps.push_back(undefine_network_step(name, xml));
    return plan;
}

}  // namespace vpt
