#include <doctest/doctest.h>

#include <string>

#include "core/pci_serial_number.hpp"

using namespace vpt;

namespace {

// A 4096-byte config space with extended capabilities written at `offset`.
struct ConfigSpace {
    std::string bytes = std::string(4096, '\0');
    void dword(size_t offset, uint32_t value) {
        for (int i = 0; i < 4; ++i) bytes[offset + i] = char((value >> (8 * i)) & 0xff);
    }
    // An extended capability header: id, version 1, next offset.
    void header(size_t offset, uint32_t id, uint32_t next) { dword(offset, id | 1u << 16 | uint32_t(next) << 20); }
};

}  // namespace

TEST_CASE("find_device_serial_number") {
    SUBCASE("the DSN after another capability, most significant byte first") {
        ConfigSpace config;
        config.header(0x100, 0x0001, 0x140);  // AER, then the DSN
        config.header(0x140, 0x0003, 0);
        config.dword(0x144, 0x44332211);
        config.dword(0x148, 0x88776655);
        CHECK(find_device_serial_number(config.bytes) == "88-77-66-55-44-33-22-11");
    }
    SUBCASE("no DSN in the list") {
        ConfigSpace config;
        config.header(0x100, 0x0001, 0);
        CHECK_FALSE(find_device_serial_number(config.bytes));
    }
    SUBCASE("only the first 256 bytes (not root, or conventional PCI)") {
        CHECK_FALSE(find_device_serial_number(std::string(256, '\x01')));
        CHECK_FALSE(find_device_serial_number(""));
    }
    SUBCASE("a list that points back on itself ends") {
        ConfigSpace config;
        config.header(0x100, 0x0001, 0x140);
        config.header(0x140, 0x0002, 0x100);
        CHECK_FALSE(find_device_serial_number(config.bytes));
    }
    SUBCASE("a next offset that is not dword-aligned or below 0x100") {
        ConfigSpace config;
        config.header(0x100, 0x0001, 0x0f0);
        CHECK_FALSE(find_device_serial_number(config.bytes));
        config.header(0x100, 0x0001, 0x142);
        CHECK_FALSE(find_device_serial_number(config.bytes));
    }
    SUBCASE("all zeroes or all ones is no serial") {
        ConfigSpace config;
        config.header(0x100, 0x0003, 0);
        CHECK_FALSE(find_device_serial_number(config.bytes));
        config.dword(0x104, 0xffffffff);
        config.dword(0x108, 0xffffffff);
        CHECK_FALSE(find_device_serial_number(config.bytes));
    }
    SUBCASE("a DSN cut off by the end of the file") {
        ConfigSpace config;
        config.header(0x100, 0x0003, 0);
        config.dword(0x104, 1);
        CHECK_FALSE(find_device_serial_number(config.bytes.substr(0, 0x108)));
    }
}

TEST_CASE("is_device_serial_number") {
    CHECK(is_device_serial_number("00-11-22-33-44-55-66-77"));
    CHECK_FALSE(is_device_serial_number("00-11-22-33-44-55-66-7"));
    CHECK_FALSE(is_device_serial_number("00-11-22-33-44-55-66-7G"));
    CHECK_FALSE(is_device_serial_number("00:11:22:33:44:55:66:77"));
    CHECK_FALSE(is_device_serial_number("AA-11-22-33-44-55-66-77"));
}
