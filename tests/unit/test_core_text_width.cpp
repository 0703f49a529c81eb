#include <doctest/doctest.h>

#include "core/text_width.hpp"

using namespace vpt;

TEST_CASE("text_width counts characters, not bytes") {
    CHECK(text_width("") == 0);
    CHECK(text_width("Intel") == 5);
    CHECK(text_width("Ünïcödé") == 7);
    CHECK(text_width("«GeForce» — Ti") == 14);
    CHECK(text_width("…") == 1);
}

TEST_CASE("shorten_text") {
    SUBCASE("text that fits is left whole") {
        CHECK(shorten_text("Intel", 5) == "Intel");
        CHECK(shorten_text("Ünï", 3) == "Ünï");
    }
    SUBCASE("a cut ends in an ellipsis and keeps the width") {
        CHECK(shorten_text("Intel Corporation", 6) == "Intel…");
        CHECK(text_width(shorten_text("Intel Corporation", 6)) == 6);
    }
    SUBCASE("a cut never splits a character") {
        CHECK(shorten_text("Ünïcödé", 4) == "Ünï…");
        CHECK(shorten_text("——————", 2) == "—…");
    }
    SUBCASE("tiny widths") {
        CHECK(shorten_text("abc", 1) == "…");
        CHECK(shorten_text("abc", 0) == "");
    }
}
