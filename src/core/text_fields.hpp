// The fields of what a user typed: split on a separator, fixed-width hex,
// as PCI addresses and vendor:device ids are written.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace vpt {

// The text without the white space at either end (spaces, tabs, line ends).
std::string_view trimmed(std::string_view text);

// Every field between `sep`s, empty ones included ("a::b" has three).
std::vector<std::string_view> split_fields(std::string_view text, char sep);

// Parses `min_digits`..`max_digits` hex digits (either case) and nothing
// else: no sign, no 0x, no spaces. False when the text is anything more.
bool parse_hex_field(std::string_view text, size_t min_digits, size_t max_digits, uint64_t& out);

}  // namespace vpt
