#include "core/host_outcome.hpp"

#include <algorithm>

namespace vpt {

ExitCode exit_code_of(const std::vector<HostOutcome>& outcomes) {
    auto count = [&](HostOutcome outcome) { return std::count(outcomes.begin(), outcomes.end(), outcome); };
    if (outcomes.empty()) return ExitCode::ok;
    if (count(HostOutcome::unreachable) == long(outcomes.size())) return ExitCode::no_connect;
    if (count(HostOutcome::unreachable) || count(HostOutcome::failed) || !count(HostOutcome::done))
        return ExitCode::failed;
    return ExitCode::ok;
}

HostOutcome outcome_of(const Error& error) {
    switch (error.code()) {
    case ExitCode::no_connect: return HostOutcome::unreachable;
    case ExitCode::bad_input: return HostOutcome::lacking;  // an unknown device there
    default: return HostOutcome::failed;
    }
}

}  // namespace vpt
