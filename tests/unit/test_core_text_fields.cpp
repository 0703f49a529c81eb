#include <doctest/doctest.h>

#include "core/text_fields.hpp"

using vpt::parse_hex_field;
using vpt::split_fields;
using vpt::trimmed;

TEST_CASE("trimmed drops white space at either end only") {
    CHECK(trimmed("  vfio-pci\n") == "vfio-pci");
    CHECK(trimmed("\t key = value \r\n") == "key = value");
    CHECK(trimmed("a b") == "a b");
    CHECK(trimmed(" \t\r\n\f\v").empty());
    CHECK(trimmed("").empty());
}

TEST_CASE("split_fields keeps empty fields") {
    CHECK(split_fields("a::b", ':') == std::vector<std::string_view>{"a", "", "b"});
    CHECK(split_fields("0000:03:00.0", ':').size() == 3);
    CHECK(split_fields("", ':') == std::vector<std::string_view>{""});
}

TEST_CASE("parse_hex_field takes hex digits and nothing else") {
    uint64_t value = 0;
    CHECK(parse_hex_field("03", 2, 2, value));
    CHECK(value == 3);
    CHECK(parse_hex_field("aB", 1, 2, value));
    CHECK(value == 0xab);
    CHECK_FALSE(parse_hex_field("0x3", 1, 3, value));
    CHECK_FALSE(parse_hex_field(" 3", 1, 2, value));
    CHECK_FALSE(parse_hex_field("123", 1, 2, value));
    CHECK_FALSE(parse_hex_field("", 1, 2, value));
}
