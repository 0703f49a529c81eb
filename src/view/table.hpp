// A plain text table: columns padded to their widest cell (in characters),
// two spaces apart, the last column left unpadded. When a width limit is
// given (the terminal's, see terminal_width.hpp), the table gives way in
// this order so that no line is wider: a cell's shorter form (a product
// name without its vendor, a guest name without how it holds the device),
// the long name (DEVICE) cut to a floor, the low-value columns dropped
// (as ps does), then other free text cut with an ellipsis. What a cell's
// shorter form keeps (a guest's name) is never cut.
//
// Not util-linux's libsmartcols (2.38 in Debian 12): it shortens every
// truncatable column in turn rather than the product name first, never
// narrows a column below its header (nine columns then cannot fit 80),
// and cuts without an ellipsis.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace vpt {

// How a column gives way to a width limit.
enum class Shrink {
    never,  // addresses, ids, numbers, short words: always shown whole
    first,  // the long name (DEVICE): shortened before any other column
    later,  // other free text (CLASS, HELD BY, ...): shortened next
    wrap,   // sentences: continued on more lines, not cut, when free text gives way
};

struct TableColumn {
    std::string header;
    Shrink shrink = Shrink::never;
    size_t min_width = 0;  // at least this wide: lines up with another table's column
    // Left out when the table does not fit otherwise, the lowest first;
    // 0: never. A column -o names is never left out.
    unsigned drop = 0;
};

// The name -o/--output knows a column by: its header with '-' for spaces
// ("HELD BY" is HELD-BY).
std::string column_name(const TableColumn& column);

// Reads an -o/--output list ("address,held-by,device", any case; a name
// also as its header reads, "held by", or with '_') against `columns`:
// their positions in the order given. An unknown or empty name fails,
// naming the valid ones.
Result<std::vector<size_t>> pick_columns(const std::vector<TableColumn>& columns, const std::string& list);

// What -o/--output and --noheadings chose; the default shows every column.
struct TableLayout {
    std::optional<std::vector<size_t>> columns;  // positions; nullopt: all, in order
    bool headings = true;
    bool chosen = false;  // the columns are the user's (-o): none is dropped
};

class Table {
public:
    explicit Table(std::vector<TableColumn> columns, TableLayout layout = {})
        : columns_(std::move(columns)), layout_(std::move(layout)) {}
    // Plain headers, none of which gives way.
    explicit Table(const std::vector<std::string>& headers);

    // One cell per column, in the columns' order (before any -o choice),
    // and for any of them a shorter form ("" for none) shown when the
    // column is narrower than the cell.
    void add_row(std::vector<std::string> cells, std::vector<std::string> shorter = {}) {
        rows_.push_back(std::move(cells));
        shorter_.push_back(std::move(shorter));
    }

    // `indent` spaces before every line; no line wider than the terminal
    // (terminal_width()).
    void print(std::ostream& out, size_t indent = 0) const;
    // The same with an explicit limit; nullopt: none.
    void print(std::ostream& out, size_t indent, std::optional<size_t> width_limit) const;

private:
    std::vector<TableColumn> columns_;
    TableLayout layout_;
    std::vector<std::vector<std::string>> rows_;
    std::vector<std::vector<std::string>> shorter_;
};

}  // namespace vpt
