// How the verdict on a guest's identity record is worded, for `vpt verify`,
// `vpt check --guest` and the libvirt hook: one line, or JSON. Formatting
// only: the verdicts and the commands that follow them are the caller's.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/identity_verdict.hpp"

namespace vpt {

// One line: the device's address and what was found there.
std::string verdict_finding(const IdentityVerdict& verdict);

// The JSON of one verdict (man vpt, verify); `commands`: those that follow
// the device where it moved.
nlohmann::ordered_json verdict_json(const std::string& guest, const IdentityVerdict& verdict,
                                    const std::vector<std::string>& commands);

// The verdicts not ok, as one line ("guest 'g' 0000:01:00.0 drift: ...",
// the first three, then how many more).
std::string problems_line(const std::vector<GuestVerdicts>& guests);

}  // namespace vpt
