// vpt pool create|list|show|delete: SR-IOV VF-pool networks.
#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/pool_commands.hpp"
#include "cli/table_options.hpp"
#include "view/pool_view.hpp"

namespace vpt {

void add_pool_command(CLI::App& app, const GlobalOptions& global) {
    auto* pool = app.add_subcommand("pool", "SR-IOV VF-pool networks (<forward mode='hostdev'>)");
    pool->require_subcommand(1);

    auto create = std::make_shared<PoolCreateOptions>();
    auto* cmd = pool->add_subcommand("create", "Define, autostart and start a VF-pool network, all or nothing");
    cmd->add_option("NAME", create->name, "The network's name")->required()->check(non_empty());
    auto* pf = cmd->add_option("--pf", create->pf, "Every VF of the PF with this interface (e.g. enp3s0f0)")
                   ->check(non_empty());
    cmd->add_option("--vf", create->vfs, "Or these VFs (repeatable; a slot or vendor:device adds every match)")->check(non_empty())->excludes(pf);
    cmd->add_option("--vlan", create->vlan, "VLAN tag set on every VF handed out (1-4094)")
        ->transform(decimal())
        ->check(CLI::Range(1u, 4094u));
    cmd->add_flag("--no-autostart", create->no_autostart, "Do not start the network at boot");
    cmd->add_flag("--dry-run", create->dry_run, "Print the network XML; change nothing");
    add_wait_option(*cmd, create->wait_seconds);
    cmd->footer("Examples:\n  vpt pool create sriov-pool --pf enp3s0f0\n  vpt pool create db-vfs --vf 03:10.0 --vf 03:10.2");
    cmd->callback([&global, create] { run_pool_create(global, *create); });

    auto list_table = std::make_shared<TableOptions>();
    auto* list = pool->add_subcommand("list", "Every VF-pool network, its source and who uses it");
    add_table_options(list, *list_table, pool_list_columns());
    list->callback([&global, list_table] {
        run_pool_list(global, table_layout(*list_table, pool_list_columns()));
    });

    auto show_name = std::make_shared<std::string>();
    auto* show = pool->add_subcommand("show", "One pool: each VF, free or held by which guest");
    show->add_option("POOL", *show_name, "The pool network")->required()->check(non_empty());
    show->callback([&global, show_name] { run_pool_show(global, *show_name); });

    auto remove = std::make_shared<PoolDeleteOptions>();
    auto* del = pool->add_subcommand("delete", "Stop and undefine a pool network no guest uses");
    del->add_option("POOL", remove->name, "The pool network")->required()->check(non_empty());
    del->add_flag("--dry-run", remove->dry_run, "Say what would happen; change nothing");
    del->add_flag("--force", remove->force,
                  "Delete it even while guests use it (their interfaces on it are left without a network)");
    add_wait_option(*del, remove->wait_seconds);
    del->footer("Refused, unless --force, while a guest (running or in its config) has an interface on it:\n"
                "the refusal names each, with the VF it holds, and the command that takes it off.");
    del->callback([&global, remove] { run_pool_delete(global, *remove); });
}

}  // namespace vpt
