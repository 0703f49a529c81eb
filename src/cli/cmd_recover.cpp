// vpt recover: finish or undo an operation a crashed vpt left in its journal.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/audit_sink.hpp"
#include "cli/change_guard.hpp"
#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "core/text_list.hpp"
#include "host/change_runner.hpp"
#include "ops/recovery.hpp"
#include "view/json_output.hpp"
#include "view/plan_view.hpp"

namespace vpt {
namespace {

struct RecoverOptions {
    bool complete = false;
    bool dry_run = false;
    int wait_seconds = 60;
    int timeout_seconds = 30;  // for a hot-unplug to finish
    std::string root;          // hidden --root: sysfs below it (tests)
};

nlohmann::ordered_json states_json(const JournalRecord& record) {
    auto states = nlohmann::ordered_json::array();
    for (size_t i = 0; i < record.plan.steps.size(); ++i) {
        const Step& step = record.plan.steps[i];
        states.push_back({{"address", step.on_device() ? nlohmann::ordered_json(step.address.str()) : nullptr},
                          {"object", step.object.empty() ? nullptr : nlohmann::ordered_json(step.object)},
                          {"action", step_action_name(step.action)},
                          {"description", describe_step(step)},
                          {"state", step_state_name(record.states[i])}});
    }
    return states;
}

void print_states(const JournalRecord& record) {
    for (size_t i = 0; i < record.plan.steps.size(); ++i)
        if (record.plan.steps[i].changes())
            std::cout << "  " << describe_step(record.plan.steps[i]) << ": " << step_state_name(record.states[i])
                      << '\n';
}

// One line per step this recovery acted on.
void print_recovery(const JournalRecord& record, const RecoveryReport& report) {
    if (report.completion) {
        print_report_text(record.plan, *report.completion);
        return;
    }
    for (const auto& undo : report.undone)
        std::cout << "  " << (undo.kept ? "kept, not undone: " : undo.error ? "could NOT undo: " : "undone: ")
                  << describe_step(record.plan.steps[undo.index]) << (undo.error ? ": " + *undo.error : "") << '\n';
}

void run_recover(const GlobalOptions& global, const RecoverOptions& options) {
    // A dry run only reads: no state directory made, no lock taken.
    StateDir state_dir = resolve_state_dir(global.state_dir);
    Journal journal(state_dir.journal_file());
    std::optional<ChangeGuard> guard;
    if (!options.dry_run) guard.emplace(global, options.wait_seconds, false);
    if (!journal.exists()) {
        if (global.json)
            print_json({{"result", "nothing-to-recover"}});
        else
            std::cout << "Nothing to recover: no unfinished operation.\n";
        return;
    }
    auto loaded = journal.load();
    if (!loaded) throw refused(loaded.error());
    JournalRecord record = *loaded;
    RecoveryMode mode = options.complete ? RecoveryMode::complete : RecoveryMode::undo;
    auto pending = mode == RecoveryMode::undo ? steps_to_undo(record) : steps_to_complete(record);

    if (!global.json) {
        std::cout << "Found " << describe_unfinished(record) << ":\n";
        print_states(record);
        std::cout << (mode == RecoveryMode::undo ? "Undoing " : "Completing ") << pending.size()
                  << (pending.size() == 1 ? " step" : " steps") << ".\n";
    }
    if (options.dry_run) {
        if (global.json)
            print_json({{"result", "planned"}, {"mode", options.complete ? "complete" : "undo"},
                        {"steps", states_json(record)}});
        else
            std::cout << "Dry run: nothing was changed.\n";
        return;
    }
    // Only the user's own URI (or libvirt's default) is ever opened: a
    // journal must not choose what vpt connects to.
    Connection connection(global.uri, Access::read_write);
    if (connection.uri() != record.uri)
        throw refused("the unfinished operation was made through " + record.uri + ", not " + connection.uri() +
                      "; run '" + recover_command(global, record.uri, options.complete) + "'");
    ChangeRunner runner(connection, HostFs(options.root), std::chrono::seconds(options.timeout_seconds),
                        state_dir.path);
    JournalObserver journaled(journal, record, &runner.written());
    // The audit names the operation being recovered: "recover detach 0000:01:00.0".
    AuditTrail audit(open_audit_sink(), current_identity(), options.complete ? "recover-complete" : "recover",
                     std::string(operation_name(record.plan.operation)) + " " + record.plan.target, &record.plan);
    audit.begin(global.command_line, connection.uri());
    ObserverList observers({&journaled, &audit});
    RecoveryReport report = recover(record, mode, runner, observers);
    audit.end(report.success() ? "ok" : "failed");
    if (report.success()) journal.remove();

    if (global.json) {
        print_json({{"result", report.success() ? "recovered" : "failed"},
                    {"mode", options.complete ? "complete" : "undo"},
                    {"steps", states_json(record)}});
    } else {
        print_recovery(record, report);
        std::cout << (report.success() ? "Recovered: the journal is cleared.\n"
                                       : "Recovery is incomplete: the journal is kept.\n");
    }
    if (!report.success() && kept_any(report.undone))
        throw refused(join(still_in_guests(record.plan, report.undone)) +
                      " not released, so the group stays on vfio-pci and the journal is kept: run '" +
                      recover_command(global, global.uri, options.complete) +
                      "' again once the guest lets go (or is shut down)");
    if (!report.success())
        throw refused("recovery did not finish; see the states above, and once the cause is fixed run '" +
                      recover_command(global, global.uri, options.complete) + "' again");
}

}  // namespace

void add_recover_command(CLI::App& app, const GlobalOptions& global) {
    auto options = std::make_shared<RecoverOptions>();
    auto* cmd = app.add_subcommand(
        "recover", "Undo (default) or complete an operation an interrupted vpt left unfinished");
    cmd->add_flag("--complete", options->complete, "Run the remaining steps instead of undoing");
    cmd->add_flag("--dry-run", options->dry_run, "Show the unfinished operation and change nothing");
    cmd->add_option("--timeout", options->timeout_seconds, "Seconds to wait for a guest to release a device")
        ->capture_default_str()
        ->transform(decimal())
        ->check(CLI::Range(1, 600));
    add_wait_option(*cmd, options->wait_seconds);
    cmd->add_option("--root", options->root, "Read and write host files below DIR (tests)")
        ->check(non_empty())
        ->group("");
    cmd->footer("Works for every changing command: detach, reattach, assign, unassign, prepare, vfs, pool create\n"
                "and pool delete. It connects only to -c URI (or libvirt's default), and refuses a journal made\n"
                "through another URI, one it cannot read, or one not owned by the running user.\n"
                "The journal lives in the state directory (--state-dir, $VPT_STATE_DIR, /var/lib/vpt).");
    cmd->callback([&global, options] { run_recover(global, *options); });
}

}  // namespace vpt
