#include "ops/host_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include "core/error.hpp"

namespace vpt {

HostLock::HostLock(const std::filesystem::path& file, std::chrono::seconds timeout,
                   const std::function<void()>& on_wait, const std::string& on_timeout) {
    fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd_ < 0) throw refused("cannot open lock file " + file.string() + ": " + std::strerror(errno));
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
