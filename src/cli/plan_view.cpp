#include "cli/plan_view.hpp"

#include <iostream>

#include "cli/table.hpp"

namespace vpt {

void print_plan_text(const Plan& plan, bool drivers_reported) {
    std::string group = plan.iommu_group ? "IOMMU group " + std::to_string(*plan.iommu_group) : "the group";
    std::cout << (plan.operation == Operation::detach ? "Detach " + group + " to vfio-pci"
                                                      : "Give " + group + " back to the host")
              << " (for " << plan.target.str() << "):\n";
    Table table({"DEVICE", "DRIVER", "ACTION", "WHY"});
    for (const auto& step : plan.steps)
        table.add_row({step.label, step.driver.value_or(drivers_reported ? "-" : "unknown"),
                       step_action_name(step.action), step.reason});
    table.print(std::cout, 2);
    for (const auto& warning : plan.warnings) std::cout << "  warning: " << warning << '\n';
}

nlohmann::ordered_json plan_json(const Plan& plan) {
    auto steps = nlohmann::ordered_json::array();
    for (const auto& step : plan.steps)
        steps.push_back({{"address", step.address.str()},
                         {"name", step.nodedev_name},
                         {"driver", step.driver ? nlohmann::ordered_json(*step.driver) : nullptr},
                         {"action", step_action_name(step.action)},
                         {"reason", step.reason}});
    return {{"operation", operation_name(plan.operation)},
            {"target", plan.target.str()},
            {"iommu_group", plan.iommu_group ? nlohmann::ordered_json(*plan.iommu_group) : nullptr},
            {"steps", steps},
            {"warnings", plan.warnings}};
}

void print_report_text(const Plan& plan, const ExecutionReport& report) {
    const char* past = plan.operation == Operation::detach ? "detached" : "reattached";
    for (size_t i : report.done) std::cout << "  " << past << " " << plan.steps[i].label << '\n';
    if (report.completed) {
        std::cout << (plan.operation == Operation::detach
                          ? "Done: every endpoint of the group is on vfio-pci.\n"
                          : "Done: the group is back with the host.\n");
        return;
    }
    std::cout << "  FAILED " << plan.steps[*report.failed_step].label << ": " << report.failure << '\n';
    for (const auto& undo : report.undone)
        std::cout << "  " << (undo.error ? "could NOT restore " : "restored ") << plan.steps[undo.index].label
                  << (undo.error ? ": " + *undo.error : "") << '\n';
}

void add_report_json(nlohmann::ordered_json& out, const Plan& plan, const ExecutionReport& report) {
    auto restored = nlohmann::ordered_json::array();
    auto not_restored = nlohmann::ordered_json::array();
    for (const auto& undo : report.undone) {
        if (undo.error)
            not_restored.push_back({{"address", plan.steps[undo.index].address.str()}, {"error", *undo.error}});
        else
            restored.push_back(plan.steps[undo.index].address.str());
    }
    auto changed = nlohmann::ordered_json::array();
    for (size_t i : report.done) changed.push_back(plan.steps[i].address.str());
    out["result"] = report.completed ? "done" : (report.fully_restored() ? "rolled-back" : "failed");
    out["changed"] = changed;
    out["error"] = report.completed ? nullptr : nlohmann::ordered_json(report.failure);
    out["restored"] = restored;
    out["not_restored"] = not_restored;
}

}  // namespace vpt
