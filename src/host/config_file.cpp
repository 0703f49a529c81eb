#include "host/config_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>

#include "virt/timed_call.hpp"

namespace vpt {

namespace fs = std::filesystem;

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

namespace {

Result<fs::path> write_now(const HostFs& fs, const fs::path& path, const std::string& text, unsigned mode) {
    auto real = fs.real_path(path);
    if (!real) return Failure{real.error()};
    std::string failed = "cannot write " + path.string() + ": ";

    std::error_code ec;
    fs::create_directories(real->parent_path(), ec);
    if (ec) return Failure{failed + ec.message()};
    fs::path temporary = real->parent_path() / ("." + real->filename().string() + ".tmp");
    {
        ScopedFd file{::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600)};
        if (file.fd < 0) return Failure{failed + std::strerror(errno)};
        int error = write_all(file.fd, text);
        if (!error && (::fchmod(file.fd, mode) != 0 || ::fsync(file.fd) != 0)) error = errno;
        if (error) {
            std::string why = std::strerror(error);
            ::unlink(temporary.c_str());
            return Failure{failed + why};
        }
    }
    if (::rename(temporary.c_str(), real->c_str()) != 0) {
        std::string why = std::strerror(errno);
        ::unlink(temporary.c_str());
        return Failure{failed + why};
    }
    return path;
}

Result<bool> remove_now(const HostFs& fs, const fs::path& path) {
    auto real = fs.real_path(path);
    if (!real) return Failure{real.error()};
    if (::unlink(real->c_str()) == 0) return true;
    if (errno == ENOENT) return false;
    return Failure{"cannot remove " + path.string() + ": " + std::strerror(errno)};
}

}  // namespace

Result<fs::path> write_config_file(const HostFs& fs, const fs::path& path, const std::string& text, unsigned mode) {
    return timed("write " + path.string(), [&] { return write_now(fs, path, text, mode); });
}

Result<bool> remove_config_file(const HostFs& fs, const fs::path& path) {
    TimedCall timer("remove " + path.string());
    auto removed = remove_now(fs, path);
    if (!removed) timer.failed();
    else if (!*removed) timer.outcome("there was none");
    return removed;
}

std::optional<std::string> read_config_file(const HostFs& fs, const fs::path& path) {
    auto real = fs.real_path(path);
    if (!real || fs::is_symlink(*real) || !fs::is_regular_file(*real)) return std::nullopt;
    std::ifstream in(*real, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace vpt
