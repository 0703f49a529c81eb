// Where vpt keeps its journal and lock: --state-dir, else $VPT_STATE_DIR,
// else /var/lib/vpt.
#pragma once

#include <filesystem>
#include <string>

namespace vpt {

struct StateDir {
    std::filesystem::path path;

    std::filesystem::path journal_file() const { return path / "journal.json"; }
    std::filesystem::path lock_file() const { return path / "lock"; }
    // Creates the directory (mode 0700) if needed; throws a clear error
    // (exit 1) when it cannot, or when it is a symbolic link, is not owned
    // by the running user or is writable by group or others: vpt acts as
    // root on what it finds there.
    void ensure_exists() const;
};

StateDir resolve_state_dir(const std::string& option);

}  // namespace vpt
