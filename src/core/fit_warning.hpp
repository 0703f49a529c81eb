// A way a device and a guest fit together badly that does not stop the
// assignment: the user is told what to change, with the command to do it.
#pragma once

#include <string>

namespace vpt {

struct FitWarning {
    std::string code;    // "numa-mismatch", "mmio64-window", "memlock-limit"
    std::string device;  // the PCI address it concerns; empty when the guest as a whole
    std::string text;    // one line: what is wrong and the command that fixes it
};

}  // namespace vpt
