// The bodies of `vpt pool create|list|show|delete` (registered in cmd_pool.cpp),
// each in a pool_*.cpp of its own.
#pragma once

#include <string>
#include <vector>

#include "cli/options.hpp"
#include "view/table.hpp"

namespace vpt {

struct PoolCreateOptions {
    std::string name;
    std::string pf;                   // --pf IFACE
    std::vector<std::string> vfs;     // --vf DEV...
    unsigned vlan = 0;
    bool no_autostart = false;
    bool dry_run = false;
    int wait_seconds = 60;
};

void run_pool_create(const GlobalOptions& global, const PoolCreateOptions& options);
void run_pool_list(const GlobalOptions& global, const TableLayout& layout);
void run_pool_show(const GlobalOptions& global, const std::string& name);
struct PoolDeleteOptions {
    std::string name;
    bool dry_run = false;
    bool force = false;  // delete it even while guests use it
    int wait_seconds = 60;
};
void run_pool_delete(const GlobalOptions& global, const PoolDeleteOptions& options);

}  // namespace vpt
