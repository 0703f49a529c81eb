#include <doctest/doctest.h>

#include "core/cpu_set.hpp"

using namespace vpt;

TEST_CASE("parse_cpuset") {
    SUBCASE("numbers, ranges and exclusions") {
        auto set = parse_cpuset("0-3,8,^2");
        REQUIRE(set);
        CHECK(*set == CpuSet{0, 1, 3, 8});
    }
    SUBCASE("spaces around items") { CHECK(*parse_cpuset(" 1 , 4-5 ") == CpuSet{1, 4, 5}); }
    SUBCASE("a single node") { CHECK(*parse_cpuset("1") == CpuSet{1}); }
    SUBCASE("malformed lists fail") {
        for (const char* text : {"", "a", "3-1", "1,,2", "1-", "-1", "^1", "0-2,^0-2", "99999", "1;2"})
            CHECK_MESSAGE(!parse_cpuset(text), text);
    }
}

TEST_CASE("format_cpuset") {
    CHECK(format_cpuset({0, 1, 2, 3, 8}) == "0-3,8");
    CHECK(format_cpuset({4, 5}) == "4,5");
    CHECK(format_cpuset({1}) == "1");
    CHECK(format_cpuset({}) == "");
}
