// Running work that may hang in the kernel under a deadline. A read of a
// PCI device's config space can block uninterruptibly (a device held for a
// reset that never ends): a thread stuck there would keep this process
// from exiting, so the work runs in a child process that this one can
// leave behind.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "core/result.hpp"

namespace vpt {

// Runs `work` in a forked child and returns the text it returned, or a
// Failure when it did not finish within `deadline` ("did not finish within
// 5 s") or failed (threw, or the child died). A late child is killed and
// not waited for. The child's standard input, output and error are
// /dev/null: one left behind must not hold the pipes of whoever waits for
// this process (libvirt reads a hook's output to its end). Call it from a
// single-threaded process: the child runs `work` after fork().
Result<std::string> run_with_deadline(const std::function<std::string()>& work, std::chrono::milliseconds deadline);

}  // namespace vpt
