#include "core/text_list.hpp"

namespace vpt {

std::string join(const std::vector<std::string>& words, std::string_view separator) {
    std::string text;
    for (size_t i = 0; i < words.size(); ++i) {
        if (i) text += separator;
        text += words[i];
    }
    return text;
}

std::string plural(size_t n, std::string_view one, std::string_view many) {
    return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

std::string join_limited(const std::vector<std::string>& words, size_t limit) {
    if (words.size() <= limit) return join(words);
    std::string text = join(std::vector<std::string>(words.begin(), words.begin() + limit));
    return text + " and " + std::to_string(words.size() - limit) + " more";
}

}  // namespace vpt
