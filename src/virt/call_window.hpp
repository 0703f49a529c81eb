// Runs many independent libvirt calls with a window of them in flight:
// worker threads share the one connection, whose RPC client multiplexes
// their calls, so a round trip is paid once per window rather than per call.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

namespace vpt {

// Runs every call, at most `window` at a time (the calling thread is one of
// the workers; 0 or 1: one after the other on it). Each call writes its
// result to a place of its own, so results keep the calls' order whatever
// order they finish in. When calls throw, no new call starts, the running
// ones finish, and the exception of the first failed call (in the calls'
// order) is rethrown here as it was thrown: a libvirt error, which libvirt
// keeps per thread, must be read into the exception by the call itself, on
// its worker.
void run_in_window(const std::vector<std::function<void()>>& calls, std::size_t window);

}  // namespace vpt
