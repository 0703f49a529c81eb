#include "core/written_configs.hpp"

namespace vpt {
namespace {

std::pair<bool, std::string> key(const Step& step) {
    return {step.action == StepAction::define_network || step.action == StepAction::undefine_network, step.object};
}

}  // namespace

void WrittenConfigs::record(const Step& step, std::string config) { configs_[key(step)] = std::move(config); }

std::optional<std::string> WrittenConfigs::find(const Step& step) const {
    auto found = configs_.find(key(step));
    if (found == configs_.end()) return std::nullopt;
    return found->second;
}

std::optional<std::string> expected_config(const Step& step, const WrittenConfigs& written) {
    if (step.config_before) return step.config_before;
    return written.find(step);
}

}  // namespace vpt
