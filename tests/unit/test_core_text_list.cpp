#include <doctest/doctest.h>

#include "core/text_list.hpp"

using namespace vpt;

TEST_CASE("join puts the separator between the words only") {
    CHECK(join({}) == "");
    CHECK(join({"a"}) == "a");
    CHECK(join({"a", "b", "c"}) == "a, b, c");
    CHECK(join({"a", "b"}, "; ") == "a; b");
}

TEST_CASE("join_limited says how many words it left out") {
    CHECK(join_limited({"a", "b", "c"}, 3) == "a, b, c");
    CHECK(join_limited({"a", "b", "c", "d", "e"}, 3) == "a, b, c and 2 more");
}
