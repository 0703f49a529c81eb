#include "ops/state_dir.hpp"

#include <cstdlib>

#include "core/error.hpp"

namespace vpt {

StateDir resolve_state_dir(const std::string& option) {
    if (!option.empty()) return {option};
    if (const char* env = std::getenv("VPT_STATE_DIR"); env && *env) return {env};
    return {"/var/lib/vpt"};
}

void StateDir::ensure_exists() const {
    std::error_code ec;
    std::filesystem::create_directories(path, ec);
    if (ec)
        throw refused("cannot create state directory " + path.string() + ": " + ec.message() +
                      " (run as root, or set --state-dir)");
    std::filesystem::permissions(path, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace, ec);
}

}  // namespace vpt
