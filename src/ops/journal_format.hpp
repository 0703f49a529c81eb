// The journal's text: what a record of a change in progress looks like on
// disk (JSON, format 2), and the strict reading of it: a journal of another
// format, or with any field missing, of the wrong type or out of range, is
// refused with the field named, never partly read. The fields added to
// format 2 since (a step's config_before, undo_config_before) are the
// exception: absent in the journals of an older vpt, they read as unknown.
#pragma once

#include <string>
#include <vector>

#include "core/plan.hpp"
#include "core/result.hpp"

namespace vpt {

enum class StepState {
    pending,   // not started
    applying,  // started; it may or may not have happened
    applied,   // done
    undoing,   // its undo started
    undone,    // its undo is done
    failed,    // the step (or its undo) failed
};
const char* step_state_name(StepState state);

struct JournalRecord {
    std::string uri;       // the libvirt connection the change went through
    long pid = 0;          // the vpt process that made it
    std::string started;   // UTC, ISO 8601
    Plan plan;
    std::vector<StepState> states;  // one per plan step
};

// The record as the journal's text.
std::string journal_text(const JournalRecord& record);
// The record in `text`; a Failure saying what is wrong ("steps[2].count: out
// of range", or that another version of vpt wrote it). `file` names it.
Result<JournalRecord> parse_journal(const std::string& text, const std::string& file);

}  // namespace vpt
