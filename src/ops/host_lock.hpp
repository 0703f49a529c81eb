// Serialises vpt runs that change the host: an exclusive flock on a file in
// the state directory, held for the life of the object. A second run waits
// (saying so) up to a timeout, then fails; it never interleaves. The file
// is opened through its directory (which must be the running user's and
// writable by no one else) and never through a symbolic link.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>

namespace vpt {

class HostLock {
public:
    // `on_wait` is called once if the lock is busy, before waiting;
    // `on_timeout` ends the message of a wait that ran out (what to run next).
    HostLock(const std::filesystem::path& file, std::chrono::seconds timeout,
             const std::function<void()>& on_wait = {}, const std::string& on_timeout = "");
    ~HostLock();
    HostLock(const HostLock&) = delete;
    HostLock& operator=(const HostLock&) = delete;

private:
    int fd_ = -1;
};

}  // namespace vpt
