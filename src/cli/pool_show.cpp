// vpt pool show POOL: one VF-pool network, each of its VFs and who uses it.
#include "cli/host_session.hpp"
#include "cli/pool_commands.hpp"
#include "core/error.hpp"
#include "view/json_output.hpp"
#include "view/pool_view.hpp"

namespace vpt {
namespace {

const PoolNetwork& find_pool(const HostSession& session, const std::string& name) {
    if (const auto* pool = session.state().pool(name)) return *pool;
    throw bad_input("no VF-pool network named '" + name + "' (see 'vpt pool list')");
}

}  // namespace

void run_pool_show(const GlobalOptions& global, const std::string& name) {
    HostSession session(global, Access::read_only);
    const PoolNetwork& pool = find_pool(session, name);
    if (global.json) {
        print_json(pool_json(session.state(), pool));
        return;
    }
    print_pool(session.state(), pool);
}

}  // namespace vpt
