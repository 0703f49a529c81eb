// vpt -v: every call that changes something, and every wait, on one debug
// line of stderr with its duration.
#include <doctest/doctest.h>

#include <regex>

#include "run_vpt.hpp"

TEST_CASE("-v logs each changing libvirt call with its duration") {
    SUBCASE("a define that works") {
        auto run = run_vpt({"-v", "-c", demo_uri(), "assign", "media-server", "19:00.0"});
        REQUIRE_MESSAGE(run.exit_code == 0, run.err);
        CHECK(std::regex_search(run.err, std::regex("(^|\n)vpt: debug: step define-guest the config of guest 'media-server'\n"
                                                    "vpt: debug: virDomainDefineXMLFlags media-server [0-9]+ ms\n")));
    }
    SUBCASE("a call that fails says so, and the undo is logged too") {
        auto run = run_vpt({"-v", "-c", demo_uri(), "assign", "web-frontend", "02:00.0"});
        CHECK(run.exit_code == 1);
        CHECK(std::regex_search(run.err, std::regex("vpt: debug: virDomainDefineXMLFlags web-frontend [0-9]+ ms\n")));
        CHECK(std::regex_search(run.err,
                                std::regex("vpt: debug: virDomainAttachDeviceFlags web-frontend \\(live\\) failed after [0-9]+ ms\n")));
    }
    SUBCASE("network calls") {
        auto run = run_vpt({"-v", "-c", demo_uri(), "pool", "delete", "sriov-pool-pf1"});
        REQUIRE_MESSAGE(run.exit_code == 0, run.err);
        CHECK(std::regex_search(run.err, std::regex("vpt: debug: virNetworkDestroy sriov-pool-pf1 [0-9]+ ms\n")));
        CHECK(std::regex_search(run.err, std::regex("vpt: debug: virNetworkUndefine sriov-pool-pf1 [0-9]+ ms\n")));
    }
    SUBCASE("without -v, none of it") {
        auto run = run_vpt({"-c", demo_uri(), "assign", "media-server", "19:00.0"});
        CHECK(run.err.find("debug") == std::string::npos);
    }
}
