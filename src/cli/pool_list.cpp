// vpt pool list: every VF-pool network of the host.
#include "cli/host_session.hpp"
#include "cli/pool_commands.hpp"
#include "view/json_output.hpp"
#include "view/pool_view.hpp"

namespace vpt {

void run_pool_list(const GlobalOptions& global, const TableLayout& layout) {
    HostSession session(global, Access::read_only);
    if (global.json) {
        print_json(pool_list_json(session.state()));
        return;
    }
    print_pool_list(session.state(), layout);
}

}  // namespace vpt
