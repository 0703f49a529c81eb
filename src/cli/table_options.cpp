#include "cli/table_options.hpp"

#include "core/error.hpp"

namespace vpt {

void add_table_options(CLI::App* cmd, TableOptions& options, const std::vector<TableColumn>& columns) {
    std::string names;
    for (const auto& column : columns) names += (names.empty() ? "" : ",") + column_name(column);
    cmd->add_option("-o,--output", options.output, "Only these columns, in this order (any case): " + names)
        ->type_name("COL,...");
    cmd->add_flag("--noheadings", options.noheadings, "Leave out the heading line");
}

TableLayout table_layout(const TableOptions& options, const std::vector<TableColumn>& columns) {
    TableLayout layout;
    layout.headings = !options.noheadings;
    if (!options.output.empty()) {
        layout.columns = or_bad_input(pick_columns(columns, options.output));
        layout.chosen = true;
    }
    return layout;
}

}  // namespace vpt
