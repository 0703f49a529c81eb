#include "cli/table.hpp"

#include <algorithm>

namespace vpt {

void Table::print(std::ostream& out, size_t indent) const {
    std::vector<size_t> widths(headers_.size());
    auto measure = [&](const std::vector<std::string>& row) {
        for (size_t i = 0; i < row.size() && i < widths.size(); ++i)
            widths[i] = std::max(widths[i], row[i].size());
    };
    measure(headers_);
    for (const auto& row : rows_) measure(row);

    auto print_row = [&](const std::vector<std::string>& row) {
        std::string line(indent, ' ');
        for (size_t i = 0; i < row.size(); ++i) {
            line += row[i];
            if (i + 1 < row.size()) line += std::string(widths[i] - row[i].size() + 2, ' ');
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out << line << '\n';
    };
    print_row(headers_);
    for (const auto& row : rows_) print_row(row);
}

}  // namespace vpt
