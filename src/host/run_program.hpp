// Runs a host program (update-initramfs, lsinitramfs, dracut) without a
// shell: the arguments are passed as they are, never interpreted.
#pragma once

#include <string>
#include <vector>

namespace vpt {

struct ProgramOutput {
    int status = -1;     // the exit status; -1 when it could not run or was killed
    std::string output;  // what it printed, stdout and stderr together
    std::string error;   // why it could not run, if so
    bool succeeded() const { return status == 0; }
    // One line for a message: the error, or the last line it printed.
    std::string last_line() const;
};

// argv[0] is a full path. Waits until the program ends.
ProgramOutput run_program(const std::vector<std::string>& argv);

}  // namespace vpt
