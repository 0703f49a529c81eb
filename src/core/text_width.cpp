#include "core/text_width.hpp"

namespace vpt {

namespace {

bool continues_character(unsigned char byte) { return (byte & 0xc0) == 0x80; }

// Byte length of the first `chars` characters of `text`.
size_t prefix_bytes(std::string_view text, size_t chars) {
    size_t i = 0;
    for (size_t n = 0; n < chars && i < text.size(); ++n) {
        ++i;
        while (i < text.size() && continues_character(static_cast<unsigned char>(text[i]))) ++i;
    }
    return i;
}

}  // namespace

size_t text_width(std::string_view text) {
    size_t width = 0;
    for (size_t i = 0; i < text.size(); ++i)
        if (i == 0 || !continues_character(static_cast<unsigned char>(text[i]))) ++width;
    return width;
}

std::string shorten_text(std::string_view text, size_t width) {
    if (text_width(text) <= width) return std::string(text);
    if (width == 0) return {};
    return std::string(text.substr(0, prefix_bytes(text, width - 1))) + "…";
}

std::vector<std::string> wrap_text(std::string_view text, size_t width) {
    std::vector<std::string> lines;
    if (width == 0) width = 1;
    while (text_width(text) > width) {
        size_t cut = prefix_bytes(text, width);  // bytes of the first `width` characters
        size_t space = text.substr(0, cut + 1).rfind(' ');
        if (space != std::string_view::npos && space > 0) {
            lines.emplace_back(text.substr(0, space));
            text.remove_prefix(space + 1);
        } else {
            lines.emplace_back(text.substr(0, cut));
            text.remove_prefix(cut);
        }
    }
    lines.emplace_back(text);
    return lines;
}

}  // namespace vpt
