// vpt vfs PF [COUNT]: show a PF's SR-IOV virtual functions, or change how
// many it has (sriov_numvfs), wait until libvirt lists them, and restart
// the VF-pool networks built on the PF.
#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <chrono>
#include <iostream>

#include "cli/change_session.hpp"
#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/dependents_check.hpp"
#include "cli/table_options.hpp"
#include "cli/vfs_plan.hpp"
#include "core/command_text.hpp"
#include "view/json_output.hpp"
#include "view/plan_view.hpp"
#include "view/vfs_view.hpp"
#include "virt/network.hpp"
#include "virt/sriov_nodedevs.hpp"

namespace vpt {
namespace {

struct VfsOptions {
    std::string pf;
    int count = -1;          // -1: no COUNT given, only show
    bool persist = false;
    bool dry_run = false;
    bool force = false;      // past what depends on the VFs that disappear
    int timeout_seconds = 30;
    int wait_seconds = 60;   // for another vpt's lock
    std::string root;        // hidden --root: sysfs and /etc below DIR (tests)
    TableOptions table;      // the VF table, when only showing
};


// Why this connection cannot have its sysfs changed, or "" when it can.
std::string why_no_sysfs(const Connection& connection) {
    const HostLocality& locality = connection.locality();
    if (locality.test_driver()) return "libvirt's test driver has no host sysfs";
    if (!locality.local()) return "libvirt's host is not this machine (" + locality.reason + ")";
    return "";
}

Error cannot_change_here(const Connection& connection, const std::string& why) {
    return refused("cannot change VF counts through " + connection.uri() + ": " + why +
                   " (vpt vfs writes the host's sriov_numvfs, so it runs on the host itself)");
}


// Stopping a transient network deletes it: refused before anything changes.
void refuse_transient_pools(const Connection& connection, const VfsPlan& plan) {
    for (const auto& action : plan.pool_actions) {
        if (action.step == PoolStep::start || Network(connection, action.name).persistent()) continue;
        throw refused("network '" + action.name + "' hands out VFs of this PF and must be " +
                      (action.step == PoolStep::restart ? "restarted" : "stopped") +
                      ", but it is transient: stopping it would delete it (make it persistent first: "
                      "'" + command_text({"virsh", "net-dumpxml", action.name}) + " > net.xml && virsh net-define net.xml')");
    }
}

// A warning when the boot-time rule will set another count than this change.
void warn_vfs_persisted_mismatch(const VfsView& view, const VfsPlan& plan) {
    if (plan.persist != PersistAction::none || !view.persisted_count || *view.persisted_count == plan.to) return;
    spdlog::warn("{} still sets {} VFs at boot; add --persist to change it",
                 persist_rule_path(view.pf->address).string(), *view.persisted_count);
}

void run_vfs(const GlobalOptions& global, const VfsOptions& options) {
    bool changing = options.count >= 0;
    TableLayout layout = table_layout(options.table, vf_columns());
    if (options.persist && !changing) throw bad_input("--persist needs COUNT (0 removes the boot-time setting)");

    // A real change first checks that this host's sysfs is the connection's,
    // then takes the lock, then reads the state it plans from.
    bool real_change = changing && !options.dry_run;
    if (real_change && options.root.empty()) {
        Connection probe(global.uri, Access::read_only);
        if (auto why = why_no_sysfs(probe); !why.empty()) throw cannot_change_here(probe, why);
    }
    ChangeSession change(global, !real_change, options.wait_seconds, changing);
    const HostSession& session = change.host();
    const Connection& connection = session.connection();
    const PciDevice& pf = session.pf(options.pf);
    require_sriov_pf(pf);

    std::string sysfs_missing = options.root.empty() ? why_no_sysfs(connection) : "";
    if (changing && !sysfs_missing.empty()) throw cannot_change_here(connection, sysfs_missing);
    HostFs fs(options.root);
    std::optional<SriovState> sysfs;
    std::map<PciAddress, std::optional<std::string>> sysfs_drivers;
    std::optional<int> persisted;
    if (sysfs_missing.empty()) {
        auto state = read_sriov_state(fs, pf.address);
        if (!state) {
            if (changing) throw refused(state.error());
            spdlog::warn("{}; showing what libvirt reports", state.error());
            sysfs_missing = "its sysfs entry is unreadable";
        } else {
            sysfs = *state;
            std::vector<PciAddress> vfs = state->vfs;
            if (pf.sriov) vfs.insert(vfs.end(), pf.sriov->vfs.begin(), pf.sriov->vfs.end());
            for (const auto& vf : vfs)
                if (fs.exists(pci_device_dir(vf))) sysfs_drivers[vf] = sysfs_driver(fs, vf);
            persisted = read_persisted_count(fs, pf.address);
        }
    }
    VfsView view = build_vfs_view(session.state(), pf, sysfs, session.state().net_children(), sysfs_drivers, persisted);

    if (!changing) {
        if (global.json) {
            auto out = vfs_view_json(view, std::nullopt);
            add_vfs_report_json(out, VfsReport{{}, {}, std::nullopt, "", "shown", std::nullopt, nullptr});
            print_json(out);
        } else {
            print_vfs_view(view, sysfs_missing, layout);
        }
        return;
    }

    if (sysfs && !sysfs->driver && options.count != sysfs->current_vfs)
        throw refused(pf.address.str() + " has no host driver bound: the kernel creates VFs only through the "
                                         "physical function's driver");
    VfsPlan plan = plan_vfs_change(view, session.state(), options.count, options.persist);
    // Every VF there is now disappears, for good or (through 0) for a moment:
    // the guests, pools and host uses built on them are in the way.
    Dependents dependents;
    if (plan.changes_count())
        dependents = check_vf_dependents(session, Loss::remove_vfs, {{pf.address, plan.removed}}, options.root);
    if (plan.changes_count()) refuse_transient_pools(connection, plan);
    warn_vfs_persisted_mismatch(view, plan);

    Plan steps = vfs_change_steps(view, plan);
    add_dependents(steps, dependents, options.force);
    bool refuses = !steps.refusals.empty();
    // A real run that is refused prints only the refusal; a dry run shows
    // the plan first, then refuses as the real run would.
    if (refuses && !options.dry_run) throw refused(steps.refusals.front());
    auto dependents_out = dependents_json(dependents, options.force);
    if (options.dry_run || !plan.changes_anything()) {
        VfsReport report;
        report.writes = plan.writes;
        report.pools = plan.pool_actions;
        if (plan.persist != PersistAction::none) {
            report.persisted_file = plan.persist_file;
            bool exists = fs.exists(plan.persist_file);
            report.persist_action = plan.persist == PersistAction::write ? "written" : exists ? "removed" : "absent";
        }
        report.result = refuses ? "refused" : options.dry_run ? "planned" : "nothing-to-do";
        report.refusals = steps.refusals;
        report.dependents = dependents_out;
        if (global.json) {
            auto out = vfs_view_json(view, options.count);
            report.steps = plan_json(steps)["steps"];
            add_vfs_report_json(out, report);
            print_json(out);
        } else {
            print_vfs_plan(view, plan, options.timeout_seconds);
            if (options.dry_run) print_plan_text(steps, true);
            for (const auto& refusal : steps.refusals) std::cout << "  refused: " << refusal << '\n';
            if (!refuses) std::cout << (options.dry_run ? "Dry run: nothing was changed.\n" : "Nothing to do.\n");
        }
        if (refuses) throw refused(steps.refusals.front());
        return;
    }

    for (const auto& warning : steps.warnings) spdlog::warn("{}", warning);
    ExecutionReport run = change.execute(steps, options.root);
    VfsReport report;
    report.steps = plan_json(steps)["steps"];
    report.dependents = dependents_out;
    for (size_t i : run.done) {
        const Step& step = steps.steps[i];
        if (step.action == StepAction::write_vf_count) report.writes.push_back({sriov_numvfs_path(pf.address), step.count});
        if (step.action == StepAction::set_boot_vf_count) {
            report.persisted_file = plan.persist_file;
            report.persist_action = step.count ? "written" : view.persisted_count ? "removed" : "absent";
        }
    }
    if (!run.completed) {
        report.result = "failed";
        print_vfs_result(global.json, view, plan, report, options.timeout_seconds);
        fail_unless_completed(global, steps, run);
    }
    report.pools = plan.pool_actions;

    std::string wait_failure;
    if (plan.changes_count() && options.timeout_seconds > 0) {
        try {
            report.wait = wait_for_listed_vfs(connection, pf.name, plan.to, plan.removed,
                                              std::chrono::seconds(options.timeout_seconds));
        } catch (const Error& error) {
            wait_failure = error.what();
            report.wait = VfWait{};
        }
    }

    bool timed_out = report.wait && !report.wait->confirmed;
    if (timed_out) report.result = "timed-out";
    else if (plan.changes_count() && !report.wait) report.result = "not-confirmed";
    else report.result = "changed";
    print_vfs_result(global.json, view, plan, report, options.timeout_seconds);

    std::string done = pf.address.str() + " now has " + vfs_word(plan.to);
    if (!wait_failure.empty()) throw refused(done + " in sysfs, but libvirt could not be asked for them: " + wait_failure);
    if (timed_out)
        throw refused(done + " in sysfs, but libvirt did not list exactly those within " +
                      std::to_string(options.timeout_seconds) +
                      " s; guests cannot use new VFs until it does (see 'virsh nodedev-list --cap pci')");
    if (!global.json)
        std::cout << (report.result == "changed" ? "Done: " : "Done, not confirmed: ") << done << ".\n";
}

}  // namespace

void add_vfs_command(CLI::App& app, const GlobalOptions& global) {
    auto options = std::make_shared<VfsOptions>();
    auto* cmd = app.add_subcommand("vfs", "Show or change the SR-IOV virtual functions of a physical function");
    cmd->add_option("PF", options->pf, device_help("The physical function", "or its network interface, such as enp3s0f0; it must match one"))
        ->required()
        ->check(non_empty());
    cmd->add_option("COUNT", options->count, "How many VFs it should have (0 removes them all)")
        ->transform(decimal())->check(CLI::Range(0, 65535));
    cmd->add_flag("--persist", options->persist,
                  "Keep COUNT across reboots with a udev rule (/etc/udev/rules.d/70-vpt-sriov-PF.rules); "
                  "with COUNT 0, remove that rule");
    cmd->add_flag("--dry-run", options->dry_run, "Print the plan and change nothing");
    cmd->add_flag("--force", options->force,
                  "Change the count even when guests, pools or the host use the VFs that disappear");
    cmd->add_option("--timeout", options->timeout_seconds,
                    "Seconds to wait for libvirt to list the new VFs (0: do not wait)")
        ->capture_default_str()
        ->transform(decimal())->check(CLI::Range(0, 3600));
    add_wait_option(*cmd, options->wait_seconds);
    cmd->add_option("--root", options->root, "Read and write host files below DIR (tests)")
        ->check(non_empty())
        ->group("");
    add_table_options(cmd, options->table, vf_columns());
    cmd->footer(
        "Without COUNT: the PF's VF counts and each VF's driver, MAC, holder and pool.\n"
        "With COUNT: writes sriov_numvfs (a non-zero count changes only through 0, which\n"
        "removes every VF for a moment), waits until libvirt lists the VFs, then restarts\n"
        "the VF-pool networks built on the PF. Refused, unless --force, while a guest holds\n"
        "a VF that disappears, uses a pool that hands them out, or the host uses one's network\n"
        "interface (an address, a route, a bond or bridge port); the refusal names each and\n"
        "the command that releases it.\n"
        "Needs the host itself: refused through a remote URI.\n"
        "Examples:\n  vpt vfs 03:00.0\n  vpt vfs 03:00.0 4 --dry-run\n  vpt vfs 03:00.0 4 --persist");
    cmd->callback([&global, options] { run_vfs(global, *options); });
}

}  // namespace vpt
