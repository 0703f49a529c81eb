#include "core/pool_planner.hpp"

#include "core/command_text.hpp"
#include "core/error.hpp"

namespace vpt {
namespace {

// What takes a guest's interface off a network (vpt has no command for it:
// libvirt picks the VF, so the guest's XML names no PCI address).
std::string detach_interface_command(const NetworkUse& use) {
    std::vector<std::string> words = {"virsh", "detach-interface", use.guest, "network", "--config"};
    if (use.active) words.push_back("--live");
    return command_text(words);
}

}  // namespace


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
    auto users = state.users_of(name);
    if (!users.empty())
        throw refused("pool network '" + name + "' is used by " + users_text(users) +
                      "; take each interface off it, e.g. '" + detach_interface_command(*users.front()) +
                      "' (add --mac MAC when the guest has several)");
    Plan plan;
    plan.operation = Operation::pool_delete;
    plan.target = name;
    if (pool->autostart) plan.steps.push_back(network_step(name, StepAction::autostart_off));
    if (pool->active) plan.steps.push_back(network_step(name, StepAction::stop_network));
    plan.steps.push_back(undefine_network_step(name, xml));
    return plan;
}

std::string users_text(const std::vector<const NetworkUse*>& users) {
    std::string text;
    for (const auto* use : users) text += (text.empty() ? "" : ", ") + use->guest + (use->active ? "" : " (config)");
    return text.empty() ? "-" : text;
}

}  // namespace vpt
