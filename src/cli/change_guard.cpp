#include "cli/change_guard.hpp"

#include <spdlog/spdlog.h>

#include <iostream>

#include "core/error.hpp"

namespace vpt {

ChangeGuard::ChangeGuard(const GlobalOptions& global, int wait_seconds, bool require_clean)
    : state_dir_(resolve_state_dir(global.state_dir)), journal_(state_dir_.journal_file()) {
    state_dir_.ensure_exists();
    lock_ = std::make_unique<HostLock>(state_dir_.lock_file(), std::chrono::seconds(wait_seconds), [&] {
        if (!global.quiet)
            std::cerr << "vpt: another vpt is changing this host; waiting up to " << wait_seconds
                      << " s for it to finish...\n";
    });
    if (require_clean && journal_.exists()) {
        auto record = journal_.load();
        throw refused((record ? describe_unfinished(*record) : record.error()) +
                      "; run 'vpt recover' first");
    }
}

void warn_if_unfinished(const GlobalOptions& global) {
    Journal journal(resolve_state_dir(global.state_dir).journal_file());
    if (!journal.exists()) return;
    auto record = journal.load();
    spdlog::warn("{}; run 'vpt recover' to undo it (or 'vpt recover --complete')",
                 record ? describe_unfinished(*record) : record.error());
}

}  // namespace vpt
