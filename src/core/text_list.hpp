// Lists of words as one line of a message.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace vpt {

// "a, b, c": the words with `separator` between them.
std::string join(const std::vector<std::string>& words, std::string_view separator = ", ");

// "1 group", "3 groups": the count and the word that goes with it.
std::string plural(size_t n, std::string_view one, std::string_view many);

// "a, b, c and 2 more": at most `limit` words, then how many were left out.
std::string join_limited(const std::vector<std::string>& words, size_t limit);

}  // namespace vpt
