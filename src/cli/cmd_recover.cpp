// vpt recover: finish or undo an operation a crashed vpt left in its journal.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/change_guard.hpp"
#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/output.hpp"
#include "cli/plan_view.hpp"
#include "ops/recovery.hpp"
#include "virt/connection.hpp"
#include "virt/nodedev_runner.hpp"

namespace vpt {
namespace {

struct RecoverOptions {
    bool complete = false;
    bool dry_run = false;
    int wait_seconds = 60;
};

nlohmann::ordered_json states_json(const JournalRecord& record) {
    auto states = nlohmann::ordered_json::array();
    for (size_t i = 0; i < record.plan.steps.size(); ++i)
        states.push_back({{"address", record.plan.steps[i].address.str()},
                          {"action", step_action_name(record.plan.steps[i].action)},
                          {"state", step_state_name(record.states[i])}});
    return states;
}

void print_states(const JournalRecord& record) {
    for (size_t i = 0; i < record.plan.steps.size(); ++i)
        std::cout << "  " << record.plan.steps[i].label << ": " << step_action_name(record.plan.steps[i].action)
                  << ", " << step_state_name(record.states[i]) << '\n';
}

void run_recover(const GlobalOptions& global, const RecoverOptions& options) {
    ChangeGuard guard(global, options.wait_seconds, false);
    if (!guard.journal().exists()) {
        if (global.json)
            print_json({{"result", "nothing-to-recover"}});
        else
            std::cout << "Nothing to recover: no unfinished operation.\n";
        return;
    }
    auto loaded = guard.journal().load();
    if (!loaded) throw refused(loaded.error() + "; inspect it and remove it by hand");
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
    if (!global.uri.empty() && global.uri != record.uri)
        throw bad_input("the unfinished operation was made through " + record.uri + ", not " + global.uri);
    Connection connection(record.uri, Access::read_write);
    NodeDeviceRunner runner(connection);
    JournalObserver observer(guard.journal(), record);
    RecoveryReport report = recover(record, mode, runner, observer);
    if (report.success()) guard.journal().remove();

    if (global.json) {
        print_json({{"result", report.success() ? "recovered" : "failed"},
                    {"mode", options.complete ? "complete" : "undo"},
                    {"steps", states_json(record)}});
    } else {
        print_states(record);
        std::cout << (report.success() ? "Recovered: the journal is cleared.\n"
                                       : "Recovery is incomplete: the journal is kept.\n");
    }
    if (!report.success()) throw refused("recovery did not finish; see the states above and run 'vpt recover' again");
}

}  // namespace

void add_recover_command(CLI::App& app, const GlobalOptions& global) {
    auto options = std::make_shared<RecoverOptions>();
    auto* cmd = app.add_subcommand(
        "recover", "Undo (default) or complete an operation an interrupted vpt left unfinished");
    cmd->add_flag("--complete", options->complete, "Run the remaining steps instead of undoing");
    cmd->add_flag("--dry-run", options->dry_run, "Show the unfinished operation and change nothing");
    add_wait_option(*cmd, options->wait_seconds);
    cmd->footer("The journal lives in the state directory (--state-dir, $VPT_STATE_DIR, /var/lib/vpt).");
    cmd->callback([&global, options] { run_recover(global, *options); });
}

}  // namespace vpt
