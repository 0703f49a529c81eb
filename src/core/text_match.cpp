#include "core/text_match.hpp"

#include <algorithm>

namespace vpt {

// Optimal string alignment distance: Levenshtein plus the swap of two
// neighbouring letters ("lsit" is one edit from "list"), which is the
// commonest typing slip. Three rows: the swap looks two back.
size_t edit_distance(std::string_view a, std::string_view b) {
    const size_t m = b.size();
    std::vector<size_t> before(m + 1), previous(m + 1), row(m + 1);
    for (size_t j = 0; j <= m; ++j) previous[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        row[0] = i;
        for (size_t j = 1; j <= m; ++j) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            row[j] = std::min({previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                row[j] = std::min(row[j], before[j - 2] + 1);
        }
        std::swap(before, previous);
        std::swap(previous, row);
    }
    return previous[m];
}

std::vector<std::string> closest_strings(const std::string& text, const std::vector<std::string>& candidates,
                                         size_t limit) {
    std::vector<std::pair<size_t, std::string>> scored;
    for (const auto& candidate : candidates) scored.emplace_back(edit_distance(text, candidate), candidate);
    std::stable_sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::string> result;
    size_t max_distance = std::max<size_t>(2, text.size() / 4);
    for (const auto& [distance, candidate] : scored) {
        if (result.size() == limit || distance > max_distance) break;
        result.push_back(candidate);
    }
    return result;
}

std::optional<std::string> nearest_name(std::string_view typed, const std::vector<std::string>& candidates) {
    // A typo is a slip in a word of sensible length; a 10,000-character
    // argument is not worth a quadratic comparison.
    if (typed.empty() || typed.size() > 64) return std::nullopt;
    const size_t allowed = std::clamp<size_t>(typed.size() / 3, 1, 3);
    std::optional<std::string> best;
    size_t best_distance = allowed + 1;
    for (const auto& name : candidates) {
        size_t distance = edit_distance(typed, name);
        if (distance < best_distance) {
            best = name;
            best_distance = distance;
        }
    }
    return best;
}

}  // namespace vpt
