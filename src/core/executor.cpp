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
        if (step.undo_action == StepAction::skip) continue;  // nothing to reverse
        if (observer) observer->starting(*it, Direction::undo);
        try {
            runner.run(reversed(step));
            if (observer) observer->finished(*it, Direction::undo);
            results.push_back({*it, std::nullopt});
        } catch (const std::exception& e) {
            if (observer) observer->failed(*it, Direction::undo, e.what());
            results.push_back({*it, e.what()});
        }
    }
    return results;
}

ExecutionReport execute_plan(const Plan& plan, StepRunner& runner, ExecutionObserver* observer) {
    ExecutionReport report;
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
