#include "host/host_fs.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/text_fields.hpp"

namespace vpt {
namespace {

namespace fs = std::filesystem;

Failure cannot_read(const fs::path& path, int error) {
    return {"cannot read " + path.string() + ": " + std::strerror(error)};
}

// Reads from the current offset to the end; procfs files report size 0, so
// this never trusts st_size.
Result<std::string> read_rest(int fd, const fs::path& shown) {
    std::string text;
    char buf[65536];
    for (;;) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) continue;
            return cannot_read(shown, errno);
        }
        if (n == 0) break;
        text.append(buf, size_t(n));
    }
    return text;
}

}  // namespace

bool passes_through(const fs::path& path, const std::string& component) {
    return std::any_of(path.begin(), path.end(), [&](const fs::path& part) { return part == component; });
}

fs::path pci_device_dir(const PciAddress& address) {
    return fs::path("/sys/bus/pci/devices") / address.str();
}

HostFs::HostFs(fs::path root) : root_(root.empty() ? fs::path("/") : std::move(root)) {}

bool HostFs::is_live() const { return root_.lexically_normal() == fs::path("/"); }

Result<fs::path> HostFs::real_path(const fs::path& path) const {
    if (!path.is_absolute()) return Failure{"not an absolute host path: " + path.string()};
    for (const auto& part : path)
        if (part == "..") return Failure{"refusing a host path with '..': " + path.string()};
    return root_ / path.relative_path();
}

Result<std::string> HostFs::read_text(const fs::path& path) const {
    auto real = real_path(path);
    if (!real) return Failure{real.error()};
    ScopedFd file{::open(real->c_str(), O_RDONLY | O_CLOEXEC)};
    if (file.fd < 0) return cannot_read(path, errno);
    auto text = read_rest(file.fd, path);
    if (!text) return text;
    return std::string(trimmed(*text));
}

Result<std::string> HostFs::read_tail(const fs::path& path, size_t max_bytes) const {
    auto real = real_path(path);
    if (!real) return Failure{real.error()};
    ScopedFd file{::open(real->c_str(), O_RDONLY | O_CLOEXEC)};
    if (file.fd < 0) return cannot_read(path, errno);
    struct stat info {};
    if (::fstat(file.fd, &info) == 0 && S_ISREG(info.st_mode) && size_t(info.st_size) > max_bytes)
        ::lseek(file.fd, off_t(info.st_size - off_t(max_bytes)), SEEK_SET);
    auto text = read_rest(file.fd, path);
    if (text && text->size() > max_bytes) return text->substr(text->size() - max_bytes);
    return text;
}

Result<std::string> HostFs::read_head(const fs::path& path, size_t max_bytes) const {
    auto real = real_path(path);
    if (!real) return Failure{real.error()};
    ScopedFd file{::open(real->c_str(), O_RDONLY | O_CLOEXEC)};
    if (file.fd < 0) return cannot_read(path, errno);
    std::string text(max_bytes, '\0');
    size_t filled = 0;
    while (filled < max_bytes) {
        ssize_t n = ::read(file.fd, text.data() + filled, max_bytes - filled);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return cannot_read(path, errno);
        if (n == 0) break;
        filled += size_t(n);
    }
    text.resize(filled);
    return text;
}

bool HostFs::exists(const fs::path& path) const {
    auto real = real_path(path);
    if (!real) return false;
    std::error_code ec;
    return fs::exists(fs::symlink_status(*real, ec));
}

Result<fs::path> HostFs::link_target(const fs::path& path) const {
    auto real = real_path(path);
    if (!real) return Failure{real.error()};
    std::error_code ec;
    fs::path target = fs::read_symlink(*real, ec);
    if (ec) return Failure{"cannot read link " + path.string() + ": " + ec.message()};
    // sysfs links are relative; an absolute one is taken as a host path.
    fs::path resolved = target.is_absolute() ? target : path.parent_path() / target;
    return resolved.lexically_normal();
}

Result<std::string> HostFs::link_target_name(const fs::path& path) const {
    auto target = link_target(path);
    if (!target) return Failure{target.error()};
    return target->filename().string();
}

std::vector<std::string> HostFs::list(const fs::path& dir) const {
    std::vector<std::string> names;
    auto real = real_path(dir);
    if (!real) return names;
    std::error_code ec;
    fs::directory_iterator it(*real, ec);
    for (; !ec && it != fs::directory_iterator(); it.increment(ec))
        names.push_back(it->path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

}  // namespace vpt
