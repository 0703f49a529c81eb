#include "view/plan_view.hpp"

#include <iostream>

#include "view/table.hpp"

namespace vpt {
namespace {

using json = nlohmann::ordered_json;

bool is_group_plan(const Plan& plan) {
    return plan.operation == Operation::detach || plan.operation == Operation::reattach ||
           plan.operation == Operation::reset;
}

std::string count_text(int count) { return count ? std::to_string(count) : std::string("none"); }

}  // namespace

std::string describe_step(const Step& step) {
    switch (step.action) {
        case StepAction::skip: return "leave " + step.label + " (" + step.reason + ")";
        case StepAction::detach_to_vfio: return "detach " + step.label + " to vfio-pci";
        case StepAction::reattach: return "give " + step.label + " back to the host";
        case StepAction::define_guest: return "define " + step.label;
        case StepAction::attach_live: return "attach " + step.label;
        case StepAction::detach_live: return "detach " + step.label;
        case StepAction::detach_placeholder: return "remove " + step.label;
        case StepAction::define_network: return "define " + step.label;
        case StepAction::undefine_network: return "undefine " + step.label;
        case StepAction::start_network: return "start " + step.label;
        case StepAction::stop_network: return "stop " + step.label;
        case StepAction::autostart_on: return "set " + step.label + " to start at boot";
        case StepAction::autostart_off: return "stop " + step.label + " from starting at boot";
        case StepAction::write_vf_count:
            return "write " + std::to_string(step.count) + " to sriov_numvfs of " + step.label;
        case StepAction::set_boot_vf_count: return "set the boot-time VF count of " + step.label + " to " +
                                                   count_text(step.count);
        case StepAction::write_boot_file: return "write " + step.object + ", for " + step.label;
        case StepAction::remove_boot_file: return "remove " + step.object + ", for " + step.label;
        case StepAction::rebuild_initramfs: return "rebuild the initramfs (" + step.object + ")";
        case StepAction::reset_device: return "reset " + step.label;
        case StepAction::initramfs_undo_point:
            return "if this change is undone: rebuild the initramfs (" + step.object + ") after the files";
    }
    return step.label;
}

void print_plan_text(const Plan& plan, bool drivers_reported) {
    if (!is_group_plan(plan)) {
        if (plan.change_count()) std::cout << "Steps, each undone if a later one fails:\n";
        size_t n = 0;
        for (const auto& step : plan.steps)
            if (step.changes()) std::cout << "  " << ++n << ". " << describe_step(step) << '\n';
        for (const auto& warning : plan.warnings) std::cout << "  warning: " << warning << '\n';
        return;
    }
    std::string group = plan.iommu_group ? "IOMMU group " + std::to_string(*plan.iommu_group) : "the group";
    std::cout << (plan.operation == Operation::detach   ? "Detach " + group + " to vfio-pci"
                  : plan.operation == Operation::reset ? "Reset " + group
                                                       : "Give " + group + " back to the host")
              << " (for " << plan.target << "):\n";
    Table table({{"DEVICE"}, {"DRIVER"}, {"ACTION"}, {"WHY", Shrink::later}});
    std::vector<std::string> boot;  // --persist: the boot configuration, after the devices
    for (const auto& step : plan.steps) {
        if (!step.object.empty()) {
            if (step.changes()) boot.push_back(describe_step(step));
            continue;
        }
        table.add_row({step.label, step.driver.value_or(drivers_reported ? "-" : "unknown"),
                       step_action_name(step.action), step.reason});
    }
    table.print(std::cout, 2);
    if (!boot.empty()) std::cout << "Boot configuration, each step undone if a later one fails:\n";
    for (size_t i = 0; i < boot.size(); ++i) std::cout << "  " << i + 1 << ". " << boot[i] << '\n';
    for (const auto& warning : plan.warnings) std::cout << "  warning: " << warning << '\n';
}

json plan_json(const Plan& plan) {
    auto steps = json::array();
    for (const auto& step : plan.steps) {
        json entry = {{"address", step.on_device() ? json(step.address.str()) : json(nullptr)},
                      {"name", step.nodedev_name.empty() ? json(nullptr) : json(step.nodedev_name)},
                      {"object", step.object.empty() ? json(nullptr) : json(step.object)},
                      {"label", step.label},
                      {"driver", step.driver ? json(*step.driver) : nullptr},
                      {"action", step_action_name(step.action)},
                      {"undo", step_action_name(step.undo_action)},
                      {"reason", step.reason},
                      {"description", describe_step(step)}};
        if (!step.xml.empty()) entry["xml"] = step.xml;
        steps.push_back(entry);
    }
    return {{"operation", operation_name(plan.operation)},
            {"target", plan.target},
            {"iommu_group", plan.iommu_group ? json(*plan.iommu_group) : nullptr},
            {"steps", steps},
            {"warnings", plan.warnings}};
}

void print_report_text(const Plan& plan, const ExecutionReport& report) {
    for (size_t i : report.done) std::cout << "  done: " << describe_step(plan.steps[i]) << '\n';
    if (!report.completed)
        std::cout << "  FAILED: " << describe_step(plan.steps[*report.failed_step]) << ": " << report.failure << '\n';
    for (const auto& undo : report.undone)
        std::cout << "  " << (undo.kept ? "kept, not undone: " : undo.error ? "could NOT undo: " : "undone: ")
                  << describe_step(plan.steps[undo.index]) << (undo.error ? ": " + *undo.error : "") << '\n';
}

void add_report_json(json& out, const Plan& plan, const ExecutionReport& report) {
    auto done = json::array(), undone = json::array(), undo_failures = json::array();
    auto changed = json::array(), restored = json::array(), not_restored = json::array();
    for (size_t i : report.done) {
        done.push_back(describe_step(plan.steps[i]));
        if (!plan.steps[i].nodedev_name.empty()) changed.push_back(plan.steps[i].address.str());
    }
    for (const auto& undo : report.undone) {
        const Step& step = plan.steps[undo.index];
        if (undo.error) {
            undo_failures.push_back(describe_step(step) + ": " + *undo.error);
            if (!step.nodedev_name.empty()) not_restored.push_back({{"address", step.address.str()}, {"error", *undo.error}});
        } else {
            undone.push_back(describe_step(step));
            if (!step.nodedev_name.empty()) restored.push_back(step.address.str());
        }
    }
    out["result"] = report.completed ? "done" : (report.fully_restored() ? "rolled-back" : "failed");
    out["error"] = report.completed ? nullptr
                                    : json(describe_step(plan.steps[*report.failed_step]) + ": " + report.failure);
    out["done"] = done;
    out["undone"] = undone;
    out["undo_failures"] = undo_failures;
    out["changed"] = changed;
    out["restored"] = restored;
    out["not_restored"] = not_restored;
}

}  // namespace vpt
