#include "core/executor.hpp"

#include <algorithm>
#include <exception>

#include "core/text_list.hpp"

namespace vpt {

bool ExecutionReport::fully_restored() const {
    for (const auto& undo : undone)
        if (undo.error) return false;
    return true;
}

std::vector<UndoResult> undo_steps(const Plan& plan, const std::vector<size_t>& done,
                                   StepRunner& runner, ExecutionObserver* observer) {
    // Newest first, except that what gives a device back to the host waits
    // until every unplug from a running guest has run: a device goes back
    // only once its whole group is out.
    std::vector<size_t> order;
    for (auto it = done.rbegin(); it != done.rend(); ++it)
        if (plan.steps[*it].undo_action != StepAction::skip) order.push_back(*it);  // else nothing to reverse
    auto last_unplug = std::find_if(order.rbegin(), order.rend(),
                                    [&](size_t i) { return takes_out_of_guest(reversed(plan.steps[i])); });
    if (last_unplug != order.rend())
        std::stable_partition(order.begin(), last_unplug.base(),
                              [&](size_t i) { return !gives_back_to_host(reversed(plan.steps[i])); });
    std::vector<Step> steps;
    for (size_t i : order) steps.push_back(reversed(plan.steps[i]));
    if (!steps.empty()) runner.about_to_run(steps, Direction::undo);

    std::vector<UndoResult> results;
    std::vector<std::string> not_released;
    for (size_t n = 0; n < order.size(); ++n) {
        const size_t index = order[n];
        const Step& back = steps[n];
        if (gives_back_to_host(back) && !not_released.empty()) {
            // Not started, so its journal state stays "applied": the next
            // `vpt recover` tries again.
            results.push_back({index,
                               "kept on vfio-pci: " + join(not_released) +
                                   (not_released.size() == 1 ? " was" : " were") +
                                   " not released, and a group is never split between a guest and the host",
                               true});
            continue;
        }
        if (observer) observer->starting(index, Direction::undo);
        try {
            runner.run(back);
            if (observer) observer->finished(index, Direction::undo);
            results.push_back({index, std::nullopt});
        } catch (const std::exception& e) {
            if (observer) observer->failed(index, Direction::undo, e.what());
            results.push_back({index, e.what()});
            if (takes_out_of_guest(back)) not_released.push_back(back.label);
        }
    }
    return results;
}

std::vector<std::string> still_in_guests(const Plan& plan, const std::vector<UndoResult>& undone) {
    std::vector<std::string> labels;
    for (const auto& undo : undone)
        if (undo.error && !undo.kept && takes_out_of_guest(reversed(plan.steps[undo.index])))
            labels.push_back(plan.steps[undo.index].label);
    return labels;
}

bool kept_any(const std::vector<UndoResult>& undone) {
    return std::any_of(undone.begin(), undone.end(), [](const UndoResult& undo) { return undo.kept; });
}

ExecutionReport execute_plan(const Plan& plan, StepRunner& runner, ExecutionObserver* observer) {
    ExecutionReport report;
    std::vector<Step> changing;
    for (const auto& step : plan.steps)
        if (step.changes()) changing.push_back(step);
    if (!changing.empty()) runner.about_to_run(changing, Direction::forward);
    for (size_t i = 0; i < plan.steps.size(); ++i) {
        const Step& step = plan.steps[i];
        if (!step.changes()) continue;
        if (observer) observer->starting(i, Direction::forward);
        try {
            runner.run(step);
        } catch (const std::exception& e) {
            if (observer) observer->failed(i, Direction::forward, e.what());
            report.failed_step = i;
            report.failure = e.what();
            report.undone = undo_steps(plan, report.done, runner, observer);
            return report;
        }
        if (observer) observer->finished(i, Direction::forward);
        report.done.push_back(i);
    }
    report.completed = true;
    return report;
}

}  // namespace vpt
