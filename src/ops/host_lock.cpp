#include "ops/host_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

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

}  // namespace

HostLock::HostLock(const std::filesystem::path& file, std::chrono::seconds timeout,
                   const std::function<void()>& on_wait, const std::string& on_timeout) {
    fd_ = open_lock_file(file);
    auto deadline = std::chrono::steady_clock::now() + timeout;
    bool told = false;
    while (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        if (errno != EWOULDBLOCK && errno != EINTR) {
            ::close(fd_);
            throw refused("cannot lock " + file.string() + ": " + std::strerror(errno));
        }
        if (!told && on_wait) on_wait();
        told = true;
        if (std::chrono::steady_clock::now() >= deadline) {
            ::close(fd_);
            throw refused("another vpt is changing this host (lock " + file.string() +
                          "); gave up after " + std::to_string(timeout.count()) + " s" + on_timeout);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}

HostLock::~HostLock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

}  // namespace vpt
