// One registration function per subcommand; each lives in its cmd_*.cpp.
#pragma once

#include "cli/options.hpp"

namespace CLI {
class App;
}

namespace vpt {

void add_list_command(CLI::App& app, const GlobalOptions& global);
void add_show_command(CLI::App& app, const GlobalOptions& global);

}  // namespace vpt
