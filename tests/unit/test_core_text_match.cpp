#include <doctest/doctest.h>

#include "core/text_match.hpp"

using vpt::closest_strings;
using vpt::edit_distance;
using vpt::nearest_name;

TEST_CASE("edit distance counts a swap of neighbours as one edit") {
    CHECK(edit_distance("list", "list") == 0);
    CHECK(edit_distance("lst", "list") == 1);
    CHECK(edit_distance("lsit", "list") == 1);
    CHECK(edit_distance("--grups", "--groups") == 1);
    CHECK(edit_distance("", "show") == 4);
    CHECK(edit_distance("kitten", "sitting") == 3);
    CHECK(edit_distance("ab", "ba") == 1);
    CHECK(edit_distance("abcdef", "badcfe") == 3);  // three swaps
    CHECK(edit_distance("show", "") == 4);
    CHECK(edit_distance("ca", "abc") == 3);  // a swap is not edited again
}

TEST_CASE("the closest names, closest first, within a quarter of the text") {
    std::vector<std::string> guests = {"web-frontend", "nfv-router", "ci-runner", "media-server", "ci-runnre"};
    CHECK(closest_strings("ci-runer", guests, 3) == std::vector<std::string>{"ci-runner", "ci-runnre"});
    CHECK(closest_strings("nfv-ruoter", guests, 3) == std::vector<std::string>{"nfv-router"});  // a swap: one edit
    CHECK(closest_strings("ci-runer", guests, 1) == std::vector<std::string>{"ci-runner"});
    CHECK(closest_strings("database", guests, 3).empty());
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
