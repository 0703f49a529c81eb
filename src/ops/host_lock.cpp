#include "ops/host_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>
#include <utility>

#include "core/error.hpp"
#include "ops/private_dir.hpp"

namespace vpt {
namespace {

// The lock file, opened relative to its directory's descriptor and never
// through a link: a link planted as "lock" must not make root create or
// open its target.
int open_lock_file(const std::filesystem::path& file) {
    auto dir = PrivateDir::open_safe(file.parent_path(), "state directory");
    if (!dir) throw refused("cannot open lock file " + file.string() + ": " + dir.error());
    // O_NONBLOCK: a FIFO planted as the lock must not hang vpt.
    int fd = dir->open_file(file.filename(), O_RDWR | O_CREAT | O_NONBLOCK, 0600);
    if (fd < 0) {
        std::string why = errno == ELOOP ? "it is a symbolic link, which vpt never follows" : std::strerror(errno);
        throw refused("cannot open lock file " + file.string() + ": " + why);
    }
    struct stat info {};
    if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
        ::close(fd);
        throw refused("cannot open lock file " + file.string() + ": not a regular file");
    }
    return fd;
}

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
    FdUntilLocked lock{open_lock_file(file)};
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
