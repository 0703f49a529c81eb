#include "cli/common_options.hpp"

#include <CLI/CLI.hpp>

namespace vpt {

void add_wait_option(CLI::App& cmd, int& seconds) {
    cmd.add_option("--wait", seconds, "Seconds to wait for another vpt that is changing the host")
        ->capture_default_str()
        ->check(CLI::Range(0, 3600));
}

}  // namespace vpt
