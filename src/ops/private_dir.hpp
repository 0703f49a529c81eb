// A directory vpt writes root's files in (the state directory, the host
// configuration directories), reached through one descriptor opened without
// following a link, and the files in it opened relative to that descriptor,
// never through a link either. Without this, a user who can write a shared
// directory plants "journal.json.tmp -> /etc/shadow" and root's next write
// truncates the target.
#pragma once

#include <sys/stat.h>
#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>

#include "core/result.hpp"

namespace vpt {

// Writes all of `text` to `fd`: 0, or the errno of the failed write (EINTR retried).
int write_all(int fd, const std::string& text);

// Why a directory with this stat is no place for root's files: not a
// directory, owned by someone other than `uid`, or writable by group or
// others. nullopt when it is fine. The text completes "... is/was ...":
// "owned by uid 65534, not by the running user (uid 0)".
std::optional<std::string> unsafe_directory(const struct stat& info, uid_t uid);

class PrivateDir {
public:
    // Opens `path` (O_DIRECTORY, O_NOFOLLOW: a symbolic link is refused).
    // Failure: why it cannot be opened.
    static Result<PrivateDir> open(const std::filesystem::path& path);
    // The same, and refuses a directory unsafe_directory() rejects for the
    // running user: "state directory /x is writable by other users"
    // (`what` first, the caller adds what to do).
    static Result<PrivateDir> open_safe(const std::filesystem::path& path, const std::string& what);

    PrivateDir(PrivateDir&& other) noexcept;
    PrivateDir& operator=(PrivateDir&&) = delete;
    PrivateDir(const PrivateDir&) = delete;
    ~PrivateDir();

    const std::filesystem::path& path() const { return path_; }
    // Why the directory is unsafe for the running user, or nullopt.
    std::optional<std::string> unsafe() const;

    // Opens `name` in the directory, never following a link (O_NOFOLLOW and
    // O_CLOEXEC added): the descriptor, or -1 with errno set, as open(2).
    int open_file(const std::string& name, int flags, mode_t mode = 0600) const;

    // Replaces `name` with `text` (mode `mode`) atomically: a new file under
    // a name no one else can have taken (O_CREAT|O_EXCL, random suffix),
    // fsync, renamed over `name`, then the directory fsync'd so the rename
    // survives a crash. nullopt on success, else why it failed (the
    // temporary file is removed).
    std::optional<std::string> replace_file(const std::string& name, const std::string& text, mode_t mode) const;
    // The same through a temporary of a known name, for a file whose every
    // save someone may hold at its open (the journal: the lab's crash
    // stepper takes a lease on the temporary, tests/lab/lib.sh). Only for a
    // directory open_safe() accepted: no one else can have put anything
    // there, and whatever is under that name but a regular file of the
    // running user's is removed, never followed.
    std::optional<std::string> replace_file_via(const std::string& name, const std::string& temporary,
                                                const std::string& text, mode_t mode) const;

    // Removes `name` (never a directory). True when one was removed, false
    // when there was none; else why not (strerror).
    Result<bool> remove_file(const std::string& name) const;

    // Whether `name` exists (a symbolic link counts, it is not followed).
    bool has(const std::string& name) const;

private:
    // Writes `text` to the open temporary `fd`, then fsync, rename over `name`, directory fsync.
    std::optional<std::string> finish_replace(int fd, const std::string& temporary, const std::string& name,
                                              const std::string& text, mode_t mode) const;
    PrivateDir(int fd, std::filesystem::path path) : fd_(fd), path_(std::move(path)) {}
    int fd_ = -1;
    std::filesystem::path path_;
};

}  // namespace vpt
