#include "cli/suggest.hpp"

#include <algorithm>

namespace vpt {

// Optimal string alignment distance: Levenshtein plus the swap of two
// neighbouring letters ("lsit" is one edit from "list"), which is the
// commonest typing slip.
size_t edit_distance(std::string_view a, std::string_view b) {
    const size_t n = a.size(), m = b.size();
    std::vector<std::vector<size_t>> d(n + 1, std::vector<size_t>(m + 1));
    for (size_t i = 0; i <= n; ++i) d[i][0] = i;
    for (size_t j = 0; j <= m; ++j) d[0][j] = j;
    for (size_t i = 1; i <= n; ++i) {
        for (size_t j = 1; j <= m; ++j) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[n][m];
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
