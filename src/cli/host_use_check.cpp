#include "cli/host_use_check.hpp"

#include "core/text_list.hpp"

namespace vpt {

std::string HostUseVerdict::summary() const {
    if (!checked) return "cannot check whether the host depends on these devices (" + why_unchecked + ")";
    std::vector<std::string> reasons;
    for (const auto& use : uses) reasons.push_back(use.reason);
    return "the host depends on " + join(reasons, "; ");
}

std::string HostUseVerdict::refusal() const {
    return summary() + (checked ? " (use --force to detach anyway)" : "; use --force to detach anyway");
}

HostUseVerdict check_host_use(const HostSession& session, const Plan& plan, const std::string& root) {
    HostUseVerdict verdict;
    if (root.empty()) {
        if (session.connection().is_test_driver()) {
            verdict.why_unchecked = "libvirt's test driver describes no real host";
            return verdict;
        }
        if (!session.connection().is_local()) {
            verdict.why_unchecked = "the host is remote and its sysfs cannot be read from here";
            return verdict;
        }
    }
    std::vector<PciAddress> detaching;
    for (const auto& step : plan.steps)
        if (step.action == StepAction::detach_to_vfio) detaching.push_back(step.address);
    verdict.checked = true;
    verdict.uses = find_host_uses(HostFs(root), detaching);
    return verdict;
}

}  // namespace vpt
