#include <doctest/doctest.h>

#include "core/memlock_fit.hpp"

using namespace vpt;

TEST_CASE("memlock_needed_kib") {
    const uint64_t gib = uint64_t(1) << 20;  // in KiB
    CHECK(memlock_needed_kib(4 * gib, 0, true) == 0);
    CHECK(memlock_needed_kib(4 * gib, 2, false) == 5 * gib);  // one container: memory + 1 GiB
    CHECK(memlock_needed_kib(4 * gib, 2, true) == 9 * gib);   // one per device with a vIOMMU
    CHECK(memlock_needed_kib(4 * gib, 1, true) == 5 * gib);
}

TEST_CASE("memlock_warning") {
    const uint64_t gib = uint64_t(1) << 20;
    SUBCASE("no hard_limit: libvirt computes the limit itself") {
        CHECK(!memlock_warning("g", 4 * gib, std::nullopt, 2, true));
    }
    SUBCASE("a hard_limit too small for a vIOMMU guest says what to set") {
        auto warning = memlock_warning("g", 4 * gib, 6 * gib, 2, true);
        REQUIRE(warning);
        CHECK(warning->code == "memlock-limit");
        CHECK(warning->device.empty());
        CHECK(warning->text.find("below the 9 GiB it needs") != std::string::npos);
        CHECK(warning->text.find("virsh memtune g --hard-limit 9437184 --config") != std::string::npos);
    }
    SUBCASE("a hard_limit large enough, or no VFIO device: nothing") {
        CHECK(!memlock_warning("g", 4 * gib, 9 * gib, 2, true));
        CHECK(!memlock_warning("g", 4 * gib, 6 * gib, 2, false));
        CHECK(!memlock_warning("g", 4 * gib, 1 * gib, 0, true));
    }
}
