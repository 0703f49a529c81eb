#include "ops/private_dir.hpp"

#include <fcntl.h>
#include <sys/random.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace vpt {
namespace {

// Twelve characters from [a-z0-9], as mkstemp's XXXXXX but longer.
std::string random_suffix() {
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    unsigned char bytes[12] = {};
    size_t got = 0;
    while (got < sizeof bytes) {
        ssize_t n = ::getrandom(bytes + got, sizeof bytes - got, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;  // cannot fail on Linux >= 3.17; O_EXCL still guards
        got += size_t(n);
    }
    std::string suffix;
    for (unsigned char byte : bytes) suffix += alphabet[byte % (sizeof alphabet - 1)];
    return suffix;
}

}  // namespace

int write_all(int fd, const std::string& text) {
    size_t done = 0;
    while (done < text.size()) {
        ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        done += size_t(n);
    }
    return 0;
}

std::optional<std::string> unsafe_directory(const struct stat& info, uid_t uid) {
    if (!S_ISDIR(info.st_mode)) return "not a directory";
    if (info.st_uid != uid)
        return "owned by uid " + std::to_string(info.st_uid) + ", not by the running user (uid " +
               std::to_string(uid) + ")";
    if (info.st_mode & (S_IWGRP | S_IWOTH)) return "writable by other users";
    return std::nullopt;
}

Result<PrivateDir> PrivateDir::open(const std::filesystem::path& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        int error = errno;
        // With O_DIRECTORY, Linux says ENOTDIR rather than ELOOP for a link.
        struct stat info {};
        if (::lstat(path.c_str(), &info) == 0 && S_ISLNK(info.st_mode))
            return Failure{path.string() + " is a symbolic link, which vpt never follows"};
        return Failure{"cannot open " + path.string() + ": " + std::strerror(error)};
    }
    return PrivateDir(fd, path);
}

Result<PrivateDir> PrivateDir::open_safe(const std::filesystem::path& path, const std::string& what) {
    auto dir = open(path);
    if (!dir) return Failure{what + ": " + dir.error()};
    if (auto why = dir->unsafe())
        return Failure{what + " " + path.string() + " is " + *why};
    return dir;
}

PrivateDir::PrivateDir(PrivateDir&& other) noexcept : fd_(other.fd_), path_(std::move(other.path_)) {
    other.fd_ = -1;
}

PrivateDir::~PrivateDir() {
    if (fd_ >= 0) ::close(fd_);
}

std::optional<std::string> PrivateDir::unsafe() const {
    struct stat info {};
    if (::fstat(fd_, &info) != 0) return "not inspectable: " + std::string(std::strerror(errno));
    return unsafe_directory(info, ::geteuid());
}

int PrivateDir::open_file(const std::string& name, int flags, mode_t mode) const {
    return ::openat(fd_, name.c_str(), flags | O_NOFOLLOW | O_CLOEXEC, mode);
}

std::optional<std::string> PrivateDir::replace_file(const std::string& name, const std::string& text,
                                                    mode_t mode) const {
    std::string temporary;
    int fd = -1;
    for (int attempt = 0; attempt < 100 && fd < 0; ++attempt) {
        temporary = "." + name + "." + random_suffix();
        fd = open_file(temporary, O_WRONLY | O_CREAT | O_EXCL, 0600);
        if (fd < 0 && errno != EEXIST) return std::string(std::strerror(errno));
    }
    if (fd < 0) return std::string("no free temporary name");
    return finish_replace(fd, temporary, name, text, mode);
}

std::optional<std::string> PrivateDir::replace_file_via(const std::string& name, const std::string& temporary,
                                                        const std::string& text, mode_t mode) const {
    // A regular file of ours with no other name is reused: opened, not
    // created, so that a lease on it holds this open. Anything else under
    // that name (a link, a FIFO, a hard link) is removed, never opened.
    int fd = -1;
    struct stat info {};
    if (::fstatat(fd_, temporary.c_str(), &info, AT_SYMLINK_NOFOLLOW) == 0) {
        if (S_ISREG(info.st_mode) && info.st_uid == ::geteuid() && info.st_nlink == 1)
            fd = open_file(temporary, O_WRONLY);
        if (fd >= 0 && (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode) || ::ftruncate(fd, 0) != 0)) {
            ::close(fd);
            fd = -1;
        }
        if (fd < 0 && ::unlinkat(fd_, temporary.c_str(), 0) != 0 && errno != ENOENT)
            return std::string(std::strerror(errno));
    }
    if (fd < 0) fd = open_file(temporary, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0) return std::string(std::strerror(errno));
    return finish_replace(fd, temporary, name, text, mode);
}

std::optional<std::string> PrivateDir::finish_replace(int fd, const std::string& temporary, const std::string& name,
                                                      const std::string& text, mode_t mode) const {
    int error = write_all(fd, text);
    if (!error && (::fchmod(fd, mode) != 0 || ::fsync(fd) != 0)) error = errno;
    ::close(fd);
    if (!error && ::renameat(fd_, temporary.c_str(), fd_, name.c_str()) != 0) error = errno;
    if (error) {
        ::unlinkat(fd_, temporary.c_str(), 0);
        return std::string(std::strerror(error));
    }
    // The rename is in the directory: without this a crash may lose it.
    if (::fsync(fd_) != 0) return "the directory cannot be synced: " + std::string(std::strerror(errno));
    return std::nullopt;
}

Result<bool> PrivateDir::remove_file(const std::string& name) const {
    if (::unlinkat(fd_, name.c_str(), 0) == 0) return true;
    if (errno == ENOENT) return false;
    return Failure{std::strerror(errno)};
}

bool PrivateDir::has(const std::string& name) const {
    struct stat info {};
    return ::fstatat(fd_, name.c_str(), &info, AT_SYMLINK_NOFOLLOW) == 0;
}

}  // namespace vpt
