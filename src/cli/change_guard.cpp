#include "cli/change_guard.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <iostream>

#include "cli/common_options.hpp"
#include "core/command_text.hpp"
#include "core/error.hpp"

namespace vpt {
namespace {

// What a journal left behind asks of the user: vpt recover finishes or
// undoes one it can read; one it cannot read it refuses too, so a person
// must look (the reason may already say so, as for another version's).
std::string unfinished_text(const GlobalOptions& global, const Result<JournalRecord>& record,
                            const std::string& then) {
    if (!record) {
        const std::string& why = record.error();
        return why.find("by hand") != std::string::npos ? why : why + "; inspect it and remove it by hand";
    }
    // The journal's own URI: recovery must act where the change was made.
    return describe_unfinished(*record) + "; undo it with '" + recover_command(global, record->uri) +
           "' (or finish it: --complete)" + then;
}

}  // namespace

std::string recover_command(const GlobalOptions& global, const std::string& uri, bool complete) {
    std::vector<std::string> words = {"vpt"};
    if (!uri.empty()) words.insert(words.end(), {"-c", uri});
    if (!global.state_dir.empty()) words.insert(words.end(), {"--state-dir", global.state_dir});
    words.push_back("recover");
    if (complete) words.push_back("--complete");
    return command_text(words);
}

ChangeGuard::ChangeGuard(const GlobalOptions& global, int wait_seconds, bool require_clean)
    : state_dir_(resolve_state_dir(global.state_dir)), journal_(state_dir_.journal_file()) {
    state_dir_.ensure_exists();
    int longer = std::clamp(wait_seconds * 2, 600, 3600);  // --wait takes at most 3600
    lock_ = std::make_unique<HostLock>(
        state_dir_.lock_file(), std::chrono::seconds(wait_seconds),
        [&] {
            if (!global.quiet)
                std::cerr << "vpt: another vpt is changing this host; waiting up to " << wait_seconds
                          << " s for it to finish...\n";
        },
        "; to wait longer: '" + same_command_waiting(global, longer) + "'");
    if (require_clean) refuse_if_unfinished(global);
}

void refuse_if_unfinished(const GlobalOptions& global) {
    Journal journal(resolve_state_dir(global.state_dir).journal_file());
    if (journal.exists()) throw refused(unfinished_text(global, journal.load(), ", then run this again"));
}

void warn_if_unfinished(const GlobalOptions& global) {
    Journal journal(resolve_state_dir(global.state_dir).journal_file());
    if (!journal.exists()) return;
    spdlog::warn("{}", unfinished_text(global, journal.load(), ""));
}

}  // namespace vpt
