#include <doctest/doctest.h>

#include <stdexcept>

#include "core/text_match.hpp"
#include "core/transaction.hpp"

using namespace vpt;

TEST_CASE("Transaction runs in order and undoes in reverse on failure") {
    std::vector<std::string> log;
    auto step = [&](const std::string& name, bool fail = false, bool undo_fails = false) {
        return std::pair{std::function<void()>([&log, name, fail] {
                             log.push_back("do " + name);
                             if (fail) throw std::runtime_error(name + " broke");
                         }),
                         std::function<void()>([&log, name, undo_fails] {
                             log.push_back("undo " + name);
                             if (undo_fails) throw std::runtime_error("undo of " + name + " broke");
                         })};
    };
    SUBCASE("all succeed") {
        Transaction t;
        for (auto name : {"config", "live"}) {
            auto [apply, undo] = step(name);
            t.add(name, apply, undo);
        }
        auto report = t.run();
        CHECK(report.completed);
        CHECK(log == std::vector<std::string>{"do config", "do live"});
    }
    SUBCASE("the live attach fails after the config changed: the config is undone") {
        Transaction t;
        auto [a1, u1] = step("config");
        auto [a2, u2] = step("companion");
        auto [a3, u3] = step("live", true);
        t.add("config", a1, u1);
        t.add("companion", a2, u2);
        t.add("live", a3, u3);
        auto report = t.run();
        CHECK_FALSE(report.completed);
        CHECK(report.failed == "live");
        CHECK(report.failure == "live broke");
        CHECK(log == std::vector<std::string>{"do config", "do companion", "do live", "undo companion", "undo config"});
        CHECK(report.undone == std::vector<std::string>{"companion", "config"});
    }
    SUBCASE("a failing undo is reported and the others still run") {
        Transaction t;
        auto [a1, u1] = step("first");
        auto [a2, u2] = step("second", false, true);
        auto [a3, u3] = step("third", true);
        t.add("first", a1, u1);
        t.add("second", a2, u2);
        t.add("third", a3, u3);
        auto report = t.run();
        CHECK(report.undo_failures == std::vector<std::string>{"second: undo of second broke"});
        CHECK(report.undone == std::vector<std::string>{"first"});
    }
}

TEST_CASE("closest_strings suggests near names only") {
    std::vector<std::string> guests = {"win10", "win11", "ubuntu-server", "router"};
    CHECK(closest_strings("win1O", guests, 3) == std::vector<std::string>{"win10", "win11"});
    CHECK(closest_strings("router2", guests, 3) == std::vector<std::string>{"router"});
    CHECK(closest_strings("zzzzzzzz", guests, 3).empty());
    CHECK(edit_distance("kitten", "sitting") == 3);
}
