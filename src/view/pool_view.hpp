// How `vpt pool list` and `vpt pool show` show the host's VF-pool networks:
// a table or a summary for people, JSON for scripts. Formatting only: the
// commands find the pool and choose the form.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "core/host_state.hpp"
#include "view/table.hpp"

namespace vpt {

// The columns of `vpt pool list`, which -o/--output picks from.
const std::vector<TableColumn>& pool_list_columns();

// {"pools": [POOL...]}, every pool of the host.
nlohmann::ordered_json pool_list_json(const HostState& state);
// Every pool of the host, one table row each.
void print_pool_list(const HostState& state, const TableLayout& layout);

// POOL of the JSON contract: the network, its VFs with their holders and
// the guests that use it.
nlohmann::ordered_json pool_json(const HostState& state, const PoolNetwork& pool);
// One pool: a line about the network, a table of its VFs, who uses it.
void print_pool(const HostState& state, const PoolNetwork& pool);

}  // namespace vpt
