#include "core/text_fields.hpp"

namespace vpt {

std::string_view trimmed(std::string_view text) {
    const char* space = " \t\r\n\f\v";
    auto first = text.find_first_not_of(space);
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(space) - first + 1);
}
namespace {

bool is_hex_digit(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

}  // namespace

std::vector<std::string_view> split_fields(std::string_view text, char sep) {
    std::vector<std::string_view> parts;
    size_t start = 0;
    for (size_t i = 0; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == sep) {
            parts.push_back(text.substr(start, i - start));
            start = i + 1;
        }
    }
    return parts;
}

bool parse_hex_field(std::string_view text, size_t min_digits, size_t max_digits, uint64_t& out) {
    if (text.size() < min_digits || text.size() > max_digits) return false;
    out = 0;
    for (char c : text) {
        if (!is_hex_digit(c)) return false;
        out = out * 16 + static_cast<uint64_t>(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    return true;
}

}  // namespace vpt
