#include <doctest/doctest.h>

#include "core/command_text.hpp"

using namespace vpt;

TEST_CASE("shell_word") {
    SUBCASE("names, addresses, URIs and options stay as they are") {
        CHECK(shell_word("0000:01:00.0") == "0000:01:00.0");
        CHECK(shell_word("qemu+ssh://root@host/system") == "qemu+ssh://root@host/system");
        CHECK(shell_word("--state-dir=/var/lib/vpt") == "--state-dir=/var/lib/vpt");
    }
    SUBCASE("anything else is single-quoted, a quote in it too") {
        CHECK(shell_word("my guest") == "'my guest'");
        CHECK(shell_word("") == "''");
        CHECK(shell_word("$(id)") == "'$(id)'");
        CHECK(shell_word("it's") == "'it'\\''s'");
        CHECK(shell_word("x;reboot") == "'x;reboot'");
        CHECK(shell_word("wi$(touch${IFS}x)") == "'wi$(touch${IFS}x)'");
        CHECK(shell_word("a`id`") == "'a`id`'");
        CHECK(shell_word("~root") == "'~root'");
        CHECK(shell_word("*") == "'*'");
        CHECK(shell_word("line\nbreak") == "'line\nbreak'");
    }
}

TEST_CASE("command_text") {
    CHECK(command_text({"vpt", "unassign", "web", "0000:01:00.0"}) == "vpt unassign web 0000:01:00.0");
    CHECK(command_text({"vpt", "assign", "my guest", "--mac", ""}) == "vpt assign 'my guest' --mac ''");
}
