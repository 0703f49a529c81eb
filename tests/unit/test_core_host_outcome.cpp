#include <doctest/doctest.h>

#include "core/host_outcome.hpp"

using namespace vpt;
using enum HostOutcome;

TEST_CASE("exit_code_of") {
    SUBCASE("every host done: 0") {
        CHECK(exit_code_of({done}) == ExitCode::ok);
        CHECK(exit_code_of({done, done, done}) == ExitCode::ok);
    }
    SUBCASE("hosts lacking what others have are no failure") {
        CHECK(exit_code_of({lacking, done, lacking}) == ExitCode::ok);
    }
    SUBCASE("no host had it: 1") {
        CHECK(exit_code_of({lacking, lacking}) == ExitCode::failed);
    }
    SUBCASE("one host unreachable or failed: 1") {
        CHECK(exit_code_of({done, unreachable}) == ExitCode::failed);
        CHECK(exit_code_of({failed, done}) == ExitCode::failed);
        CHECK(exit_code_of({lacking, unreachable}) == ExitCode::failed);
    }
    SUBCASE("no host reachable: 3") {
        CHECK(exit_code_of({unreachable}) == ExitCode::no_connect);
        CHECK(exit_code_of({unreachable, unreachable, unreachable}) == ExitCode::no_connect);
    }
}

TEST_CASE("outcome_of") {
    CHECK(outcome_of(Error(ExitCode::no_connect, "cannot connect")) == unreachable);
    CHECK(outcome_of(bad_input("unknown PCI device '01:00.0'")) == lacking);
    CHECK(outcome_of(refused("failed")) == failed);
}
