#include <doctest/doctest.h>

#include "xml/xml_values.hpp"

using namespace vpt;

TEST_CASE("check_object_name") {
    SUBCASE("libvirt allows most characters, markup ones included") {
        for (const char* name : {"sriov-pool", "pool 1", "a<b>&'\"c", "ünïcode", "x"})
            CHECK(check_object_name("network name", name).ok());
    }
    SUBCASE("empty, '/' and control characters are refused") {
        CHECK(check_object_name("network name", "").error() == "network name must not be empty");
        CHECK(check_object_name("pool name", "a/b").error().find("'/'") != std::string::npos);
        auto newline = check_object_name("pool name", "a\nb");
        REQUIRE_FALSE(newline.ok());
        CHECK(newline.error().find('\n') == std::string::npos);
        CHECK_FALSE(check_object_name("pool name", std::string("a\0b", 3)).ok());
        CHECK_FALSE(check_object_name("pool name", "tab\there").ok());
    }
}

TEST_CASE("check_interface_name") {
    for (const char* name : {"enp3s0f0", "eth0", "bond0.100", "a_b-c", "x23456789012345"})
        CHECK(check_interface_name(name).ok());
    for (const char* name : {"", ".", "..", "x234567890123456", "en p3", "a/b", "a:b", "a'b", "<x>"}) {
        CAPTURE(name);
        CHECK_FALSE(check_interface_name(name).ok());
    }
}

TEST_CASE("check_rom_file") {
    CHECK(check_rom_file("/usr/share/vgabios/gpu.rom").ok());
    CHECK(check_rom_file("/roms/<a> & 'b' \"c\".rom").ok());  // escaped by the DOM, not refused
    CHECK(check_rom_file("gpu.rom").error().find("absolute") != std::string::npos);
    CHECK(check_rom_file("./gpu.rom").error().find("absolute") != std::string::npos);
    CHECK_FALSE(check_rom_file("").ok());
    CHECK_FALSE(check_rom_file("/").ok());
    CHECK_FALSE(check_rom_file("/roms/").ok());
    CHECK_FALSE(check_rom_file("/roms/a\nb.rom").ok());
}

TEST_CASE("check_boot_order and check_vlan_id") {
    CHECK_FALSE(check_boot_order(0).ok());
    CHECK(check_boot_order(1).ok());
    CHECK(check_boot_order(99).ok());
    CHECK_FALSE(check_vlan_id(0).ok());
    CHECK(check_vlan_id(1).ok());
    CHECK(check_vlan_id(4094).ok());
    CHECK(check_vlan_id(4095).error() == "VLAN id 4095 is out of range (1-4094)");
    CHECK_FALSE(check_vlan_id(70000).ok());
}

TEST_CASE("printable keeps messages on one line") {
    CHECK(printable("plain") == "plain");
    CHECK(printable("a\nb\x7f") == "a\\nb\\x7f");
    CHECK(printable(std::string(100, 'x')) == std::string(60, 'x') + "…(40 more bytes)");
}
