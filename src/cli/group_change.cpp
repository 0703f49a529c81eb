#include "cli/group_change.hpp"

#include <iostream>

#include "cli/change_guard.hpp"
#include "cli/host_session.hpp"
#include "cli/output.hpp"
#include "cli/plan_view.hpp"
#include "core/group_planner.hpp"
#include "virt/nodedev_runner.hpp"

namespace vpt {
namespace {

void show_plan(const GlobalOptions& global, const Plan& plan, bool drivers_reported, const char* result) {
    if (global.json) {
        auto out = plan_json(plan);
        out["result"] = result;
        print_json(out);
    } else {
        print_plan_text(plan, drivers_reported);
    }
}

}  // namespace

void run_group_change(const GlobalOptions& global, const GroupChangeOptions& options,
                      Operation operation) {
    // The lock comes first, so the plan is made from a state no other vpt is changing.
    std::optional<ChangeGuard> guard;
    if (!options.dry_run) guard.emplace(global, options.wait_seconds, true);

    HostSession session(global, options.dry_run ? Access::read_only : Access::read_write);
    const PciDevice& device = session.device(options.device);
    Plan plan = operation == Operation::detach ? plan_group_detach(session.inventory(), device)
                                               : plan_group_reattach(session.inventory(), device);
    bool drivers = session.drivers_reported();

    if (options.dry_run) {
        show_plan(global, plan, drivers, "planned");
        if (!global.json) std::cout << "Dry run: nothing was changed.\n";
        return;
    }
    if (plan.change_count() == 0) {
        show_plan(global, plan, drivers, "nothing-to-do");
        if (!global.json) std::cout << "Nothing to do.\n";
        return;
    }
    if (!global.json) print_plan_text(plan, drivers);

    JournalRecord record = new_journal_record(plan, session.connection().uri());
    guard->journal().save(record);
    JournalObserver observer(guard->journal(), record);
    NodeDeviceRunner runner(session.connection());
    ExecutionReport report = execute_plan(plan, runner, &observer);
    if (report.completed || report.fully_restored()) guard->journal().remove();

    if (global.json) {
        auto out = plan_json(plan);
        add_report_json(out, plan, report);
        print_json(out);
    } else {
        print_report_text(plan, report);
    }
    if (report.completed) return;
    std::string what = std::string(operation_name(operation)) + " failed at " +
                       plan.steps[*report.failed_step].label + ": " + report.failure;
    if (report.done.empty()) throw refused(what + "; nothing was changed");
    if (report.fully_restored()) throw refused(what + "; every change was undone");
    throw refused(what + "; some changes could not be undone: run 'vpt recover'");
}

}  // namespace vpt
