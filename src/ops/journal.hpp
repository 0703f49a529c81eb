// The journal of a host change in progress: written before and after every
// step (atomically: write, fsync, rename), so that a vpt killed half-way
// leaves a record the next run reports and `vpt recover` finishes or undoes.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/executor.hpp"
#include "core/plan.hpp"
#include "core/result.hpp"
#include "core/written_configs.hpp"
#include "ops/journal_format.hpp"

namespace vpt {

class Journal {
public:
    explicit Journal(std::filesystem::path file) : file_(std::move(file)) {}

    bool exists() const;
    // Reads the record; a Failure when it is missing or unreadable.
    Result<JournalRecord> load() const;
    // Writes the record atomically; throws on failure (a change must not go
    // ahead unrecorded).
    void save(const JournalRecord& record) const;
    void remove() const;

private:
    std::filesystem::path file_;
};

// Keeps a journal in step with an execution. With `written` (the runner's
// record of the configs it wrote), a step that wrote a config records, once
// done, what it left: what its undo expects to find, for `vpt recover`.
class JournalObserver : public ExecutionObserver {
public:
    JournalObserver(const Journal& journal, JournalRecord& record, const WrittenConfigs* written = nullptr)
        : journal_(journal), record_(record), written_(written) {}
    void starting(size_t index, Direction direction) override;
    void finished(size_t index, Direction direction) override;
    void failed(size_t index, Direction direction, const std::string& error) override;

private:
    void set(size_t index, StepState state);
    const Journal& journal_;
    JournalRecord& record_;
    const WrittenConfigs* written_;
};

// A new record for `plan`, every step pending.
JournalRecord new_journal_record(const Plan& plan, const std::string& uri);

// One line describing an unfinished operation, for warnings.
std::string describe_unfinished(const JournalRecord& record);

}  // namespace vpt
