#include <doctest/doctest.h>

#include "core/mmio_fit.hpp"

using namespace vpt;

TEST_CASE("size_text") {
    CHECK(size_text(uint64_t(64) << 30) == "64 GiB");
    CHECK(size_text(uint64_t(1536) << 20) == "1536 MiB");
    CHECK(size_text(1000) == "1000 bytes");
}

TEST_CASE("parse_mmio64_size") {
    CHECK(parse_mmio64_size("64G") == uint64_t(64) << 20);
    CHECK(parse_mmio64_size("65536M") == uint64_t(64) << 20);
    CHECK(parse_mmio64_size("1T") == uint64_t(1) << 30);
    CHECK(parse_mmio64_size("512K") == 512);
    for (const char* text : {"", "G", "64", "64X", "-1G", "0G", "64 G", "2048T", "1.5G"})
        CHECK_MESSAGE(!parse_mmio64_size(text), text);
}

TEST_CASE("mmio64_warning") {
    const uint64_t gib = uint64_t(1) << 30;
    SUBCASE("within the default 32 GiB window: nothing") {
        CHECK(!mmio64_warning("0000:18:00.0", 32 * gib, "g", std::nullopt));
    }
    SUBCASE("over the default window: widen it to twice the BARs") {
        auto warning = mmio64_warning("0000:18:00.0", 64 * gib + 32 * (1 << 20), "g", std::nullopt);
        REQUIRE(warning);
        CHECK(warning->code == "mmio64-window");
        CHECK(warning->text.find("more than the 32 GiB 64-bit PCI window g's firmware maps by default") !=
              std::string::npos);
        CHECK(warning->text.find("vpt prepare g --mmio64 256G --config") != std::string::npos);
    }
    SUBCASE("a window the guest sets is used instead") {
        CHECK(!mmio64_warning("0000:18:00.0", 64 * gib, "g", uint64_t(128) << 20));
        auto warning = mmio64_warning("0000:18:00.0", 64 * gib, "g", uint64_t(16) << 20);
        REQUIRE(warning);
        CHECK(warning->text.find("the 16 GiB 64-bit PCI window g sets") != std::string::npos);
        CHECK(warning->text.find("--mmio64 128G") != std::string::npos);
    }
}
