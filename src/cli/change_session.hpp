// What every changing command does around its plan: take the host lock
// unless it is a dry run, refuse to start over an unfinished journal (a dry
// run too, as the real run would), read the host, and run the plan with the one executor, journaled before
// and after every step so that `vpt recover` can undo or finish it.
#pragma once

#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "cli/change_guard.hpp"
#include "cli/host_session.hpp"
#include "cli/options.hpp"
#include "core/executor.hpp"
#include "core/plan.hpp"

namespace vpt {

class ChangeSession {
public:
    // The lock comes first, so the plan is made from a state no other vpt is changing.
    // `planning`: false for a command that only reads through the session
    // (vfs without COUNT), which an unfinished journal does not stop.
    ChangeSession(const GlobalOptions& global, bool dry_run, int wait_seconds, bool planning = true);

    const HostSession& host() const { return *host_; }
    const Connection& connection() const { return host_->connection(); }
    bool dry_run() const { return !guard_; }

    // Journals, audits and runs the plan. `root`: sysfs below it (tests); the journal
    // is removed when the run completed or was fully undone.
    ExecutionReport execute(const Plan& plan, const std::string& root = "",
                            std::chrono::seconds unplug_timeout = std::chrono::seconds(30)) const;

private:
    std::string command_line_;
    std::optional<ChangeGuard> guard_;
    std::optional<HostSession> host_;
};

struct RunOptions {
    bool force = false;      // go ahead past the plan's refusals
    std::string root;        // hidden --root: sysfs below it (tests)
    std::chrono::seconds unplug_timeout{30};
};

// Shows the plan (text: `header`, then the steps; JSON: into `out`) with
// what would refuse it. A refused plan throws: a real run before printing
// anything, a dry run after showing the plan. A dry run or a plan with
// nothing to do stops there (nullopt); otherwise the plan runs and the
// outcome is shown (text) or added to `out`.
std::optional<ExecutionReport> show_and_run(const ChangeSession& change, const GlobalOptions& global,
                                            const Plan& plan, nlohmann::ordered_json& out,
                                            const RunOptions& options, const std::function<void()>& header = {});

// Throws refused, one line, when the run did not complete: what failed, and
// whether everything was undone or `vpt recover` (with the run's own -c and
// --state-dir) is needed.
void fail_unless_completed(const GlobalOptions& global, const Plan& plan, const ExecutionReport& report);

// Prints `out` with --json, then fails unless a run completed.
void finish_plan(const GlobalOptions& global, const Plan& plan, const std::optional<ExecutionReport>& report,
                 const nlohmann::ordered_json& out);

}  // namespace vpt
