#include <doctest/doctest.h>

#include "cli/suggest.hpp"

using vpt::edit_distance;
using vpt::nearest_name;

TEST_CASE("edit distance counts a swap of neighbours as one edit") {
    CHECK(edit_distance("list", "list") == 0);
    CHECK(edit_distance("lst", "list") == 1);
    CHECK(edit_distance("lsit", "list") == 1);
    CHECK(edit_distance("--grups", "--groups") == 1);
    CHECK(edit_distance("", "show") == 4);
    CHECK(edit_distance("kitten", "sitting") == 3);
}

TEST_CASE("the nearest name, only when it is close") {
    std::vector<std::string> commands = {"check", "list", "show", "detach", "reattach", "assign", "unassign"};
    CHECK(nearest_name("lst", commands) == "list");
    CHECK(nearest_name("shwo", commands) == "show");
    CHECK(nearest_name("detahc", commands) == "detach");
    CHECK(nearest_name("unasign", commands) == "unassign");
    CHECK_FALSE(nearest_name("frobnicate", commands));
    CHECK_FALSE(nearest_name("x", commands));
    CHECK_FALSE(nearest_name("", commands));
    CHECK_FALSE(nearest_name(std::string(1000, 'l'), commands));
}
