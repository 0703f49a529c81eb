// What vpt does to the host, said under -v: a scope that changes something
// (a libvirt call, a sysfs or /etc write, a program run) or waits for
// something, logged at debug level when it ends, with how long it took:
//   vpt: debug: virDomainDetachDeviceFlags web (live) 12 ms
// It lives here, the lowest layer that logs, so virt and host share it.
#pragma once

#include <chrono>
#include <string>

namespace vpt {

class TimedCall {
public:
    // `what` names the call and its object; it may quote user or libvirt
    // text, so it is escaped onto one line when logged.
    explicit TimedCall(std::string what);
    ~TimedCall();
    TimedCall(const TimedCall&) = delete;
    TimedCall& operator=(const TimedCall&) = delete;

    // Said after the duration ("exit 0", "released"): how it ended.
    void outcome(std::string text) { outcome_ = std::move(text); }
    // Names the call anew, once what it acted on is known.
    void rename(std::string what) { what_ = std::move(what); }
    // For a call that reports failure by value rather than by throwing.
    void failed() { failed_ = true; }

private:
    std::string what_;
    std::string outcome_;
    bool failed_ = false;
    int exceptions_;  // in flight when it began: one more at the end means it threw
    std::chrono::steady_clock::time_point start_;
};

// Runs `call` (returning a Result or anything that converts to bool) as a
// TimedCall; a false result counts as failed.
template <typename Call>
auto timed(std::string what, Call&& call) {
    TimedCall timer(std::move(what));
    auto result = call();
    if (!result) timer.failed();
    return result;
}

// The line TimedCall logs: "what 12 ms", "what 12 ms: outcome",
// "what failed after 12 ms".
std::string timed_call_line(const std::string& what, long long ms, bool failed, const std::string& outcome);

}  // namespace vpt
