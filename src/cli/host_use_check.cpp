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
    return summary() + (checked ? " (use --force to go ahead anyway)" : "; use --force to go ahead anyway");
}

nlohmann::ordered_json host_use_json(const HostUseVerdict& verdict) {
    auto uses = nlohmann::ordered_json::array();
    for (const auto& use : verdict.uses) uses.push_back({{"address", use.address.str()}, {"reason", use.reason}});
    return {{"checked", verdict.checked},
            {"why_unchecked", verdict.checked ? nullptr : nlohmann::ordered_json(verdict.why_unchecked)},
            {"uses", uses},
            {"force_needed", verdict.needs_force()}};
}

std::vector<PciAddress> changed_devices(const Plan& plan) {
    std::vector<PciAddress> detaching;
    for (const auto& step : plan.steps)
        if (step.action == StepAction::detach_to_vfio) detaching.push_back(step.address);
    return detaching;
}

HostUseVerdict check_host_use(const HostSession& session, const std::vector<PciAddress>& devices,
                              const std::string& root) {
    HostUseVerdict verdict;
    if (root.empty()) {
        const HostLocality& locality = session.connection().locality();
        if (locality.test_driver()) {
            verdict.why_unchecked = "libvirt's test driver describes no real host";
            verdict.simulated = true;
            return verdict;
        }
        if (!locality.local()) {
            verdict.why_unchecked = "libvirt's host is not this machine, whose sysfs says nothing of it: " +
                                    locality.reason;
            return verdict;
        }
    }
    verdict.checked = true;
    verdict.uses = find_host_uses(HostFs(root), devices);
    return verdict;
}

}  // namespace vpt
