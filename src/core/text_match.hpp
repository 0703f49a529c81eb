// "Did you mean …?": the candidates closest to what the user typed.
#pragma once

#include <string>
#include <vector>

namespace vpt {

// Levenshtein distance.
size_t edit_distance(const std::string& a, const std::string& b);

// Up to `limit` candidates within a small distance of `text`, closest first.
std::vector<std::string> closest_strings(const std::string& text, const std::vector<std::string>& candidates,
                                         size_t limit);

}  // namespace vpt
