#include "cli/group_change.hpp"

#include <spdlog/spdlog.h>

#include <iostream>

#include "cli/change_guard.hpp"
#include "cli/host_session.hpp"
#include "cli/host_use_check.hpp"
#include "cli/output.hpp"
#include "cli/plan_view.hpp"
#include "core/group_planner.hpp"
#include "virt/nodedev_runner.hpp"

namespace vpt {
namespace {

void add_host_use_json(nlohmann::ordered_json& out, const std::optional<HostUseVerdict>& verdict) {
    if (!verdict) return;
    auto uses = nlohmann::ordered_json::array();
    for (const auto& use : verdict->uses) uses.push_back({{"address", use.address.str()}, {"reason", use.reason}});
    out["host_use"] = {{"checked", verdict->checked},
                       {"why_unchecked", verdict->checked ? nullptr : nlohmann::ordered_json(verdict->why_unchecked)},
                       {"uses", uses},
                       {"force_needed", verdict->needs_force()}};
}

void show_plan(const GlobalOptions& global, const Plan& plan, bool drivers_reported,
               const std::optional<HostUseVerdict>& host_use, const char* result) {
    if (global.json) {
        auto out = plan_json(plan);
        add_host_use_json(out, host_use);
        out["result"] = result;
        print_json(out);
        return;
    }
    print_plan_text(plan, drivers_reported);
    if (host_use && host_use->needs_force()) std::cout << "  guard: " << host_use->refusal() << '\n';
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
    std::optional<HostUseVerdict> host_use;
    if (operation == Operation::detach && plan.change_count() > 0)
        host_use = check_host_use(session, plan, options.root);

    if (options.dry_run) {
        show_plan(global, plan, drivers, host_use, "planned");
        if (!global.json) std::cout << "Dry run: nothing was changed.\n";
        return;
    }
    if (plan.change_count() == 0) {
        show_plan(global, plan, drivers, host_use, "nothing-to-do");
        if (!global.json) std::cout << "Nothing to do.\n";
        return;
    }
    if (host_use && host_use->needs_force()) {
        if (!options.force) throw refused(host_use->refusal());
        spdlog::warn("--force: {}", host_use->summary());
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
        add_host_use_json(out, host_use);
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
