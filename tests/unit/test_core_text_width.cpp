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

TEST_CASE("wrap_text") {
    SUBCASE("text that fits is one line") {
        CHECK(wrap_text("4 of at most 7", 20) == std::vector<std::string>{"4 of at most 7"});
        CHECK(wrap_text("", 5) == std::vector<std::string>{""});
    }
    SUBCASE("broken at spaces, no line wider than asked") {
        CHECK(wrap_text("4 of at most 7 (from libvirt)", 12) ==
              std::vector<std::string>{"4 of at most", "7 (from", "libvirt)"});
    }
    SUBCASE("a word longer than a line is broken inside it, between characters") {
        CHECK(wrap_text("Ünïcödé-wörd x", 4) == std::vector<std::string>{"Ünïc", "ödé-", "wörd", "x"});
    }
}
