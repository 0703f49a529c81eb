#include "view/table.hpp"

#include <algorithm>
#include <cctype>
#include <functional>

#include "core/text_fields.hpp"
#include "core/text_width.hpp"
#include "view/terminal_width.hpp"

namespace vpt {

namespace {

// A device name cut shorter than this is hard to recognise: DEVICE stops
// here while other columns still can give way.
constexpr size_t first_floor = 24;
// A cut column keeps a character and the ellipsis.
constexpr size_t last_floor = 2;
// Narrower, a wrapped sentence is more lines than words.
constexpr size_t wrap_floor = 16;

std::string upper(std::string text) {
    for (char& c : text) c = char(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

// Column widths for one table, and how they give way to a limit.
struct Widths {
    std::vector<size_t> width;    // per shown column
    std::vector<Shrink> shrink;
    std::vector<size_t> header;   // the header's width, 0 without headings
    size_t gap = 2;

    size_t total() const {
        size_t sum = 0;
        for (size_t w : width) sum += w;
        return width.empty() ? 0 : sum + gap * (width.size() - 1);
    }

    // Narrows the widest column `may_shrink` allows, one character at a
    // time, until the table fits `limit` or no column is above `floor`.
    void shrink_widest(size_t limit, const std::function<bool(Shrink)>& may_shrink,
                       const std::function<size_t(size_t)>& floor) {
        while (total() > limit) {
            std::optional<size_t> widest;
            for (size_t i = 0; i < width.size(); ++i) {
                if (!may_shrink(shrink[i]) || width[i] <= floor(i)) continue;
                if (!widest || width[i] >= width[*widest]) widest = i;
            }
            if (!widest) return;
            --width[*widest];
        }
    }

    // DEVICE first, then all free text down to its header, then the gaps
    // to one space, then free text down to one character and "…".
    void fit(size_t limit) {
        auto first_only = [](Shrink s) { return s == Shrink::first; };
        auto free_text = [](Shrink s) { return s != Shrink::never; };
        shrink_widest(limit, first_only, [&](size_t) { return first_floor; });
        shrink_widest(limit, free_text, [&](size_t i) {
            return std::max(header[i], shrink[i] == Shrink::wrap ? wrap_floor : last_floor);
        });
        if (total() > limit) gap = 1;
        shrink_widest(limit, free_text, [&](size_t i) { return shrink[i] == Shrink::wrap ? wrap_floor : last_floor; });
    }
};

}  // namespace

std::string column_name(const TableColumn& column) {
    std::string name = column.header;
    std::replace(name.begin(), name.end(), ' ', '-');
    return name;
}

Result<std::vector<size_t>> pick_columns(const std::vector<TableColumn>& columns, const std::string& list) {
    std::vector<size_t> picked;
    size_t start = 0;
    while (start <= list.size()) {
        size_t end = std::min(list.find(',', start), list.size());
        // as the header reads ("held by") or as a word ("held-by", "held_by")
        std::string name = upper(std::string(trimmed(std::string_view(list).substr(start, end - start))));
        std::replace_if(name.begin(), name.end(), [](char c) { return c == ' ' || c == '_'; }, '-');
        auto found = std::find_if(columns.begin(), columns.end(),
                                  [&](const TableColumn& c) { return column_name(c) == name; });
        if (found == columns.end()) {
            std::string valid;
            for (const auto& column : columns) valid += (valid.empty() ? "" : ",") + column_name(column);
            return Failure{(name.empty() ? std::string("empty column name") : "unknown column '" + name + "'") +
                           " in '" + list + "' (columns: " + valid + ")"};
        }
        picked.push_back(size_t(found - columns.begin()));
        start = end + 1;
    }
    return picked;
}

Table::Table(const std::vector<std::string>& headers) {
    for (const auto& header : headers) columns_.push_back({header, Shrink::never});
}

void Table::print(std::ostream& out, size_t indent) const { print(out, indent, terminal_width()); }

void Table::print(std::ostream& out, size_t indent, std::optional<size_t> width_limit) const {
    std::vector<size_t> shown;
    if (layout_.columns) shown = *layout_.columns;
    else
        for (size_t i = 0; i < columns_.size(); ++i) shown.push_back(i);

    auto cell = [](const std::vector<std::string>& row, size_t i) -> std::string_view {
        return i < row.size() ? std::string_view(row[i]) : std::string_view();
    };

    Widths widths;
    for (size_t i : shown) {
        size_t header = layout_.headings ? text_width(columns_[i].header) : 0;
        size_t width = std::max(header, columns_[i].min_width);
        for (const auto& row : rows_) width = std::max(width, text_width(cell(row, i)));
        widths.width.push_back(width);
        widths.shrink.push_back(columns_[i].shrink);
        widths.header.push_back(header);
    }
    if (width_limit) widths.fit(*width_limit > indent ? *width_limit - indent : 0);

    // One row: a line, or more when a wrapped cell needs them.
    auto print_row = [&](auto&& text_of, bool wrap) {
        std::vector<std::vector<std::string>> pieces;
        size_t lines = 1;
        for (size_t k = 0; k < shown.size(); ++k) {
            std::string_view text = text_of(shown[k]);
            if (wrap && columns_[shown[k]].shrink == Shrink::wrap)
                pieces.push_back(wrap_text(text, widths.width[k]));
            else
                pieces.push_back({shorten_text(text, widths.width[k])});
            lines = std::max(lines, pieces.back().size());
        }
        for (size_t n = 0; n < lines; ++n) {
            std::string line(indent, ' ');
            for (size_t k = 0; k < shown.size(); ++k) {
                std::string text = n < pieces[k].size() ? pieces[k][n] : "";
                line += text;
                if (k + 1 < shown.size())
                    line += std::string(widths.width[k] - std::min(widths.width[k], text_width(text)) + widths.gap, ' ');
            }
            while (!line.empty() && line.back() == ' ') line.pop_back();
            out << line << '\n';
        }
    };
    if (layout_.headings) print_row([&](size_t i) { return std::string_view(columns_[i].header); }, false);
    for (const auto& row : rows_) print_row([&](size_t i) { return cell(row, i); }, true);
}

}  // namespace vpt
