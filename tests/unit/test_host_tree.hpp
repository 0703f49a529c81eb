// Host file trees for the host/ tests: the fixture trees under
// tests/fixtures/sysfs, and temporary trees (a fresh directory per test,
// optionally seeded with a fixture) for the variations of one scenario.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>

#include "host/host_fs.hpp"
#include "temp_dir.hpp"

namespace vpt::test {

namespace stdfs = std::filesystem;

// Whether a finding, fix or message contains `part`.
inline bool has_text(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

inline stdfs::path fixture_root(const std::string& scenario) {
    return stdfs::path(VPT_FIXTURES) / "sysfs" / scenario;
}

inline HostFs fixture(const std::string& scenario) { return HostFs(fixture_root(scenario)); }

// A temporary host tree (see TempDir for when it is removed).
class TempTree : public TempDir {
public:
    TempTree() : TempDir("host-test") {}
    // A copy of a fixture tree (symlinks stay symlinks).
    explicit TempTree(const std::string& scenario) : TempTree() {
        stdfs::copy(fixture_root(scenario), path,
                    stdfs::copy_options::recursive | stdfs::copy_options::copy_symlinks);
    }

    // Writes a file at a host path ("/proc/cmdline"), creating directories.
    void write(const std::string& host_path, const std::string& text) const {
        auto real = path / stdfs::path(host_path).relative_path();
        stdfs::create_directories(real.parent_path());
        std::ofstream(real) << text;
    }
    // A relative symlink at host path `at` pointing to host path `target`.
    void link(const std::string& at, const std::string& target) const {
        auto real = path / stdfs::path(at).relative_path();
        stdfs::create_directories(real.parent_path());
        stdfs::remove(real);
        stdfs::create_symlink(stdfs::path(target).lexically_relative(stdfs::path(at).parent_path()), real);
    }
    void remove(const std::string& host_path) const {
        stdfs::remove_all(path / stdfs::path(host_path).relative_path());
    }
    HostFs fs() const { return HostFs(path); }
};

}  // namespace vpt::test
