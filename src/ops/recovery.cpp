#include "ops/recovery.hpp"

#include <algorithm>

namespace vpt {

bool RecoveryReport::success() const {
    if (mode == RecoveryMode::complete) return completion && completion->completed;
    for (const auto& undo : undone)
        if (undo.error) return false;
    return true;
}

std::vector<size_t> steps_to_undo(const JournalRecord& record) {
    std::vector<size_t> indexes;
    std::vector<std::string> unplugging;  // guests with a hot-unplug step in flight
    for (size_t i = 0; i < record.states.size(); ++i) {
        StepState state = record.states[i];
        const Step& step = record.plan.steps[i];
        // A guest's hot-unplugs are requested together during its first
        // detach step, so the later ones may have been done while still
        // pending in the journal; their undo (a re-plug) is a no-op for a
        // device the guest still holds.
        bool requested_with_earlier = step.action == StepAction::detach_live && state == StepState::pending &&
                                      std::find(unplugging.begin(), unplugging.end(), step.object) != unplugging.end();
        if (step.changes() && (state == StepState::applying || state == StepState::applied ||
                               state == StepState::undoing || requested_with_earlier))
            indexes.push_back(i);
        // The first detach step asks for all of them and waits for all: once
        // it is applied, the later ones may be gone while still pending.
        if (step.action == StepAction::detach_live && (state == StepState::applying || state == StepState::applied))
            unplugging.push_back(step.object);
    }
    return indexes;
}

std::vector<size_t> steps_to_complete(const JournalRecord& record) {
    std::vector<size_t> indexes;
    for (size_t i = 0; i < record.states.size(); ++i) {
        StepState state = record.states[i];
        if (record.plan.steps[i].changes() && state != StepState::applied)
            indexes.push_back(i);
    }
    return indexes;
}

namespace {

// A config write cut short may have happened; if it did, what it left is
// vpt's own and may be written over (ConfigGuard).
void mark_cut_short_writes(JournalRecord& record) {
    for (size_t i = 0; i < record.states.size(); ++i) {
        Step& step = record.plan.steps[i];
        if (record.states[i] == StepState::applying && writes_config(step.action))
            step.maybe_written = config_left(step);
    }
}

}  // namespace

RecoveryReport recover(JournalRecord& record, RecoveryMode mode, StepRunner& runner,
                       ExecutionObserver& observer) {
    RecoveryReport report;
    report.mode = mode;
    mark_cut_short_writes(record);
    if (mode == RecoveryMode::undo) {
        report.acted_on = steps_to_undo(record);
        // A config write cut short may or may not have happened, and what
        // it left was not recorded: its undo goes ahead over the config the
        // step found (the write did not happen) or over one that holds all
        // the write would have left (it did: mark_cut_short_writes). Over
        // anything else vpt cannot tell its own write from another's, and
        // refuses.
        for (size_t i : report.acted_on) {
            Step& step = record.plan.steps[i];
            if (record.states[i] == StepState::applying && writes_config(step.action) && step.config_before &&
                !step.undo_config_before)
                step.undo_config_before = step.config_before;
        }
        // An undo starts from "applied" in the journal's eyes.
        for (size_t i : report.acted_on) record.states[i] = StepState::applied;
        report.undone = undo_steps(record.plan, report.acted_on, runner, &observer);
        return report;
    }
    report.acted_on = steps_to_complete(record);
    Plan remaining = record.plan;
    for (size_t i = 0; i < remaining.steps.size(); ++i) {
        bool run = std::find(report.acted_on.begin(), report.acted_on.end(), i) != report.acted_on.end();
        if (!run) remaining.steps[i].action = StepAction::skip;
        else record.states[i] = StepState::pending;
    }
    report.completion = execute_plan(remaining, runner, &observer);
    return report;
}

}  // namespace vpt
