#include "ops/host_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>
#include <utility>

#include "core/error.hpp"

namespace vpt {

namespace {

// Closes the descriptor on every way out of the constructor but success,
// an exception from `on_wait` included: a descriptor left open would hold
// the flock until the process ends.
struct FdUntilLocked {
    int fd;
    ~FdUntilLocked() {
        if (fd >= 0) ::close(fd);
    }
    int release() { return std::exchange(fd, -1); }
};

}  // namespace

HostLock::HostLock(const std::filesystem::path& file, std::chrono::seconds timeout,
                   const std::function<void()>& on_wait, const std::string& on_timeout) {
    FdUntilLocked lock{::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600)};
    if (lock.fd < 0) throw refused("cannot open lock file " + file.string() + ": " + std::strerror(errno));
    auto deadline = std::chrono::steady_clock::now() + timeout;
    bool told = false;
    while (::flock(lock.fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno != EWOULDBLOCK && errno != EINTR)
            throw refused("cannot lock " + file.string() + ": " + std::strerror(errno));
        if (!told && on_wait) on_wait();
        told = true;
        if (std::chrono::steady_clock::now() >= deadline)
            throw refused("another vpt is changing this host (lock " + file.string() +
                          "); gave up after " + std::to_string(timeout.count()) + " s" + on_timeout);
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    fd_ = lock.release();
}

HostLock::~HostLock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

}  // namespace vpt
