// vpt reattach DEV: the device's whole IOMMU group back to host drivers.
#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/group_change.hpp"

namespace vpt {

void add_reattach_command(CLI::App& app, const GlobalOptions& global) {
    auto options = std::make_shared<GroupChangeOptions>();
    auto* cmd = app.add_subcommand("reattach", "Give DEV's whole IOMMU group back to its host drivers");
    cmd->add_option("DEV", options->device, device_help("Any endpoint of the group", "all matches must be of one group"))->required()->check(non_empty());
    cmd->add_flag("--dry-run", options->dry_run, "Print the plan and change nothing");
    cmd->add_flag("--persist", options->persist,
                  "Also remove the group's boot-time vfio-pci binding (and rebuild the initramfs if it held it)");
    add_wait_option(*cmd, options->wait_seconds);
    cmd->add_option("--root", options->root, "Write host files below DIR (tests)")->check(non_empty())->group("");
    cmd->footer("Refused while a running guest holds a member; a member in a shut-off guest's\n"
                "config is a warning (with managed='yes' libvirt takes it again at start).\n"
                "Examples:\n  vpt reattach 01:00.0 --dry-run\n  vpt reattach 01:00.0\n  vpt reattach 01:00.0 --persist");
    cmd->callback([&global, options] { run_group_change(global, *options, Operation::reattach); });
}

}  // namespace vpt
