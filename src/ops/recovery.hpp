// Finishing or undoing an operation a crashed vpt left in its journal.
#pragma once

#include <vector>

#include "core/executor.hpp"
#include "ops/journal.hpp"

namespace vpt {

enum class RecoveryMode { undo, complete };

struct RecoveryReport {
    RecoveryMode mode = RecoveryMode::undo;
    std::vector<size_t> acted_on;      // steps this recovery ran (or undid)
    std::vector<UndoResult> undone;    // for undo: each step's outcome
    std::optional<ExecutionReport> completion;  // for complete
    bool success() const;
};

// The steps that may have changed the host and so need undoing: applied,
// half-applied and half-undone ones, in plan order; and the pending hot-unplugs
// of a guest after one in flight (they were requested together with it).
std::vector<size_t> steps_to_undo(const JournalRecord& record);
// The steps still to run to complete the operation, in plan order.
std::vector<size_t> steps_to_complete(const JournalRecord& record);

// Runs the recovery, keeping the journal up to date through `observer`.
RecoveryReport recover(JournalRecord& record, RecoveryMode mode, StepRunner& runner,
                       ExecutionObserver& observer);

}  // namespace vpt
