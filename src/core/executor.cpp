#include "core/executor.hpp"

#include <exception>

namespace vpt {

bool ExecutionReport::fully_restored() const {
    for (const auto& undo : undone)
        if (undo.error) return false;
    return true;
}

std::vector<UndoResult> undo_steps(const Plan& plan, const std::vector<size_t>& done,
                                   StepRunner& runner, ExecutionObserver* observer) {
    std::vector<UndoResult> results;
    for (auto it = done.rbegin(); it != done.rend(); ++it) {
        const Step& step = plan.steps[*it];
        StepAction action = inverse(step.action);
        if (observer) observer->starting(*it, action);
        try {
            runner.run(step, action);
            if (observer) observer->finished(*it, action);
            results.push_back({*it, std::nullopt});
        } catch (const std::exception& e) {
            if (observer) observer->failed(*it, action, e.what());
            results.push_back({*it, e.what()});
        }
    }
    return results;
}

ExecutionReport execute_plan(const Plan& plan, StepRunner& runner, ExecutionObserver* observer) {
    ExecutionReport report;
    for (size_t i = 0; i < plan.steps.size(); ++i) {
        const Step& step = plan.steps[i];
        if (step.action == StepAction::skip) continue;
        if (observer) observer->starting(i, step.action);
        try {
            runner.run(step, step.action);
        } catch (const std::exception& e) {
            if (observer) observer->failed(i, step.action, e.what());
            report.failed_step = i;
            report.failure = e.what();
            report.undone = undo_steps(plan, report.done, runner, observer);
            return report;
        }
        if (observer) observer->finished(i, step.action);
        report.done.push_back(i);
    }
    report.completed = true;
    return report;
}

}  // namespace vpt
