#include "cli/change_session.hpp"

#include <spdlog/spdlog.h>

#include <iostream>

#include "cli/audit_sink.hpp"
#include "core/text_list.hpp"
#include "host/change_runner.hpp"
#include "view/json_output.hpp"
#include "view/plan_view.hpp"

namespace vpt {

ChangeSession::ChangeSession(const GlobalOptions& global, bool dry_run, int wait_seconds, bool planning)
    : command_line_(global.command_line) {
    if (!dry_run) guard_.emplace(global, wait_seconds, true);
    else if (planning) refuse_if_unfinished(global);
    host_.emplace(global, dry_run ? Access::read_only : Access::read_write);
}

ExecutionReport ChangeSession::execute(const Plan& plan, const std::string& root,
                                       std::chrono::seconds unplug_timeout) const {
    JournalRecord record = new_journal_record(plan, connection().uri());
    guard_->journal().save(record);
    ChangeRunner runner(connection(), HostFs(root), unplug_timeout, guard_->state_dir().path);
    runner.expect(plan);
    JournalObserver journal(guard_->journal(), record, &runner.written());
    AuditTrail audit(open_audit_sink(), current_identity(), operation_name(plan.operation), plan.target, &plan);
    audit.begin(command_line_, connection().uri());
    ObserverList observers({&journal, &audit});
    ExecutionReport report;
    try {
        report = execute_plan(plan, runner, &observers);
    } catch (const std::exception& e) {  // the journal could not be written: vpt recover may be needed
        audit.end("failed", e.what());
        throw;
    }
    audit.end(audit_outcome(report), report.failure);
    if (report.completed || report.fully_restored()) guard_->journal().remove();
    return report;
}

std::optional<ExecutionReport> show_and_run(const ChangeSession& change, const GlobalOptions& global,
                                            const Plan& plan, nlohmann::ordered_json& out,
                                            const RunOptions& options, const std::function<void()>& header) {
    bool nothing = plan.change_count() == 0;
    bool refuses = !plan.refusals.empty() && !options.force && !nothing;
    bool dry_run = change.dry_run();
    // A real run that is refused prints only the refusal; a dry run shows
    // the plan first, then refuses as the real run would.
    if (refuses && !dry_run) throw refused(plan.refusals.front());
    if (global.json) {
        out.update(plan_json(plan));
        out["refusals"] = plan.refusals;
    } else {
        if (header) header();
        print_plan_text(plan, change.host().drivers_reported());
        for (const auto& refusal : plan.refusals)
            std::cout << "  " << (options.force ? "forced past: " : "refused: ") << refusal << '\n';
    }
    if (refuses) {
        if (global.json) {
            out["result"] = "refused";
            print_json(out);
        }
        throw refused(plan.refusals.front());
    }
    if (dry_run || nothing) {
        if (global.json) out["result"] = dry_run ? "planned" : "nothing-to-do";
        else std::cout << (dry_run ? "Dry run: nothing was changed.\n" : "Nothing to do.\n");
        return std::nullopt;
    }
    if (!plan.refusals.empty()) spdlog::warn("--force: {}", join(plan.refusals, "; "));
    ExecutionReport report = change.execute(plan, options.root, options.unplug_timeout);
    if (global.json) add_report_json(out, plan, report);
    else print_report_text(plan, report);
    return report;
}

void finish_plan(const GlobalOptions& global, const Plan& plan, const std::optional<ExecutionReport>& report,
                 const nlohmann::ordered_json& out) {
    if (global.json) print_json(out);
    if (report) fail_unless_completed(global, plan, *report);
}

void fail_unless_completed(const GlobalOptions& global, const Plan& plan, const ExecutionReport& report) {
    if (report.completed) return;
    std::string what = std::string(operation_name(plan.operation)) + " of " + plan.target + " failed at '" +
                       describe_step(plan.steps[*report.failed_step]) + "': " + report.failure;
    if (report.done.empty()) throw refused(what + "; nothing was changed");
    if (report.fully_restored()) throw refused(what + "; every change was undone");
    if (kept_any(report.undone))
        throw refused(what + "; " + join(still_in_guests(plan, report.undone)) +
                      " not released, so the group stays on vfio-pci: run '" + recover_command(global, global.uri) +
                      "' once the guest lets go (or is shut down)");
    throw refused(what + "; some changes could not be undone: run '" + recover_command(global, global.uri) + "'");
}

}  // namespace vpt
