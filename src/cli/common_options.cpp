#include "cli/common_options.hpp"

#include <CLI/CLI.hpp>

namespace vpt {

CLI::Validator non_empty() {
    return CLI::Validator([](std::string& value) { return value.empty() ? std::string("empty value") : std::string(); },
                          "", "non-empty");
}

void add_wait_option(CLI::App& cmd, int& seconds) {
    cmd.add_option("--wait", seconds, "Seconds to wait for another vpt that is changing the host")
        ->capture_default_str()
        ->check(CLI::Range(0, 3600));
}

}  // namespace vpt
