#include "host/config_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>

#include "ops/private_dir.hpp"
#include "virt/timed_call.hpp"

namespace vpt {

namespace fs = std::filesystem;

namespace {

// The file's directory, created if missing, opened without following a
// link, and refused when anyone but the running user could write in it: vpt
// writes as root, and a directory others can write lets them swap in a link.
Result<PrivateDir> config_dir(const fs::path& real, const fs::path& shown) {
    // Each missing directory made 0755 whatever the umask, so that the check
    // below never refuses one vpt made itself.
    fs::path made;
    for (const auto& part : real.parent_path()) {
        made /= part;
        if (::mkdir(made.c_str(), 0755) != 0 && errno != EEXIST)
            return Failure{"cannot write " + shown.string() + ": cannot create " + made.string() + ": " +
                           std::strerror(errno)};
    }
    auto dir = PrivateDir::open(real.parent_path());
    if (!dir) return Failure{"cannot write " + shown.string() + ": " + dir.error()};
    if (auto why = dir->unsafe())
        return Failure{"cannot write " + shown.string() + ": its directory " + shown.parent_path().string() + " is " +
                       *why + " (vpt writes host files only where no one but root can)"};
    return dir;
}

Result<fs::path> write_now(const HostFs& fs, const fs::path& path, const std::string& text, unsigned mode) {
    auto real = fs.real_path(path);
    if (!real) return Failure{real.error()};
    auto dir = config_dir(*real, path);
    if (!dir) return Failure{dir.error()};
    if (auto failed = dir->replace_file(real->filename(), text, mode_t(mode)))
        return Failure{"cannot write " + path.string() + ": " + *failed};
    return path;
}

Result<bool> remove_now(const HostFs& fs, const fs::path& path) {
    auto real = fs.real_path(path);
    if (!real) return Failure{real.error()};
    auto dir = PrivateDir::open(real->parent_path());
    if (!dir) return fs::exists(real->parent_path()) ? Result<bool>(Failure{"cannot remove " + path.string() + ": " + dir.error()})
                                                      : Result<bool>(false);
    auto removed = dir->remove_file(real->filename());
    if (!removed) return Failure{"cannot remove " + path.string() + ": " + removed.error()};
    return removed;
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
