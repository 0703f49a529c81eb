#include "ops/state_dir.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "core/error.hpp"
#include "ops/private_dir.hpp"

namespace vpt {

StateDir resolve_state_dir(const std::string& option) {
    if (!option.empty()) return {option};
    if (const char* env = std::getenv("VPT_STATE_DIR"); env && *env) return {env};
    return {"/var/lib/vpt"};
}

void StateDir::ensure_exists() const {
    std::error_code ec;
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
    if (ec || (::mkdir(path.c_str(), 0700) != 0 && errno != EEXIST))
        throw refused("cannot create state directory " + path.string() + ": " +
                      (ec ? ec.message() : std::string(std::strerror(errno))) + " (run as root, or set --state-dir)");
    std::error_code kind;
    auto status = std::filesystem::symlink_status(path, kind);
    if (!kind && status.type() != std::filesystem::file_type::directory &&
        status.type() != std::filesystem::file_type::symlink)
        throw refused("cannot create state directory " + path.string() + ": a file of that name is in the way (set --state-dir)");
    // An existing directory is taken as it is, never "fixed": files someone
    // else could put there (a link as the journal's temporary file) would
    // stay.
    auto dir = PrivateDir::open_safe(path, "state directory");
    if (!dir)
        throw refused(dir.error() + "; vpt keeps root's journal and lock only where no one else can write " +
                      "(chown and chmod it, or choose another --state-dir)");
}

}  // namespace vpt
