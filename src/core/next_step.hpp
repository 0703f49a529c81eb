// What to run to make a group viable: from each reason a verdict gives, the
// next command with its real arguments, or, where no vpt command helps (a
// host bridge kept by the host), what can be done instead. Pure: the words
// are decided here, `vpt show` prints them as text and as JSON.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/viability.hpp"

namespace vpt {

struct NextStep {
    ReasonCode code;                     // the reason it answers
    std::optional<std::string> command;  // "vpt detach 0000:01:00.0"; none when no vpt command helps
    std::string text;                    // what the command does, or what can be done
    std::optional<std::string> guest;    // the guest an unassign step releases

    bool operator==(const NextStep&) const = default;
};

// The steps for `verdict` on `device`'s group, in the order to take them
// (guests release their devices before the group is detached), each once:
// one unassign per guest, as it takes the device's group companions along.
// Empty for a viable group.
std::vector<NextStep> next_steps(const GroupVerdict& verdict, const PciDevice& device);

}  // namespace vpt
