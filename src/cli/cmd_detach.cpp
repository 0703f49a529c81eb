// vpt detach DEV: the device's whole IOMMU group to vfio-pci.
#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/group_change.hpp"

namespace vpt {

void add_detach_command(CLI::App& app, const GlobalOptions& global) {
    auto options = std::make_shared<GroupChangeOptions>();
    auto* cmd = app.add_subcommand(
        "detach", "Detach DEV's whole IOMMU group from host drivers to vfio-pci, all or nothing");
    cmd->add_option("DEV", options->device, device_help("Any endpoint of the group", "all matches must be of one group"))
        ->required()
        ->check(non_empty());
    cmd->add_flag("--dry-run", options->dry_run, "Print the plan and change nothing");
    cmd->add_flag("--force", options->force,
                  "Detach even a device the host depends on (root disk, default-route NIC, boot GPU), or a PF "
                  "whose VFs guests, pools or the host use");
    auto* persist = cmd->add_flag(
        "--persist", options->persist,
        "Also bind every endpoint to vfio-pci from boot on (driverctl's files, modprobe.d, the initramfs)");
    auto* force = cmd->get_option("--force");
    cmd->add_flag("--force-boot", options->force_boot,
                  "With --persist --force: bind at boot even a device the host boots from or is reached through")
        ->needs(persist)
        ->needs(force);
    add_wait_option(*cmd, options->wait_seconds);
    cmd->add_option("--root", options->root, "Read host files below DIR (tests)")->check(non_empty())->group("");
    cmd->footer(
        "Bridges and root ports are left alone; members already on vfio-pci are skipped.\n"
        "If any member fails, the members this run detached are reattached in reverse order.\n"
        "Refused without --force when the host depends on a member (a mounted disk, swap,\n"
        "LVM/md, a NIC with an address or the default route or in a bridge/bond, the boot\n"
        "GPU), or when that cannot be checked (a remote host); and when a member is an SR-IOV PF\n"
        "whose VFs a guest holds, a pool a guest uses hands out, or the host uses: its VFs vanish\n"
        "with it. The refusal names each and the command that releases it.\n"
        "--persist writes /etc/driverctl.d/pci-ADDR (driverctl's format: `driverctl list-overrides`\n"
        "shows it) and /etc/modprobe.d/vpt-vfio-ADDR.conf, which stops the host drivers from\n"
        "claiming the device at boot; when a driver loads from the initramfs, the initramfs is\n"
        "rebuilt too. The host-use guard then holds even against --force: only --force-boot\n"
        "binds a device the host boots from or is reached through.\n"
        "Examples:\n  vpt detach 01:00.0 --dry-run\n  vpt detach 01:00.0\n  vpt detach 01:00.0 --persist");
    cmd->callback([&global, options] { run_group_change(global, *options, Operation::detach); });
}

}  // namespace vpt
