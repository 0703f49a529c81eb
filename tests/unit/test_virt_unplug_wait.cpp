// The hot-unplug wait's bookkeeping: which devices are still to go, when
// the wait is over, the progress line and when it is printed.
#include <doctest/doctest.h>

#include "virt/guest.hpp"
#include "virt/unplug_wait.hpp"

using namespace vpt;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

PciAddress pci(const char* text) { return *PciAddress::parse(text); }

}  // namespace

TEST_CASE("events release devices by alias; unknown aliases change nothing") {
    auto t0 = Clock::time_point{};
    UnplugWait wait(t0, 30s);
    wait.add(pci("18:00.0"), "hostdev0");
    wait.add(pci("18:00.1"), "hostdev1");
    CHECK(wait.pending() == 2);
    CHECK_FALSE(wait.over(t0));
    wait.removed("net3");
    wait.removed("");
    CHECK(wait.pending() == 2);
    wait.removed("hostdev1");
    CHECK(wait.pending() == 1);
    CHECK(*wait.state(pci("18:00.1")) == UnplugState::released);
    CHECK(*wait.state(pci("18:00.0")) == UnplugState::pending);
    wait.removed("hostdev0");
    CHECK(wait.pending() == 0);
    CHECK(wait.over(t0 + 1s));  // all answered: over long before the deadline
}

TEST_CASE("a refusal ends the wait for that device, and a later event does not undo it") {
    auto t0 = Clock::time_point{};
    UnplugWait wait(t0, 30s);
    wait.add(pci("3d:00.0"), "ua-gpu");
    wait.removal_failed("ua-gpu");
    wait.removed("ua-gpu");
    CHECK(*wait.state(pci("3d:00.0")) == UnplugState::refused);
    CHECK(wait.over(t0));
}

TEST_CASE("a re-check of the live XML releases what it no longer holds, even without events") {
    auto t0 = Clock::time_point{};
    UnplugWait wait(t0, 10s);
    wait.add(pci("18:00.0"), "");
    wait.add(pci("18:00.1"), "hostdev1");
    wait.add(pci("18:00.2"), "hostdev2");
    wait.removal_failed("hostdev2");
    wait.recheck({pci("18:00.1")});
    CHECK(*wait.state(pci("18:00.0")) == UnplugState::released);
    CHECK(*wait.state(pci("18:00.1")) == UnplugState::pending);
    CHECK(*wait.state(pci("18:00.2")) == UnplugState::refused);  // a refused device stays refused
    CHECK(wait.pending() == 1);
    CHECK_FALSE(wait.state(pci("19:00.0")));
}

TEST_CASE("the wait is over at the deadline with devices still pending") {
    auto t0 = Clock::time_point{};
    UnplugWait wait(t0, 3s);
    wait.add(pci("18:00.0"), "hostdev0");
    CHECK(wait.seconds_left(t0) == 3);
    CHECK(wait.seconds_left(t0 + 2100ms) == 1);  // rounded up while waiting
    CHECK_FALSE(wait.over(t0 + 2999ms));
    CHECK(wait.over(t0 + 3s));
    CHECK(wait.seconds_left(t0 + 5s) == 0);
    CHECK(wait.pending() == 1);
}

TEST_CASE("the progress line says how many devices are to go and the seconds left") {
    CHECK(unplug_progress_line("web", 2, 3, 27) == "waiting for guest 'web' to release 2 of 3 devices, 27 s left");
    CHECK(unplug_progress_line("web", 1, 1, 5) == "waiting for guest 'web' to release 1 of 1 device, 5 s left");
}

TEST_CASE("on a terminal the progress line is rewritten at most once a second") {
    auto t0 = Clock::time_point{};
    ProgressPacer pacer(true);
    CHECK(pacer.due(t0, 3));
    CHECK_FALSE(pacer.due(t0 + 500ms, 3));
    CHECK_FALSE(pacer.due(t0 + 600ms, 2));  // a change still waits for the second
    CHECK(pacer.due(t0 + 1s, 2));
    CHECK_FALSE(pacer.due(t0 + 1500ms, 2));
    CHECK(pacer.due(t0 + 2s, 2));
}

TEST_CASE("off a terminal the progress line comes every 5 s or when the count changes") {
    auto t0 = Clock::time_point{};
    ProgressPacer pacer(false);
    CHECK(pacer.due(t0, 3));
    CHECK_FALSE(pacer.due(t0 + 1s, 3));
    CHECK_FALSE(pacer.due(t0 + 4s, 3));
    CHECK(pacer.due(t0 + 4500ms, 2));  // the count changed
    CHECK_FALSE(pacer.due(t0 + 9s, 2));
    CHECK(pacer.due(t0 + 9500ms, 2));
}

TEST_CASE("a live device element's alias is what its removal events name") {
    CHECK(device_alias("<hostdev mode='subsystem' type='pci'><source/><alias name='hostdev0'/></hostdev>") == "hostdev0");
    CHECK(device_alias("<interface type='hostdev'><alias name='ua-vf'/></interface>") == "ua-vf");
    CHECK(device_alias("<hostdev mode='subsystem' type='pci'><source/></hostdev>").empty());
    CHECK(device_alias("not xml").empty());
}
