#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "core/error.hpp"
#include "ops/state_dir.hpp"
#include "temp_dir.hpp"

using namespace vpt;
using vpt::test::TempDir;
namespace fs = std::filesystem;

namespace {

std::string refusal(const StateDir& dir) {
    try {
        dir.ensure_exists();
    } catch (const Error& e) {
        CHECK(e.code() == ExitCode::failed);
        return e.what();
    }
    return "";
}

unsigned mode_of(const fs::path& path) {
    struct stat info {};
    REQUIRE(::lstat(path.c_str(), &info) == 0);
    return info.st_mode & 07777;
}

}  // namespace

TEST_CASE("ensure_exists makes a missing state directory private, and takes an existing one only if it is") {
    TempDir parent;
    StateDir dir{parent.path / "state"};
    REQUIRE_NOTHROW(dir.ensure_exists());
    CHECK(mode_of(dir.path) == 0700);
    CHECK_NOTHROW(dir.ensure_exists());  // again: it is ours

    SUBCASE("writable by its group: refused, and left as it was") {
        fs::permissions(dir.path, fs::perms::group_write, fs::perm_options::add);
        CHECK(refusal(dir) == "state directory " + dir.path.string() +
                                  " is writable by other users; vpt keeps root's journal and lock only where no "
                                  "one else can write (chown and chmod it, or choose another --state-dir)");
        CHECK(mode_of(dir.path) == 0720);
    }
    SUBCASE("writable by anyone, sticky or not") {
        fs::permissions(dir.path, fs::perms(01777));
        CHECK(refusal(dir).find("is writable by other users") != std::string::npos);
    }
    SUBCASE("owned by another user") {
        if (::geteuid() != 0) return;  // only root can give a directory away
        REQUIRE(::chown(dir.path.c_str(), 65534, 65534) == 0);
        CHECK(refusal(dir).find("is owned by uid 65534, not by the running user (uid 0)") != std::string::npos);
    }
    SUBCASE("a symbolic link to a directory: not followed") {
        StateDir link{parent.path / "link"};
        fs::create_directory_symlink(dir.path, link.path);
        CHECK(refusal(link).find("is a symbolic link, which vpt never follows") != std::string::npos);
    }
}
