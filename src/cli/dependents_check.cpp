#include "cli/dependents_check.hpp"

#include "cli/host_use_check.hpp"

namespace vpt {
namespace {

nlohmann::ordered_json optional_json(const std::string& text) {
    return text.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(text);
}

}  // namespace

Dependents check_dependents(const HostSession& session, Loss loss, const std::vector<PciAddress>& devices,
                            const std::string& root) {
    return check_vf_dependents(session, loss, vfs_taken_with(session.inventory(), devices), root);
}

Dependents check_vf_dependents(const HostSession& session, Loss loss, const std::vector<Taken>& taken,
                               const std::string& root) {
    VfHostUseFacts host;
    std::vector<PciAddress> vfs;
    for (const auto& t : taken) vfs.insert(vfs.end(), t.vfs.begin(), t.vfs.end());
    if (!vfs.empty()) {
        HostUseVerdict verdict = check_host_use(session, vfs, root);
        for (const auto& use : verdict.uses) host.uses.push_back({use.address, use.reason});
        if (!verdict.checked && !verdict.simulated) host.why_unchecked = verdict.why_unchecked;
    }
    return find_dependents(session.state(), loss, taken, host);
}

nlohmann::ordered_json dependents_json(const Dependents& dependents, bool force) {
    auto vfs = nlohmann::ordered_json::array();
    for (const auto& vf : dependents.vfs()) vfs.push_back(vf.str());
    auto items = nlohmann::ordered_json::array();
    for (const auto& item : dependents.items) {
        bool guest = item.kind != Dependent::Kind::host_uses_vf;
        items.push_back({{"kind", dependent_kind_name(item.kind)},
                         {"device", item.device ? nlohmann::ordered_json(item.device->str()) : nullptr},
                         {"vf", item.vf ? nlohmann::ordered_json(item.vf->str()) : nullptr},
                         {"guest", optional_json(item.guest)},
                         {"running", guest ? nlohmann::ordered_json(item.running) : nullptr},
                         {"pool", optional_json(item.pool)},
                         {"text", item.text},
                         {"release", item.release ? nlohmann::ordered_json(*item.release) : nullptr}});
    }
    bool forced = force && !dependents.empty();
    return {{"vfs", vfs},
            {"items", items},
            {"guests", dependents.guests()},
            {"force_needed", !dependents.empty() && !force},
            {"lost", forced ? nlohmann::ordered_json(dependents_loss(dependents)) : nullptr}};
}

}  // namespace vpt
