// How a read command went on each of several hosts, and the one exit code
// those outcomes make (man/vpt.1, "Many hosts").
#pragma once

#include <vector>

#include "core/error.hpp"

namespace vpt {

enum class HostOutcome {
    done,         // read and shown; for check, ready
    lacking,      // reached, but without what was asked (show DEV: no such device)
    failed,       // reached, and the command failed or refused there (check: not ready)
    unreachable,  // no connection
};

// 3 when no host could be reached; 1 when one could not, or one failed, or
// none had what was asked; else 0. A host lacking what others have is no
// failure: `vpt show DEV` on many hosts finds the ones that have DEV.
ExitCode exit_code_of(const std::vector<HostOutcome>& outcomes);

// The outcome an error thrown while reading a host stands for.
HostOutcome outcome_of(const Error& error);

}  // namespace vpt
