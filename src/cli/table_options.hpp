// -o/--output and --noheadings, for every command that prints one main
// table (list, vfs, pool list): the same flags, the same words.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "view/table.hpp"

namespace vpt {

struct TableOptions {
    std::string output;      // "address,device"; empty: the default columns
    bool noheadings = false;
};

// Adds both flags to `cmd`; the help names `columns`.
void add_table_options(CLI::App* cmd, TableOptions& options, const std::vector<TableColumn>& columns);

// What the flags chose; an unknown column is bad input (exit 2). Checked
// before connecting, so a typo fails fast.
TableLayout table_layout(const TableOptions& options, const std::vector<TableColumn>& columns);

}  // namespace vpt
