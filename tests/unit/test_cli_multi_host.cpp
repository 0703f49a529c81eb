#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "cli/multi_host.hpp"
#include "core/error.hpp"

using namespace vpt;

TEST_CASE("run_on_hosts") {
    std::vector<std::string> uris;
    for (int i = 0; i < 20; ++i) uris.push_back("test:///host" + std::to_string(i) + ".xml");
    std::atomic<int> running{0};
    std::atomic<int> most{0};
    auto read = [&](size_t i) {
        int now = ++running;
        for (int seen = most; now > seen && !most.compare_exchange_weak(seen, now);) {
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(30));
        --running;
        if (i % 5 == 1) throw Error(ExitCode::no_connect, "cannot connect to libvirt at '" + uris[i] + "'");
        return i % 5 == 2 ? HostOutcome::lacking : HostOutcome::done;
    };

    SUBCASE("at most max_hosts_at_once hosts are read at a time, yet several are") {
        run_on_hosts(uris, read);
        CHECK(most.load() <= int(max_hosts_at_once));
        CHECK(most.load() > 1);
    }
    SUBCASE("a smaller cap is kept") {
        run_on_hosts(uris, read, 3);
        CHECK(most.load() <= 3);
    }
    SUBCASE("each run is its own host's, in the hosts' order, whatever order they finish in") {
        auto runs = run_on_hosts(uris, read);
        REQUIRE(runs.size() == uris.size());
        for (size_t i = 0; i < uris.size(); ++i) {
            CAPTURE(i);
            CHECK(runs[i].uri == uris[i]);
            if (i % 5 == 1) {
                CHECK(runs[i].outcome == HostOutcome::unreachable);
                CHECK(runs[i].error.find(uris[i]) != std::string::npos);
            } else {
                CHECK(runs[i].outcome == (i % 5 == 2 ? HostOutcome::lacking : HostOutcome::done));
                CHECK(runs[i].error.empty());
            }
        }
    }
    SUBCASE("no hosts: no runs") {
        CHECK(run_on_hosts({}, read).empty());
    }
}
