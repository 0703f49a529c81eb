// "Did you mean …?": the known names closest to what the user typed.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vpt {

// Edits (insert, delete, replace, swap of two neighbours) that turn `a` into `b`.
size_t edit_distance(std::string_view a, std::string_view b);

// Up to `limit` candidates within a small distance of `text`, closest first
// (device and guest names, which may be long: up to a quarter of the text).
std::vector<std::string> closest_strings(const std::string& text, const std::vector<std::string>& candidates,
                                         size_t limit);

// The candidate nearest to `typed`, if it is close enough to be the name
// meant (a command or option): one edit for a short name, up to a third of
// the name's length (at most three) for a longer one. On a tie the first
// candidate wins.
std::optional<std::string> nearest_name(std::string_view typed, const std::vector<std::string>& candidates);

}  // namespace vpt
