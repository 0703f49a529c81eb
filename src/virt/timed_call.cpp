#include "virt/timed_call.hpp"

#include <spdlog/spdlog.h>

#include <exception>

#include "core/text_escape.hpp"

namespace vpt {
namespace {

constexpr size_t line_limit = 300;  // a guest name or a path is short; a flood is not

}  // namespace

TimedCall::TimedCall(std::string what)
    : what_(std::move(what)), exceptions_(std::uncaught_exceptions()), start_(std::chrono::steady_clock::now()) {}

TimedCall::~TimedCall() {
    if (!spdlog::should_log(spdlog::level::debug)) return;
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start_);
    bool failed = failed_ || std::uncaught_exceptions() > exceptions_;
    try {
        spdlog::debug("{}", timed_call_line(what_, ms.count(), failed, outcome_));
    } catch (...) {  // a log line is never worth terminating for
    }
}

std::string timed_call_line(const std::string& what, long long ms, bool failed, const std::string& outcome) {
    std::string line = what + (failed ? " failed after " : " ") + std::to_string(ms) + " ms";
    if (!failed && !outcome.empty()) line += ": " + outcome;
    return one_line(line, line_limit);
}

}  // namespace vpt
