// libvirt's CPU and NUMA-node lists ("0-3,8,^2"), as <vcpu cpuset>,
// <vcpupin cpuset> and <numatune><memory nodeset> write them.
#pragma once

#include <set>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace vpt {

using CpuSet = std::set<unsigned>;

// Parses "0-3,8,^2": numbers and ranges joined by commas; "^N" takes N out
// again. Spaces around items are allowed; anything else is a Failure.
Result<CpuSet> parse_cpuset(std::string_view text);

// The compact form: {0,1,2,3,8} -> "0-3,8".
std::string format_cpuset(const CpuSet& set);

}  // namespace vpt
