#include "host/change_runner.hpp"

#include <spdlog/spdlog.h>

#include <stdexcept>

#include "host/sriov.hpp"

namespace vpt {

void VfCountRunner::run(const Step& step) {
    spdlog::debug("{} {}: {}", step_action_name(step.action), step.label, step.count);
    if (step.action == StepAction::write_vf_count) {
        auto written = write_sriov_numvfs(fs_, step.address, step.count);
        if (!written) throw std::runtime_error(written.error());
        return;
    }
    if (step.action == StepAction::set_boot_vf_count) {
        if (step.count > 0) {
            auto written = write_persist_rule(fs_, step.address, step.count);
            if (!written) throw std::runtime_error(written.error());
        } else if (auto removed = remove_persist_rule(fs_, step.address); !removed) {
            throw std::runtime_error(removed.error());
        }
        return;
    }
    throw std::logic_error(std::string("not a VF count step: ") + step_action_name(step.action));
}

void ChangeRunner::run(const Step& step) {
    switch (step.action) {
        case StepAction::skip: return;
        case StepAction::detach_to_vfio:
        case StepAction::reattach: nodedevs_.run(step); return;
        case StepAction::define_guest:
        case StepAction::attach_live:
        case StepAction::detach_live: guests_.run(step); return;
        case StepAction::define_network:
        case StepAction::undefine_network:
        case StepAction::start_network:
        case StepAction::stop_network:
        case StepAction::autostart_on:
        case StepAction::autostart_off: networks_.run(step); return;
        case StepAction::write_vf_count:
        case StepAction::set_boot_vf_count: vf_counts_.run(step); return;
    }
}

}  // namespace vpt
