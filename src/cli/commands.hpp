// One registration function per subcommand; each lives in its cmd_*.cpp.
#pragma once

#include "cli/options.hpp"

namespace CLI {
class App;
}

namespace vpt {

void add_check_command(CLI::App& app, const GlobalOptions& global);
void add_list_command(CLI::App& app, const GlobalOptions& global);
void add_show_command(CLI::App& app, const GlobalOptions& global);
void add_assign_command(CLI::App& app, const GlobalOptions& global);
void add_detach_command(CLI::App& app, const GlobalOptions& global);
void add_reattach_command(CLI::App& app, const GlobalOptions& global);
void add_reset_command(CLI::App& app, const GlobalOptions& global);
void add_unassign_command(CLI::App& app, const GlobalOptions& global);
void add_pool_command(CLI::App& app, const GlobalOptions& global);
void add_prepare_command(CLI::App& app, const GlobalOptions& global);
void add_recover_command(CLI::App& app, const GlobalOptions& global);
void add_verify_command(CLI::App& app, const GlobalOptions& global);
void add_vfs_command(CLI::App& app, const GlobalOptions& global);
void add_xml_command(CLI::App& app, const GlobalOptions& global);
void add_topo_command(CLI::App& app, const GlobalOptions& global);
// Hidden: the completion scripts and the values they offer.
void add_completion_command(CLI::App& app, const GlobalOptions& global);

}  // namespace vpt
