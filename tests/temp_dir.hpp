// A fresh directory for one test, shared by the unit and integration tests.
// Removed afterwards, unless a REQUIRE failed (an exception is in flight) or
// VPT_KEEP_TEST_DIRS is set, so that a failure can be looked at.
#pragma once

#include <stdlib.h>

#include <cstdlib>
#include <exception>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace vpt::test {

class TempDir {
public:
    explicit TempDir(const std::string& kind = "test") {
        std::string pattern = "/tmp/vpt-" + kind + "-XXXXXX";
        if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
        path = pattern;
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir() {
        if (std::uncaught_exceptions() == 0 && !std::getenv("VPT_KEEP_TEST_DIRS")) {
            std::error_code ec;
            std::filesystem::remove_all(path, ec);
        }
    }

    // A path inside the directory, as a string (what run_vpt and the CLI take).
    std::string operator/(const std::string& name) const { return (path / name).string(); }

    std::filesystem::path path;
};

}  // namespace vpt::test
