#include <doctest/doctest.h>

#include <set>

#include "core/mac_address.hpp"

using namespace vpt;

TEST_CASE("MacAddress::parse") {
    SUBCASE("six hex pairs, either case, printed lower-case") {
        auto mac = MacAddress::parse("52:54:00:6D:90:aB");
        REQUIRE(mac.ok());
        CHECK(mac->str() == "52:54:00:6d:90:ab");
        CHECK(mac->octets()[3] == 0x6d);
        CHECK(MacAddress::parse("02:00:00:00:00:01").ok());  // locally administered
    }
    SUBCASE("anything but exactly six pairs with ':' is malformed") {
        for (const char* text : {"", "52:54:00:6d:90", "52:54:00:6d:90:02:", "52-54-00-6d-90-02",
                                 "5254.006d.9002", "52:54:00:6d:90:2", "52:54:00:6d:9:002",
                                 "52:54:00:6d:90:0g", " 52:54:00:6d:90:02", "52:54:00:6d:90:02 ",
                                 "52:54:00:6d:90:02\n", "52::54:00:6d:90:02", "+2:54:00:6d:90:02"}) {
            CAPTURE(text);
            auto mac = MacAddress::parse(text);
            REQUIRE_FALSE(mac.ok());
            CHECK(mac.error().find("malformed MAC address") != std::string::npos);
            CHECK(mac.error().find('\n') == std::string::npos);
        }
    }
    SUBCASE("multicast, broadcast and all-zero are refused") {
        CHECK(MacAddress::parse("01:00:5e:00:00:01").error().find("multicast") != std::string::npos);
        CHECK(MacAddress::parse("33:33:00:00:00:01").error().find("multicast") != std::string::npos);
        CHECK(MacAddress::parse("ff:ff:ff:ff:ff:ff").error().find("multicast") != std::string::npos);
        CHECK(MacAddress::parse("00:00:00:00:00:00").error().find("00:00:00:00:00:00") != std::string::npos);
    }
    SUBCASE("hostile text is refused and shown on one line") {
        auto mac = MacAddress::parse("52:54:00:'><x/>\n&\"");
        REQUIRE_FALSE(mac.ok());
        CHECK(mac.error().find('\n') == std::string::npos);
        CHECK(mac.error().find("\\n&") != std::string::npos);
    }
}

TEST_CASE("MacAddress default and comparison") {
    CHECK_FALSE(MacAddress().is_set());
    CHECK(MacAddress().str() == "00:00:00:00:00:00");
    CHECK(*MacAddress::parse("52:54:00:00:00:01") < *MacAddress::parse("52:54:00:00:00:02"));
    CHECK(*MacAddress::parse("52:54:00:AA:00:01") == *MacAddress::parse("52:54:00:aa:00:01"));
}

TEST_CASE("MacAddress::in_libvirt_range and generate") {
    CHECK(MacAddress::in_libvirt_range(0x123456).str() == "52:54:00:12:34:56");
    CHECK(MacAddress::in_libvirt_range(0xff000001).str() == "52:54:00:00:00:01");

    std::set<MacAddress> seen;
    for (int i = 0; i < 64; ++i) {
        auto mac = MacAddress::generate();
        CHECK(mac.str().rfind("52:54:00:", 0) == 0);
        // What generate() makes, parse() accepts: unicast, not zero.
        auto reparsed = MacAddress::parse(mac.str());
        REQUIRE(reparsed.ok());
        CHECK(*reparsed == mac);
        seen.insert(mac);
    }
    CHECK(seen.size() > 60);  // 24 random bits: collisions in 64 draws are very rare
}
