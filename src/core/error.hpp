// The one error type vpt raises, and the exit codes scripts rely on.
//
// Rule: low-level code that a caller may recover from returns Result<T>;
// code that cannot go on throws vpt::Error, and main() turns it into one
// line on stderr and the exit code below.
#pragma once

#include <stdexcept>
#include <string>

#include "core/result.hpp"

namespace vpt {

// Process exit codes (documented in man/vpt.1; never renumber).
enum class ExitCode : int {
    ok = 0,          // success
    failed = 1,      // the operation was refused or failed
    bad_input = 2,   // bad usage or bad input (nothing was changed)
    no_connect = 3,  // cannot connect to libvirt
};

class Error : public std::runtime_error {
public:
    Error(ExitCode code, const std::string& message)
        : std::runtime_error(message), code_(code) {}
    ExitCode code() const { return code_; }

private:
    ExitCode code_;
};

// Shorthands for the three kinds of failure.
inline Error bad_input(const std::string& message) { return {ExitCode::bad_input, message}; }
inline Error refused(const std::string& message) { return {ExitCode::failed, message}; }

// The value of `result`; its failure is the user's input at fault.
template <typename T>
T or_bad_input(Result<T> result) {
    if (!result) throw bad_input(result.error());
    return std::move(result).value();
}

}  // namespace vpt
