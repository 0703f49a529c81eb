#include "core/text_match.hpp"

#include <algorithm>

namespace vpt {

size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
            diagonal = above;
        }
    }
    return row[b.size()];
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

}  // namespace vpt
