#include "cli/group_change.hpp"

#include <iostream>

#include "cli/change_session.hpp"
#include "cli/host_use_check.hpp"
#include "core/group_planner.hpp"

namespace vpt {

void run_group_change(const GlobalOptions& global, const GroupChangeOptions& options,
                      Operation operation) {
    ChangeSession change(global, options.dry_run, options.wait_seconds);
    const HostSession& session = change.host();
    // Several matches are fine when they name one group: the plan is the group's.
    const PciDevice& device = *session.group(options.device).front();
    Plan plan = operation == Operation::detach ? plan_group_detach(session.inventory(), device)
                                               : plan_group_reattach(session.inventory(), device);
    nlohmann::ordered_json out;
    if (operation == Operation::detach && plan.change_count() > 0) {
        HostUseVerdict host_use = check_host_use(session, changed_devices(plan), options.root);
        if (host_use.needs_force()) plan.refusals.push_back(host_use.refusal());
        out["host_use"] = host_use_json(host_use);
    }
    auto report = show_and_run(change, global, plan, out, {options.force, options.root});
    if (report && report->completed && !global.json)
        std::cout << (operation == Operation::detach ? "Done: every endpoint of the group is on vfio-pci.\n"
                                                     : "Done: the group is back with the host.\n");
    finish_plan(global, plan, report, out);
}

}  // namespace vpt
