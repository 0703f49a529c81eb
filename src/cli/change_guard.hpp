// What every host-changing command does around its work: take the host
// lock, refuse to start over an unfinished journal, and report one.
#pragma once

#include <memory>
#include <optional>

#include "cli/options.hpp"
#include "ops/host_lock.hpp"
#include "ops/journal.hpp"
#include "ops/state_dir.hpp"

namespace vpt {

class ChangeGuard {
public:
    // Takes the lock (waiting up to `wait_seconds`). With `require_clean`,
    // refuses while a journal of an unfinished operation exists.
    ChangeGuard(const GlobalOptions& global, int wait_seconds, bool require_clean);

    const Journal& journal() const { return journal_; }
    const StateDir& state_dir() const { return state_dir_; }

private:
    StateDir state_dir_;
    std::unique_ptr<HostLock> lock_;
    Journal journal_;
};

// The command that undoes (or with `complete`, finishes) an unfinished
// change made through `uri` ("" when the user named none): "vpt -c URI
// --state-dir DIR recover", with --state-dir only when the user gave one.
std::string recover_command(const GlobalOptions& global, const std::string& uri, bool complete = false);

// Warns on stderr when a journal of an unfinished operation exists.
void warn_if_unfinished(const GlobalOptions& global);
// Refuses, as ChangeGuard does, when a change on this machine is unfinished:
// for a dry run, which takes no lock but must not promise what the real run
// would refuse.
void refuse_if_unfinished(const GlobalOptions& global);

}  // namespace vpt
