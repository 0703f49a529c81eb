// When a guest's or network's config changed under a write (compare before
// write), both copies are kept, so neither the change made meanwhile nor
// what vpt read is lost: two files in the state directory, named in the one
// error line that refuses the step.
#pragma once

#include <filesystem>
#include <string>

#include "virt/config_guard.hpp"

namespace vpt {

// Writes what vpt read and what is there now (mode 0600) into `dir` as
// KIND-NAME-TIME-PID.read.xml and .now.xml (a side that does not exist is
// not written), and returns the refusal's line: what changed, and where the
// copies are (or why they could not be kept).
std::string keep_changed_config(const std::filesystem::path& dir, const ConfigChanged& changed);

}  // namespace vpt
