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
// Free text is cut to this before a column is left out for room.
constexpr size_t middle_floor = 12;

std::string upper(std::string text) {
    for (char& c : text) c = char(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

// Column widths for one table, and how they give way to a limit.
struct Widths {
    std::vector<size_t> width;    // per shown column
    std::vector<Shrink> shrink;
    std::vector<size_t> header;   // the header's width, 0 without headings
    std::vector<size_t> kept;     // never cut below: the widest of the column's shorter forms (0: none)
    std::vector<unsigned> drop;   // TableColumn::drop, 0 when the user chose the columns
    std::vector<bool> dropped;
    size_t gap = 2;

    size_t total() const {
        size_t sum = 0, shown = 0;
        for (size_t i = 0; i < width.size(); ++i)
            if (!dropped[i]) sum += width[i], ++shown;
        return shown == 0 ? 0 : sum + gap * (shown - 1);
    }

    // Narrows the widest column `may_shrink` allows, one character at a
    // time, until the table fits `limit` or no column is above `floor`.
    void shrink_widest(size_t limit, const std::function<bool(Shrink)>& may_shrink,
                       const std::function<size_t(size_t)>& floor) {
        while (total() > limit) {
            std::optional<size_t> widest;
            for (size_t i = 0; i < width.size(); ++i) {
                if (dropped[i] || !may_shrink(shrink[i]) || width[i] <= floor(i)) continue;
                if (!widest || width[i] >= width[*widest]) widest = i;
            }
            if (!widest) return;
            --width[*widest];
        }
    }

    // Leaves out the droppable columns, lowest drop first, until the table fits.
    void drop_columns(size_t limit) {
        while (total() > limit) {
            std::optional<size_t> next;
            for (size_t i = 0; i < width.size(); ++i)
                if (!dropped[i] && drop[i] != 0 && (!next || drop[i] < drop[*next])) next = i;
            if (!next) return;
            dropped[*next] = true;
        }
    }

    // Gives the room a left-out column made back to the columns cut
    // before it, DEVICE first.
    void regrow(size_t limit, const std::vector<size_t>& natural) {
        for (Shrink first : {Shrink::first, Shrink::later, Shrink::wrap})
            for (size_t i = 0; i < width.size(); ++i)
                if (!dropped[i] && shrink[i] == first && total() < limit)
                    width[i] = std::min(natural[i], width[i] + (limit - total()));
    }

    // DEVICE first (to its shorter forms, then cut), then other free text
    // to its shorter forms (a guest's name alone) and to a dozen characters,
    // then the low-value columns left out, then all free text down to its
    // header, the gaps to one space, and free text down to one character
    // and "…". Free text other than DEVICE is never cut below its shorter
    // forms.
    void fit(size_t limit) {
        const std::vector<size_t> natural = width;
        auto first_only = [](Shrink s) { return s == Shrink::first; };
        auto free_text = [](Shrink s) { return s != Shrink::never; };
        auto narrowest = [&](size_t i) {
            size_t floor = shrink[i] == Shrink::wrap ? wrap_floor : last_floor;
            return shrink[i] == Shrink::first ? floor : std::max(kept[i], floor);
        };
        shrink_widest(limit, first_only, [&](size_t) { return first_floor; });
        auto other_text = [](Shrink s) { return s == Shrink::later || s == Shrink::wrap; };
        shrink_widest(limit, other_text, [&](size_t i) { return kept[i] ? narrowest(i) : natural[i]; });
        shrink_widest(limit, other_text, [&](size_t i) { return std::max(middle_floor, narrowest(i)); });
        drop_columns(limit);
        shrink_widest(limit, free_text, [&](size_t i) { return std::max(header[i], narrowest(i)); });
        if (total() > limit) gap = 1;
        shrink_widest(limit, free_text, narrowest);
        regrow(limit, natural);
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
    for (std::string_view field : split_fields(list, ',')) {
        // as the header reads ("held by") or as a word ("held-by", "held_by")
        std::string name = upper(std::string(trimmed(field)));
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
        size_t kept = 0;
        for (size_t r = 0; r < rows_.size(); ++r) {
            width = std::max(width, text_width(cell(rows_[r], i)));
            if (!cell(shorter_[r], i).empty()) kept = std::max(kept, text_width(cell(shorter_[r], i)));
        }
        widths.width.push_back(width);
        widths.shrink.push_back(columns_[i].shrink);
        widths.header.push_back(header);
        widths.kept.push_back(kept);
        widths.drop.push_back(layout_.chosen ? 0 : columns_[i].drop);
        widths.dropped.push_back(false);
    }
    if (width_limit) widths.fit(*width_limit > indent ? *width_limit - indent : 0);
    // The columns left: their positions, and their widths in the same order
    std::vector<size_t> kept_columns, kept_widths;
    for (size_t k = 0; k < shown.size(); ++k)
        if (!widths.dropped[k]) kept_columns.push_back(shown[k]), kept_widths.push_back(widths.width[k]);
    shown = std::move(kept_columns);
    widths.width = std::move(kept_widths);

    // A cell in its column's width: whole, else its shorter form, cut only when that does not fit either
    auto fitted = [&](size_t r, size_t i, size_t width) {
        std::string_view text = cell(rows_[r], i);
        if (text_width(text) > width && !cell(shorter_[r], i).empty()) text = cell(shorter_[r], i);
        return shorten_text(text, width);
    };

    // One row (`r`, or the headings when none): a line, or more when a wrapped cell needs them.
    auto print_row = [&](std::optional<size_t> r) {
        std::vector<std::vector<std::string>> pieces;
        size_t lines = 1;
        for (size_t k = 0; k < shown.size(); ++k) {
            size_t i = shown[k];
            if (!r)
                pieces.push_back({shorten_text(columns_[i].header, widths.width[k])});
            else if (columns_[i].shrink == Shrink::wrap)
                pieces.push_back(wrap_text(cell(rows_[*r], i), widths.width[k]));
            else
                pieces.push_back({fitted(*r, i, widths.width[k])});
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
    if (layout_.headings) print_row(std::nullopt);
    for (size_t r = 0; r < rows_.size(); ++r) print_row(r);
}

}  // namespace vpt
