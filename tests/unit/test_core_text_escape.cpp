#include <doctest/doctest.h>

#include "core/text_escape.hpp"

using namespace vpt;

TEST_CASE("escape_text: nothing a terminal acts on gets through") {
    SUBCASE("plain text and UTF-8 stay as they are") {
        CHECK(escape_text("unknown guest 'web'") == "unknown guest 'web'");
        CHECK(escape_text("<>&'\" $(id) `x` ;|") == "<>&'\" $(id) `x` ;|");
        CHECK(escape_text("gäst-ü €") == "gäst-ü €");
        CHECK(escape_text("\xf0\x9f\x96\xa5") == "\xf0\x9f\x96\xa5");  // U+1F5A5, four bytes
    }
    SUBCASE("a newline is \\n, so it cannot forge a second line") {
        CHECK(escape_text("a\nvpt: error: forged") == "a\\nvpt: error: forged");
    }
    SUBCASE("other C0 controls and DEL are \\xNN") {
        CHECK(escape_text("a\rb\tc\x1b[31md\x7f") == "a\\x0db\\x09c\\x1b[31md\\x7f");
        CHECK(escape_text(std::string_view("a\0b", 3)) == "a\\x00b");
    }
    SUBCASE("C1 controls and bidirectional overrides are \\xNN per byte") {
        CHECK(escape_text("a\xc2\x9b" "31m") == "a\\xc2\\x9b31m");
        CHECK(escape_text("x\xe2\x80\xaey") == "x\\xe2\\x80\\xaey");
        CHECK(escape_text("x\xe2\x81\xa6y") == "x\\xe2\\x81\\xa6y");
    }
    SUBCASE("bytes that are not UTF-8 are \\xNN") {
        CHECK(escape_text("a\xff" "b") == "a\\xffb");
        CHECK(escape_text("\xc3") == "\\xc3");                          // cut short
        CHECK(escape_text("\xc0\xaf") == "\\xc0\\xaf");                 // overlong '/'
        CHECK(escape_text("\xed\xa0\x80") == "\\xed\\xa0\\x80");        // a surrogate
        CHECK(escape_text("\xf4\x90\x80\x80") == "\\xf4\\x90\\x80\\x80");  // above U+10FFFF
        CHECK(escape_text("\xe2\x82" "A") == "\\xe2\\x82A");
    }
    SUBCASE("escaping twice changes nothing") {
        std::string once = escape_text("a\nb\x01\xff\xc2\x85");
        CHECK(escape_text(once) == once);
    }
}

TEST_CASE("one_line: escaped, and cut to the limit with what was left out") {
    SUBCASE("a short text is only escaped") {
        CHECK(one_line("a\nb", 10) == "a\\nb");
        CHECK(one_line(std::string(10, 'x'), 10) == std::string(10, 'x'));
    }
    SUBCASE("a long text is cut, saying how many bytes were left out") {
        CHECK(one_line(std::string(100000, 'x'), 300) == std::string(300, 'x') + "…(99700 more bytes)");
        CHECK(one_line("abcdef", 4) == "abcd…(2 more bytes)");
    }
    SUBCASE("the cut never splits an escape or a character") {
        CHECK(one_line("abc\n", 4) == "abc…(1 more bytes)");
        CHECK(one_line("abc\x01", 6) == "abc…(1 more bytes)");
        CHECK(one_line("abcä", 4) == "abc…(2 more bytes)");
    }
    SUBCASE("the limit counts what is shown, so escapes cannot make it longer") {
        std::string result = one_line(std::string(100000, '\n'), 300);
        CHECK(result.size() < 330);
        CHECK(result.find('\n') == std::string::npos);
    }
}

TEST_CASE("error_line: a quoted value is cut, vpt's own sentence kept") {
    SUBCASE("a message within the limit is only escaped") {
        std::string message = "unknown guest 'a\nb'";
        CHECK(error_line(message) == "unknown guest 'a\\nb'");
        std::string long_sentence;
        while (long_sentence.size() < error_line_limit - 10) long_sentence += "word ";
        CHECK(error_line(long_sentence) == long_sentence);
    }
    SUBCASE("over the limit, an overlong word is cut and the words after it stay") {
        std::string message = "unknown PCI device '" + std::string(100000, 'x') + "' (see 'vpt list')";
        std::string line = error_line(message);
        CHECK(line.starts_with("unknown PCI device '" + std::string(error_word_limit - 1, 'x') + "…("));
        CHECK(line.ends_with(" more bytes) (see 'vpt list')"));
        CHECK(line.size() < 200);
    }
    SUBCASE("a long message of short words is kept whole up to the ceiling") {
        std::string message;
        while (message.size() < 500) message += "0000:03:10.0 by nfv-router (interface), ";
        CHECK(error_line(message) == message);
    }
    SUBCASE("beyond the ceiling the end is cut") {
        std::string message;
        for (int i = 0; i < 50000; ++i) message += "a ";
        std::string line = error_line(message);
        CHECK(line.size() <= error_line_ceiling + 30);
        CHECK(line.ends_with("…(" + std::to_string(100000 - error_line_ceiling) + " more bytes)"));
    }
    SUBCASE("escapes count, so a run of newlines is cut like any word") {
        std::string line = error_line("guest '" + std::string(100000, '\n') + "'");
        CHECK(line.size() < 200);
        CHECK(line.find('\n') == std::string::npos);
    }
}

TEST_CASE("split_first_line: the first line and the rest") {
    SUBCASE("one line") {
        auto lines = split_first_line("XML error: bad");
        CHECK(lines.first == "XML error: bad");
        CHECK(lines.rest.empty());
    }
    SUBCASE("libvirt's parser context after the first line") {
        auto lines = split_first_line("XML error: /f:1: Start tag expected\nroot:x:0:0\n^");
        CHECK(lines.first == "XML error: /f:1: Start tag expected");
        CHECK(lines.rest == "root:x:0:0\n^");
    }
    SUBCASE("CR LF and a lone CR end a line too") {
        CHECK(split_first_line("a\r\nb").rest == "b");
        CHECK(split_first_line("a\rb").first == "a");
        CHECK(split_first_line("a\rb").rest == "b");
    }
}
