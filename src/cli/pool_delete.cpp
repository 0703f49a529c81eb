// vpt pool delete POOL: stop and undefine a VF-pool network, refused while
// guests use it unless forced.
#include <iostream>

#include "cli/change_session.hpp"
#include "cli/dependents_check.hpp"
#include "cli/pool_commands.hpp"
#include "plan/pool_planner.hpp"
#include "virt/network.hpp"

namespace vpt {

void run_pool_delete(const GlobalOptions& global, const PoolDeleteOptions& options) {
    ChangeSession change(global, options.dry_run, options.wait_seconds);
    const HostSession& session = change.host();
    const std::string& name = options.name;
    std::string xml = session.state().pool(name) ? Network(session.connection(), name).config_xml() : "";
    Plan plan = plan_pool_delete(session.state(), name, xml);
    Dependents dependents = pool_dependents(session.state(), name);
    add_dependents(plan, dependents, options.force);
    nlohmann::ordered_json out = {{"pool", name}, {"dependents", dependents_json(dependents, options.force)}};
    auto report = show_and_run(change, global, plan, out, {},
                               [&] { std::cout << "Delete pool network '" << name << "':\n"; });
    finish_plan(global, plan, report, out);
}

}  // namespace vpt
