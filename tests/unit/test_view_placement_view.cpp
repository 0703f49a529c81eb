#include <doctest/doctest.h>

#include "view/placement_view.hpp"

using namespace vpt;

namespace {

PcieLink link(const char* speed, int width) { return PcieLink{speed, width}; }

PciDevice with_links(std::optional<PcieLink> now, std::optional<PcieLink> max) {
    PciDevice device;
    device.link_now = std::move(now);
    device.link_max = std::move(max);
    return device;
}

}  // namespace

TEST_CASE("byte_size_text: binary units, exact sizes whole, others to two decimals") {
    CHECK(byte_size_text(0) == "0 B");
    CHECK(byte_size_text(128) == "128 B");
    CHECK(byte_size_text(16 * 1024) == "16 KiB");
    CHECK(byte_size_text(1024 * 1024 + 512 * 1024) == "1.5 MiB");
    CHECK(byte_size_text(16ull << 30) == "16 GiB");
    CHECK(byte_size_text((16ull << 30) + (32ull << 20)) == "16.03 GiB");
    CHECK(byte_size_text(1023) == "1023 B");
}

TEST_CASE("link_shortfall: width before speed; unknown when a half is missing") {
    CHECK(link_shortfall(link("16", 16), link("16", 16)) == LinkShortfall::none);
    CHECK(link_shortfall(link("8", 16), link("16", 16)) == LinkShortfall::speed);
    CHECK(link_shortfall(link("8", 8), link("16", 16)) == LinkShortfall::width);
    CHECK(link_shortfall(link("2.5", 1), link("5", 1)) == LinkShortfall::speed);
    CHECK_FALSE(link_shortfall(PcieLink{std::nullopt, 16}, link("16", 16)));
    CHECK_FALSE(link_shortfall(link("x", 16), link("16", 16)));
}

TEST_CASE("link_text: now, what it can do, and a warning below its maximum") {
    CHECK(link_text(with_links(link("16", 16), link("16", 16))) == "16 GT/s x16 (can do 16 GT/s x16)");
    auto slow = link_text(with_links(link("8", 16), link("16", 16)));
    REQUIRE(slow);
    CHECK(slow->starts_with("8 GT/s x16 (can do 16 GT/s x16)  ! below its maximum speed"));
    auto narrow = link_text(with_links(link("8", 4), link("8", 16)));
    REQUIRE(narrow);
    CHECK(narrow->find("fewer lanes") != std::string::npos);
    CHECK(link_text(with_links(link("5", 1), std::nullopt)) == "5 GT/s x1");
    auto port = with_links(link("5", 1), link("8", 4));
    port.class_code = 0x060400;  // a switch port trains to the card below it: no warning
    CHECK(link_text(port) == "5 GT/s x1 (can do 8 GT/s x4)");
    CHECK_FALSE(link_text(with_links(std::nullopt, std::nullopt)));
}

TEST_CASE("bars_text: the kinds that are there, and the option ROM") {
    BarTotals gpu{.io = 128, .mem32 = 16 << 20, .mem64 = 0, .mem64_prefetch = 16ull << 30, .rom = 512 << 10};
    CHECK(bars_text(gpu) == "32-bit 16 MiB, 64-bit prefetchable 16 GiB, I/O 128 B; option ROM 512 KiB");
    CHECK(bars_text(BarTotals{.mem64 = 16 << 10}) == "64-bit 16 KiB; no option ROM");
    CHECK(bars_text(BarTotals{}) == "none; no option ROM");
}

TEST_CASE("reset_text: the kernel's methods, none, or not listed") {
    CHECK(reset_text(ResetMethods{.methods = {"flr", "bus"}}) == "flr, bus");
    CHECK(reset_text(ResetMethods{}).starts_with("none"));
    CHECK(reset_text(ResetMethods{.methods = {}, .listed = false}).starts_with("yes"));
}
